"""Reading fixes of issue 22 in Chromium at 360 and 1366 px: words in
tables are never cut, citation links are targets at least 24 px tall, and
the timeline's caption speaks in plain years."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

WIDTHS = [360, 1366]

#: The words of every table cell that a line break cuts inside, as
#: [word, cell text] (a word is a run of letters; one whose pieces sit on
#: two different lines was cut).
CUT_WORDS = """() => {
    const cut = [];
    for (const cell of document.querySelectorAll('article table td, article table th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /\\p{L}{3,}/gu;
            for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) cut.push([m[0], cell.textContent.trim().slice(0, 80)]);
            }
        }
    }
    return cut;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["glossary.html", "sources/index.html", "events/index.html", "actors/saddam-hussein.html"])
def test_tables_never_cut_a_word(open_page, site_server, path, width):
    if not (site_server.site_dir / path).is_file():
        pytest.fail(f"{path} was not built")
    page = open_page(width=width)
    page.goto(path)
    assert page.locator("article table").count(), f"{path} has no table"
    cut = page.evaluate(CUT_WORDS)
    assert not cut, f"{path} at {width} px cuts words: {cut[:5]}"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


@pytest.mark.parametrize("width", WIDTHS)
def test_citation_links_are_targets_at_least_24px_tall(open_page, site_server, width):
    import json

    events = json.loads((site_server.site_dir / "data" / "events.json").read_text("utf-8"))
    paths = ["sources/wikipedia-iraq-russia-relations.html", events[len(events) // 2]["url_path"], "index.html"]
    page = open_page(width=width)
    measured = 0
    for path in paths:
        page.goto(path)
        sizes = page.evaluate("""() => [...document.querySelectorAll('article a.ref')]
            .map(a => { const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height,
                        parseFloat(getComputedStyle(a).fontSize)]; })
            .filter(s => s[1] > 0)""")
        small = [s for s in sizes if s[2] < 24 or s[3] < 12]
        assert not small, f"{path} at {width} px: citation links under 24 px tall or 12 px text: {small[:5]}"
        measured += len(sizes)
    assert measured, "no citation link on the pages measured"


def test_timeline_caption_has_no_editors_brackets(page, site_server):
    """The axis caption never shows an event's bracketed label ("1980 to [1980s]")."""
    page.goto("timeline.html")
    caption = page.locator("#tl-caption")
    caption.wait_for()
    page.wait_for_function("() => /Time axis, .*: /.test(document.getElementById('tl-caption').textContent)")
    text = caption.inner_text()
    assert "[" not in text and "]" not in text, text
    for period in __import__("json").loads((site_server.site_dir / "data" / "periods.json").read_text("utf-8")):
        page.goto(f"timeline.html?period={period['id']}")
        page.wait_for_function("() => /\\(/.test(document.getElementById('tl-caption').textContent)")
        text = caption.inner_text()
        assert "[" not in text and "]" not in text, (period["id"], text)
