"""Reading and wayfinding in a real browser (issue 12): the section tab,
breadcrumb and previous/next on every kind of generated page, the way back
from a source paragraph to the events that cite it, and no sideways
scrolling on a 320 px phone. Every expectation comes from the site's own
data exports, so the tests hold for any corpus.

Run with ``pytest tests/test_browser_reading.py -n 2``.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import format_violations, run_axe  # noqa: E402

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser


@cache
def _data(site: Path, name: str) -> list[dict]:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def _first(site: Path, name: str, predicate=lambda item: True) -> dict:
    for item in _data(site, name):
        if predicate(item):
            return item
    pytest.fail(f"data/{name}.json has no item this test needs", pytrace=False)


#: Each kind of generated page: (export, tab expected active, breadcrumb's first entry).
KINDS = {
    "source": ("sources", "Sources", "Sources"),
    "actor": ("actors", "Actors", "Actors"),
    "event": ("events", "Events", "Events"),
    "period": ("periods", "Periods", "Periods"),
}


def _entity_path(site: Path, kind: str, index: int = 0) -> str:
    items = _data(site, KINDS[kind][0])
    assert items, f"data/{KINDS[kind][0]}.json is empty"
    return items[min(index, len(items) - 1)]["url_path"]


def _theme_path(site: Path) -> str:
    tags = sorted({t for e in _data(site, "events") for t in e["tags"]})
    assert tags, "no event has a theme"
    return f"themes/{tags[0]}.html"


@pytest.mark.parametrize("kind", list(KINDS))
def test_generated_page_shows_where_it_sits(page, site_server, kind):
    _export, tab, crumb = KINDS[kind]
    page.goto(_entity_path(site_server.site_dir, kind, 1))
    active = page.locator(".md-tabs__item--active")
    assert active.count() == 1, f"{kind} page: {active.count()} active tabs"
    assert active.inner_text().strip() == tab
    breadcrumb = page.locator("nav.portal-breadcrumb a")
    assert breadcrumb.count() >= 1, f"{kind} page has no breadcrumb"
    assert breadcrumb.first.inner_text().strip() == crumb
    breadcrumb.first.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == crumb


def test_theme_page_marks_the_themes_tab(page, site_server):
    page.goto(_theme_path(site_server.site_dir))
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "Themes"
    assert page.locator("nav.portal-breadcrumb a").first.inner_text().strip() == "Themes"


def test_event_breadcrumb_agrees_with_its_tab_and_the_period_is_a_fact(page, site_server):
    """Under the Events tab the breadcrumb says Events (issue 22: it said
    "Periods ›"); the event's period is linked in its facts."""
    site = site_server.site_dir
    event = _first(site, "events", lambda e: e.get("period"))
    period = next(p for p in _data(site, "periods") if p["id"] == event["period"])
    page.goto(event["url_path"])
    crumbs = [c.strip() for c in page.locator("nav.portal-breadcrumb a").all_inner_texts()]
    assert crumbs == [page.locator(".md-tabs__item--active").inner_text().strip()] == ["Events"], crumbs
    facts = page.locator("dl.event-facts a").all_inner_texts()
    assert period["title"] in [f.strip() for f in facts], facts


def _neighbours(page) -> dict:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('nav.portal-pager a')]
        .map(a => [a.getAttribute('rel'), a.getAttribute('href')]))""")


def _chronological(event: dict) -> tuple:
    """Where an event's date most likely falls (scripts/dates.py,
    chronological_key): a point known to a year or decade at the middle of
    its span, an interval (EDTF "a/b") at its start."""
    start = dt.date.fromisoformat(event["start"]).toordinal()
    end = dt.date.fromisoformat(event["end"]).toordinal()
    return (2 * start if "/" in event["date"] else start + end, start, end, event["date"], event["id"])


def test_events_previous_and_next_are_chronological(page, site_server):
    site = site_server.site_dir
    events = _data(site, "events")
    if len(events) < 3:
        pytest.fail("the corpus needs three events for this test", pytrace=False)
    ordered = sorted(events, key=_chronological)
    middle = ordered[1]
    page.goto(middle["url_path"])
    links = _neighbours(page)
    assert links.get("prev", "").endswith(ordered[0]["url_path"].split("/")[-1]), links
    assert links.get("next", "").endswith(ordered[2]["url_path"].split("/")[-1]), links
    # The first event has no previous one.
    page.goto(ordered[0]["url_path"])
    assert "prev" not in _neighbours(page)
    page.locator("nav.portal-pager a[rel=next]").click()
    page.wait_for_load_state()
    assert page.url.endswith(ordered[1]["url_path"]), page.url


def test_actors_previous_and_next_are_alphabetical_within_their_kind(page, site_server):
    """A person's next is the next person (the actors index groups by kind)."""
    everyone = _data(site_server.site_dir, "actors")
    kinds = sorted({a["kind"] for a in everyone}, key=lambda k: -sum(a["kind"] == k for a in everyone))
    actors = sorted((a for a in everyone if a["kind"] == kinds[0]), key=lambda a: (a["name"].casefold(), a["id"]))
    if len(actors) < 3:
        pytest.fail("the corpus needs three actors of one kind for this test", pytrace=False)
    page.goto(actors[0]["url_path"])
    assert "prev" not in _neighbours(page), "the first of its kind has a previous actor (of another kind?)"
    page.goto(actors[1]["url_path"])
    links = _neighbours(page)
    assert links.get("prev", "").endswith(actors[0]["url_path"].split("/")[-1]), links
    assert links.get("next", "").endswith(actors[2]["url_path"].split("/")[-1]), links


def test_periods_previous_and_next_follow_the_periods(page, site_server):
    periods = _data(site_server.site_dir, "periods")
    if len(periods) < 2:
        pytest.fail("the corpus needs two periods for this test", pytrace=False)
    page.goto(periods[0]["url_path"])
    links = _neighbours(page)
    assert "prev" not in links
    assert links.get("next", "").endswith(periods[1]["url_path"].split("/")[-1]), links


def test_mobile_drawer_marks_the_section(open_page, site_server):
    page = open_page(width=390, height=800)
    page.goto(_entity_path(site_server.site_dir, "actor"))
    page.locator("label.md-header__button[for=__drawer]").click()
    active = page.locator(".md-nav--primary .md-nav__item--active > .md-nav__link:visible")
    active.first.wait_for()
    assert [t.strip() for t in active.all_inner_texts()] == ["Actors"]
    # Marked not by colour alone: the section stands out in weight too.
    other = page.locator(".md-nav--primary .md-nav__item:not(.md-nav__item--active) > .md-nav__link:visible").first
    weight = "e => getComputedStyle(e).fontWeight"
    assert int(active.first.evaluate(weight)) > int(other.evaluate(weight))


def test_source_paragraph_leads_back_to_the_events_citing_it(page, site_server):
    site = site_server.site_dir
    event = _first(site, "events", lambda e: e["citations"])
    citation = event["citations"][0]
    anchor = citation["passage"].rsplit("/", 1)[1]
    page.goto(f"sources/{citation['source']}.html#{anchor}")
    back = page.locator(f"#{anchor} .passage-cited a[href$='{event['url_path'].split('/')[-1]}']")
    assert back.count() == 1, f"¶{anchor} of {citation['source']} does not link to {event['id']}"
    back.click()
    page.wait_for_load_state()
    assert page.url.endswith(event["url_path"]), page.url
    # … and the event page quotes the paragraph again: a round trip.
    assert page.locator(f"a[href*='{citation['source']}.html#{anchor}']").count() >= 1


def test_contested_claims_are_named_under_their_paragraphs(page, site_server):
    site = site_server.site_dir
    event = _first(site, "events", lambda e: e.get("disputed") and e["citations"])
    citation = event["citations"][0]
    anchor = citation["passage"].rsplit("/", 1)[1]
    page.goto(f"sources/{citation['source']}.html")
    link = page.locator(f"#{anchor} a.passage-cited__contested[href$='contested.html#{event['id']}']")
    assert link.count() == 1
    link.click()
    page.wait_for_load_state()
    assert page.locator(f"[id='{event['id']}']").count() == 1


def test_actor_page_lists_what_links_to_it(page, site_server):
    site = site_server.site_dir
    actor_ids = {a for e in _data(site, "events") for a in e["actors"]}
    actor = _first(site, "actors", lambda a: a["id"] in actor_ids)
    page.goto(actor["url_path"])
    section = page.locator("dl.backlinks")
    assert section.count() == 1, f"{actor['id']} has events but no 'What links here'"
    # Every linked page exists and names the actor back.
    hrefs = section.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs
    for href in hrefs[:5]:
        page.goto(href)
        assert page.locator(f"article a[href$='{actor['url_path'].split('/')[-1]}']").count() >= 1, \
            f"{href} is listed as linking to {actor['id']} but does not"


def _every_kind_of_page(site: Path) -> list[str]:
    return ["index.html", "timeline.html", "periods/index.html", _entity_path(site, "period"),
            "events/index.html", _entity_path(site, "event"), "actors/index.html", _entity_path(site, "actor"),
            "sources/index.html"] + [s["url_path"] for s in _data(site, "sources")] + [
            "contested.html", "themes/index.html", _theme_path(site), "glossary.html", "downloads.html",
            "about/index.html", "editors/report.html", "contributing.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_horizontal_scrolling_at_320px_on_any_kind_of_page(open_page, site_server, scheme):
    page = open_page(width=320, height=700, color_scheme=scheme)
    wide = {}
    for path in _every_kind_of_page(site_server.site_dir):
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 321:
            wide[path] = (width, page.evaluate("""() => [...document.querySelectorAll('article *')]
                .filter(e => e.getBoundingClientRect().right > 321).slice(0, 3)
                .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""))
    assert not wide, f"pages wider than 320 px: {wide}"


def test_index_tables_become_cards_on_a_phone(open_page, site_server):
    """At 320 px every cell of an index table is visible, under its column's name."""
    page = open_page(width=320, height=700)
    for path in ("events/index.html", "sources/index.html", "glossary.html", "downloads.html"):
        page.goto(path)
        cells = page.locator("table.portal-table td[data-label]")
        if cells.count() == 0:
            continue
        hidden = cells.evaluate_all("""els => els.filter(e => {
            const r = e.getBoundingClientRect();
            return r.width < 1 || r.right > 321 || r.left < 0; }).length""")
        assert hidden == 0, f"{path}: {hidden} cells are cut off at 320 px"
        display = cells.first.evaluate("e => getComputedStyle(e).display")
        assert display == "block", f"{path}: table cells are not stacked ({display})"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["events/index.html", "sources/index.html", "glossary.html", "downloads.html",
                                   "theme", "actors/index.html", "periods/index.html"])
def test_axe_on_index_pages(open_page, site_server, axe_path, which, scheme):
    page = open_page(color_scheme=scheme)
    page.goto(_theme_path(site_server.site_dir) if which == "theme" else which)
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{expected}'")
    violations = run_axe(page, axe_path)
    assert not violations, f"axe on {which} ({scheme}):\n" + format_violations(violations)


@pytest.mark.parametrize("width", [320, 1366])
def test_axe_on_a_source_page_with_its_details_open(open_page, site_server, axe_path, width):
    page = open_page(width=width)
    page.goto(_data(site_server.site_dir, "sources")[0]["url_path"])
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = run_axe(page, axe_path)
    assert not violations, f"axe on a source page at {width}px:\n" + format_violations(violations)


@pytest.mark.parametrize(("width", "scheme"), [(360, "dark"), (1366, "light")])
def test_a_paragraph_gives_its_citation_as_files_that_parse_back(open_page, site_server, width, scheme):
    """A reader takes one paragraph's citation away: the "Cite" disclosure
    under its ¶ number (a named 24 px target that the keyboard opens) links
    the paragraph's RIS, BibTeX and CSL-JSON; each download, parsed by a
    reference manager's parser, is that paragraph's one record."""
    import bibtexparser
    import rispy
    from citeproc.source.json import CiteProcJSON
    from playwright.sync_api import expect

    passages = _data(site_server.site_dir, "passages")
    passage = passages[len(passages) // 2]          # any paragraph: the middle one of the corpus
    anchor = passage["anchor"].rsplit("#", 1)[1]
    page = open_page(width=width, color_scheme=scheme)
    page.goto(passage["anchor"])
    paragraph = page.locator(f"[id='{anchor}']")
    summary = paragraph.locator("details.passage-cite > summary")
    assert summary.count() == 1, f"{passage['id']} has no Cite disclosure"
    expect(summary).to_have_accessible_name(f"Cite paragraph {passage['number']}")
    assert summary.is_visible()
    box = summary.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24, box
    links = paragraph.locator("details.passage-cite a")
    assert not links.first.is_visible()                 # closed: nothing added to the text
    summary.focus()
    page.keyboard.press("Enter")
    assert links.first.is_visible()
    assert links.all_inner_texts() == ["CSL-JSON", "RIS", "BibTeX"]
    texts = {}
    for i, label in enumerate(links.all_inner_texts()):
        with page.expect_download() as download:
            links.nth(i).click()
        texts[label] = Path(download.value.path()).read_text("utf-8")
    url_end = passage["anchor"]                         # sources/<source>.html#pN
    (record,) = json.loads(texts["CSL-JSON"])
    assert record["id"] == passage["id"] and record["URL"].endswith(url_end)
    assert list(CiteProcJSON([record])) == [passage["id"].lower()]
    (ris,) = rispy.loads(texts["RIS"])
    assert ris["id"] == passage["id"] and ris["urls"][0].endswith(url_end)
    bib = bibtexparser.parse_string(texts["BibTeX"])
    assert not bib.failed_blocks and len(bib.entries) == 1
    assert bib.entries[0].fields_dict["url"].value.endswith(url_end)
