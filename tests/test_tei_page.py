"""The page of a document source (scripts/templates/document.html, prepared
by scripts/renderer/document.py) from the fixture documents of
tests/fixtures/tei/: the edition's header, ¶ permalinks, the edition's
footnotes as footnotes (called where the edition calls them, separate from
the portal's notes), the source note, the persons-list entries; every value
escaped. No test assumes an edition or a count."""

from __future__ import annotations

import re

from scripts.renderer.document import document_context
from scripts.renderer.templates import render
from scripts.tei import read_tei
from tests.helpers import FIXTURES

TEI = FIXTURES / "tei"


def page(data: bytes) -> str:
    doc = read_tei(data, "sources/documents/x.xml")
    return render("document.html", None, b"", **document_context(doc, citation="A citation"))


def test_header_body_footnotes_source_note_and_persons():
    doc = read_tei((TEI / "frus-style.xml").read_bytes(), "x")
    text = page((TEI / "frus-style.xml").read_bytes())
    assert text.startswith(f"# {doc.title}\n")
    for label, value in (("Date", doc.date_text), ("Place", doc.place), ("From", doc.sender),
                         ("To", doc.recipient), ("Classification", doc.classification)):
        assert f"<dt>{label}</dt> <dd>{value}</dd>" in text
    # One passage per paragraph, numbered in order, each with its permalink.
    anchors = re.findall(r'<div class="passage passage--paragraph" id="(p\d+)"><a class="passage-number" '
                         r'href="#\1"', text)
    assert anchors == [f"p{n}" for n in range(1, len(doc.paragraphs) + 1)]
    # Each footnote is called once, where the edition calls it, and listed once.
    for note in doc.footnotes:
        assert text.count(f'href="#edition-fn-{note.number}"') == 1
        assert text.count(f'<li id="edition-fn-{note.number}">') == 1
        assert note.text in text
    first = doc.paragraphs[0]
    offset, number = first.notes[0]
    assert f"{first.text[:offset]}<sup class=\"edition-fn-call\" id=\"edition-fnref-{number}\">" in text
    assert f'<p class="edition-source-note">{doc.source_note}</p>' in text
    for entry in doc.person_list:
        assert f"<dt>{entry.label}</dt> <dd>{entry.description}" in text


def test_absent_parts_leave_no_empty_sections():
    text = page((TEI / "edition-dated-span.xml").read_bytes())
    assert "## Source note" not in text and "<dt>Classification</dt>" not in text
    assert "## The edition's footnotes" in text        # its one marginal note


def test_hostile_values_are_escaped():
    data = (TEI / "frus-style.xml").read_bytes()
    data = data.replace(b"Telegram From", b"&lt;img src=x onerror=alert(1)&gt; Telegram From")
    data = data.replace(b"Not printed.", b"&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;")
    data = data.replace(b'n="2" xml:id="d12fn2"', b'n="2&quot;&gt;&lt;svg onload=alert(1)&gt;" xml:id="d12fn2"')
    data = data.replace(b"Exampletown", b"Example\ntown &lt;b&gt;")
    text = page(data)
    assert "<img" not in text and "<script" not in text and "<svg" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt;" in text
    assert "<dd>Example town &lt;b&gt;</dd>" in text
