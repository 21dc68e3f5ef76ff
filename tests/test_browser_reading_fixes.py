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


#: Each parenthesis of a list of citations that sits on another line than
#: the link beside it, as [parenthesis, link text]. The links are inline
#: blocks (24 px targets), and a line broke between "(" and the first one.
LONE_PARENTHESES = """() => {
    const lone = [];
    const rect = (node, start) => { const r = document.createRange(); r.setStart(node, start);
                                    r.setEnd(node, start + 1); return r.getBoundingClientRect(); };
    const sameLine = (a, b) => a.top < b.bottom && b.top < a.bottom;
    for (const refs of document.querySelectorAll('article .refs')) {
        const links = refs.querySelectorAll(':scope a.ref, :scope .refs__hold > a');
        if (!links.length || !refs.getClientRects().length) continue;
        const walker = document.createTreeWalker(refs, NodeFilter.SHOW_TEXT);
        const texts = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!n.parentElement.closest('a')) texts.push(n);
        const open = texts.find(n => n.data.startsWith('('));
        const close = [...texts].reverse().find(n => n.data.endsWith(')'));
        const first = links[0].getClientRects(), last = links[links.length - 1].getClientRects();
        if (open && !sameLine(rect(open, 0), first[0])) lone.push(['(', links[0].textContent]);
        if (close && !sameLine(rect(close, close.data.length - 1), last[last.length - 1]))
            lone.push([')', links[links.length - 1].textContent]);
    }
    return lone;
}"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_a_parenthesis_stays_on_the_line_of_its_citation_link(open_page, site_server, media):
    """On every period page and its dossier, at 360 px and in print, "("
    and ")" of a list of citations sit on the line of the link next to
    them (the dossier printed "… Syrian partner. (" with the links on the
    next line)."""
    import json

    periods = json.loads((site_server.site_dir / "data" / "periods.json").read_text("utf-8"))
    page = open_page(width=360)
    page.emulate_media(media=media)
    measured = 0
    for period in periods:
        for path in (period["url_path"], f"dossiers/{period['id']}.html"):
            page.goto(path)
            lone = page.evaluate(LONE_PARENTHESES)
            assert not lone, f"{path} ({media}): parentheses apart from their links: {lone[:5]}"
            measured += page.locator("article .refs").count()
    assert measured, "no list of citations on the period pages and dossiers"
