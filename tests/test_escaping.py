"""Properties of the one escaping layer (scripts/escaping.py): for ANY text
(hypothesis draws every Unicode character, C0/C1 controls, NEL, U+2028/2029,
surrogate-free), each function's output cannot change the structure of its
context and reads back as exactly the input."""

from __future__ import annotations

import csv
import html
import io
import json
import re

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

from scripts import escaping

HOSTILE = ["<img src=x onerror=alert(1)>", "&lt;script&gt;alert(1)&lt;/script&gt;", "a\nb", "<!--<script>",
           "</script><script>alert(1)</script>", "x\x85y\u2028z\u2029", "\x9b\x00\x1b", "---\ntitle: x\n---",
           '"quoted" \\ back', "\ufeffbom", "💥 astral"]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
@example("<img src=x onerror=alert(1)>", "x\x85\u2028y")
@example("\x9b", "---")
def test_front_matter_reads_back_exactly(title, description):
    block = escaping.front_matter({"title": title, "description": description, "tags": [title],
                                   "search": {"boost": 3}})
    body, data = meta.get_data(block + "# Body\n")
    assert data == {"title": title, "description": description, "tags": [title], "search": {"boost": 3}}
    assert body == "# Body\n"
    assert block.count("\n") == 7, "one line per key"


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | TEXT,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                    max_leaves=8))
@example({"name": "<!--<script>", "x": "</script><script>alert(1)</script>"})
def test_script_json_cannot_leave_the_script_and_reads_back(data):
    text = escaping.script_json(data)
    assert json.loads(text) == data
    assert not re.search(r"[<>&\u2028\u2029]", text)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_html_text_is_one_line_with_no_markup_and_reads_back(value):
    escaped = escaping.html_text(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert not re.search(r"[<>\"']", escaped)
    assert html.unescape(escaped) == value


@settings(max_examples=200, deadline=None)
@given(TEXT.filter(lambda t: t.strip() and "\n" not in t and "\r" not in t))
@example("<img src=x onerror=alert(1)>")
@example("*[UN]: <b>x</b>")
def test_md_text_makes_no_markup(value):
    rendered = markdown.markdown(escaping.md_text(value), extensions=["abbr", "attr_list", "md_in_html"])
    inner = re.fullmatch(r"<p>(.*)</p>", rendered, re.DOTALL)
    if inner is None:                   # white space only, or a lone character Markdown eats
        return
    assert "<" not in inner.group(1)


@given(TEXT, TEXT)
@example("UN", "United <img src=x onerror=alert(1)>\nNations")
@example("U]N", "x")
def test_abbr_definition_is_one_definition(term, expansion):
    line = escaping.abbr_definition(term, expansion)
    assert "\n" not in line and "\r" not in line
    assert line.startswith("*[") and "]" not in line[2:line.index("]:")]


@given(TEXT)
@example("=HYPERLINK(\"http://x\")")
@example("-0500")
@example("@SUM(A1)")
def test_csv_cell_never_starts_a_formula(value):
    cell = escaping.csv_cell(value)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([cell])
    (read,) = csv.reader(io.StringIO(buffer.getvalue()))
    assert read == [cell]
    plain_number = re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or plain_number
    assert cell in (value, "'" + value)


def test_hostile_samples_through_every_context():
    for value in HOSTILE:
        assert "<" not in escaping.html_text(value)
        assert "<" not in escaping.script_json({"v": value})
        assert meta.get_data(escaping.front_matter({"title": value}) + "x")[1]["title"] == value
