"""Real-browser tests: the built site in Debian's Chromium, driven by Playwright.

Run with ``pytest tests/test_browser.py -n 2``. Every test uses a guarded page
(tests/browser_support.py): a request to any host but 127.0.0.1, a console
error, an uncaught exception or an HTTP error fails the test.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import (  # noqa: E402
    format_violations,
    in_viewport,
    open_search,
    run_axe,
    search_results,
)

# The fixtures: browser_site, site_server, browser, open_page, page, axe_path.
pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

WIKIPEDIA = "wikipedia-iraq-russia-relations"


# ------------------------------------------------------------------ site facts

@cache
def _data(site: Path, name: str) -> list[dict]:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def actor_path(site: Path, name: str) -> str:
    """The page of the actor called ``name`` (looked up in data/actors.json)."""
    for actor in _data(site, "actors"):
        if actor["name"] == name:
            return actor["url_path"]
    raise AssertionError(f"no actor named {name!r} in data/actors.json (did the curated data change?)")


def source_path(site: Path, source_id: str) -> str:
    path = f"sources/{source_id}.html"
    assert (site / path).is_file(), f"{path} was not built"
    return path


def page_text(site: Path, url_path: str) -> str:
    """The visible text of a built page (tags removed, entities decoded)."""
    file = site / url_path.split("#")[0].lstrip("/")
    markup = file.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def site_relative(url: str, base: str) -> str:
    assert url.startswith(base), f"{url} is not under {base}"
    return url[len(base):]


def fragment(page) -> str:
    """location.hash without the text directive (Chromium strips ``:~:`` itself)."""
    return page.evaluate("() => decodeURIComponent(location.hash)").split(":~:")[0]


# ---------------------------------------------------------------------- search

def _search(page, site_server, query):
    page.goto("index.html")
    open_search(page, query)
    results = search_results(page)
    assert results, f"searching {query!r} found nothing"
    return [dict(r, page=site_relative(r["href"].split("#")[0], site_server.root_url)) for r in results]


def _distinct_pages(results):
    return list(dict.fromkeys(r["page"] for r in results))


@pytest.mark.parametrize("query, actor", [
    ("Maliki", "Nouri al-Maliki"),
    ("al-Maliki", "Nouri al-Maliki"),
    ("Kosygin", "Alexei Kosygin"),
])
def test_search_finds_actor_by_alias_first(page, site_server, query, actor):
    results = _search(page, site_server, query)
    expected = actor_path(site_server.site_dir, actor)
    assert results[0]["page"] == expected, (
        f"searching {query!r}: first result is {results[0]['page']}, expected the actor page {expected}; "
        f"results: {_distinct_pages(results)[:5]}")


@pytest.mark.parametrize("query", ["S-400", "T-90", "MiG-17"])
def test_search_finds_hyphenated_model_names(page, site_server, query):
    results = _search(page, site_server, query)
    top = _distinct_pages(results)[:3]
    containing = [p for p in top if query in page_text(site_server.site_dir, p)]
    assert containing, f"none of the first three results for {query!r} contains it: {top}"


@pytest.mark.parametrize("query", ["Ba'ath", "Ba’ath", "Baath"])
def test_search_handles_apostrophes(page, site_server, query):
    results = _search(page, site_server, query)
    first = results[0]["page"]
    text = page_text(site_server.site_dir, first)
    assert "Ba'ath" in text or "Ba’ath" in text, f"first result for {query!r} ({first}) does not contain Ba'ath"
    assert first == actor_path(site_server.site_dir, "Ba'ath Party"), (
        f"searching {query!r} should find the Ba'ath Party first, found {_distinct_pages(results)[:5]}")


@pytest.mark.parametrize("query", ["USSR", "ISIS", "CAATSA"])
def test_search_finds_acronyms(page, site_server, query):
    results = _search(page, site_server, query)
    first = results[0]["page"]
    assert query in page_text(site_server.site_dir, first), f"first result for {query!r} ({first}) lacks it"


@pytest.mark.parametrize("query", ["отношения", "العراقية"], ids=["russian", "arabic"])
def test_search_finds_russian_and_arabic_words(page, site_server, query):
    raw = (Path(__file__).resolve().parent.parent / "sources" / "texts" / f"{WIKIPEDIA}.txt").read_text(encoding="utf-8")
    assert query in raw, f"{query!r} is no longer in the Wikipedia text: update this test"
    results = _search(page, site_server, query)
    pages = _distinct_pages(results)
    assert source_path(site_server.site_dir, WIKIPEDIA) in pages, (
        f"searching {query!r} does not find the Wikipedia source page; found {pages}")


def test_search_treats_en_dash_compounds_as_separate_words(page, site_server):
    # "Iran–Iraq War" is written with an en dash; a reader types a hyphen.
    results = _search(page, site_server, "Iran-Iraq war")
    top = _distinct_pages(results)[:3]
    assert any("iran-iraq-war" in p for p in top), f"'Iran-Iraq war' does not find the Iran–Iraq War: {top}"


def page_title(site: Path, url_path: str) -> str:
    """The h1 of a built page, as text."""
    markup = (site / url_path.split("#")[0].lstrip("/")).read_text(encoding="utf-8")
    found = re.search(r"<h1\b[^>]*>(.*?)</h1>", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("¶", "").strip() if found else ""


def page_words(site: Path, url_path: str) -> set[str]:
    """The words of a built page, each element's text apart from the next."""
    markup = (site / url_path.split("#")[0].lstrip("/")).read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return {w.casefold() for w in re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", markup)))}


def _dashless(text: str) -> str:
    return re.sub(r"[\s\-\u2010-\u2015\u2212]+", "", text).casefold()


def _entity_pages_titled(site: Path, phrase: str, kinds=("actors", "periods", "events")) -> list[str]:
    """Pages of those kinds whose title contains *phrase* (dashes and case ignored)."""
    return sorted(p.relative_to(site).as_posix() for kind in kinds for p in (site / kind).glob("*.html")
                  if p.name != "index.html" and _dashless(phrase) in _dashless(page_title(site, p.relative_to(site).as_posix())))


@pytest.mark.parametrize("query, model", [("S-400", "S-400"), ("S400", "S-400"), ("T-90", "T-90"),
                                          ("MiG-17", "MiG-17"), ("Su-25", "Su-25")])
def test_search_puts_the_page_about_a_model_first(page, site_server, query, model):
    """Typed with or without its hyphen, a model name brings a page about it
    (its title names it) first, or, where no page is about it, a page that
    names it."""
    site = site_server.site_dir
    results = _search(page, site_server, query)
    first = results[0]["page"]
    titled = [p for p in _entity_pages_titled(site, model) if model in page_title(site, p)]
    if titled:
        assert first in titled, f"{query!r}: first result {first}, expected one of the pages about it {titled}"
    else:
        assert model in page_text(site, first), f"{query!r}: the first result {first} does not name {model}"


def test_search_lone_letter_matches_no_possessive(page, site_server):
    """"S-400" must not become "s" + "400" with the "s" matching every "'s":
    every result names the S-400."""
    results = _search(page, site_server, "S-400")
    unrelated = [r["page"] for r in results if "400" not in page_text(site_server.site_dir, r["page"])]
    assert not unrelated, f"results for 'S-400' that do not name it: {unrelated}"


@pytest.mark.parametrize("query, kinds", [("Baghdad Pact", ("actors",)), ("Iran-Iraq", ("periods",))])
def test_search_phrase_finds_the_page_about_it_first(page, site_server, query, kinds):
    """A multi-word name or a hyphenated compound brings the page about it
    first: the actor page of the pact, the period of the war (not an event
    whose title also names it)."""
    site = site_server.site_dir
    about = _entity_pages_titled(site, query, kinds)
    assert about, f"no {'/'.join(kinds)} page has {query!r} in its title any more: update this test"
    results = _search(page, site_server, query)
    assert results[0]["page"] in about, (
        f"{query!r}: first result {results[0]['page']}, expected {about}; got {_distinct_pages(results)[:5]}")


def test_search_small_words_do_not_rank(page, site_server):
    """ "oil for arms": the page whose title has both words comes first, not
    pages that only share "for"."""
    results = _search(page, site_server, "oil for arms")
    title = page_title(site_server.site_dir, results[0]["page"]).casefold()
    assert "oil" in title and "arms" in title, f"first result for 'oil for arms': {results[0]['page']} ({title})"


def test_search_russian_name_typed_with_a_hyphen(page, site_server):
    """The text writes "Российско–иракские" with an en dash; a reader types a hyphen."""
    raw = (Path(__file__).resolve().parent.parent / "sources" / "texts" / f"{WIKIPEDIA}.txt").read_text("utf-8")
    assert "Российско–иракские" in raw, "the Russian name is no longer in the Wikipedia text: update this test"
    results = _search(page, site_server, "Российско-иракские")
    assert source_path(site_server.site_dir, WIKIPEDIA) in _distinct_pages(results)[:3], _distinct_pages(results)


@pytest.mark.parametrize("query", ["Husayn", "Kassem"])
def test_search_finds_a_name_in_another_romanization(page, site_server, query):
    """A spelling the pages do not use ("Husayn" for Hussein, "Kassem" for
    Qasim) brings the page of an actor so named first (the name matcher's
    folding table, scripts/data/folding.yml)."""
    from scripts.folding import default_folding

    folding = default_folding()
    group = next((g for g in folding.groups if query in g), None)
    assert group, f"{query!r} is no longer in scripts/data/folding.yml: update this test"
    keys = {folding.fold_word(s) for s in group}
    site = site_server.site_dir
    named = [p.relative_to(site).as_posix() for p in (site / "actors").glob("*.html")
             if keys & {folding.fold_word(w) for w in re.split(r"[\s\-–]+", page_title(site, f"actors/{p.name}"))}]
    assert named, f"no actor is named with a spelling of {group}: update this test"
    results = _search(page, site_server, query)
    assert results[0]["page"] in named, f"{query!r}: first result {results[0]['page']}, expected one of {named}"


@pytest.mark.parametrize("query", ["Kosygin", "T-90", "Baghdad Pact"])
def test_search_snippets_do_not_glue_words(page, site_server, query):
    """Every word of a snippet is a word of its page: nothing like
    "treatyActors" made of the end of one element and the start of the next."""
    _search(page, site_server, query)
    snippets = page.eval_on_selector_all(
        ".md-search-result__item > a", "els => els.map(a => [a.href, (a.querySelector('p') || {}).textContent || ''])")
    assert snippets
    for href, text in snippets:
        path = site_relative(href.split("#")[0].split("?")[0], site_server.root_url)
        words = {w.casefold() for w in re.findall(r"\w+", text)}
        glued = sorted(words - page_words(site_server.site_dir, path) - {"actor", "event", "period", "source", "theme"})
        assert not glued, f"{query!r}: snippet of {path} has words that are not on the page: {glued}\n{text}"


def test_search_keyboard_works_as_in_material(page, site_server):
    """"/" and "s" focus the field, arrows move through the results, Enter
    opens the focused one, Escape closes the dialog."""
    page.goto("index.html")
    field = page.locator("input.md-search__input")
    page.keyboard.press("/")
    expect_focus = "() => document.activeElement === document.querySelector('input.md-search__input')"
    page.wait_for_function(expect_focus)
    page.keyboard.type("Kosygin")
    page.wait_for_selector(".md-search-result__item a[href]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")
    assert page.evaluate("() => document.activeElement.href") == links[1], "ArrowDown twice: the second result"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.href") == links[0]
    page.keyboard.press("Enter")
    page.wait_for_url(links[0])
    page.go_back()
    page.keyboard.press("s")
    page.wait_for_function(expect_focus)
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    assert field.is_visible()


def test_search_enter_right_after_typing_opens_the_first_result(page, site_server):
    """Enter pressed before the results of the last keystroke are shown opens
    the first result of the whole query, not of what was typed before."""
    page.goto("index.html")
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("Baghdad")
    page.wait_for_selector(".md-search-result__item a[href]")
    field.press_sequentially(" Pact")
    field.press("Enter")
    expected = actor_path(site_server.site_dir, "Baghdad Pact")
    page.wait_for_url(site_server.url(expected))


def test_search_filters_narrow_the_results(page, site_server):
    page.goto("index.html")
    open_search(page, "Iraq")
    page.locator(".portal-search-filters summary").click()
    page.wait_for_selector(".portal-search-filters select[name=kind] option[value=Actor]", state="attached")
    page.select_option(".portal-search-filters select[name=kind]", "Actor")
    page.wait_for_function("""() => { const links = [...document.querySelectorAll('.md-search-result__item > a')];
        return links.length && links.every(a => new URL(a.href).pathname.startsWith('/actors/')); }""")
    results = search_results(page)
    assert results and all(r["path"].startswith("/actors/") for r in results), [r["path"] for r in results]


def test_search_filters_by_keyboard(page, site_server):
    """Tab from the search field reaches "Filter results"; a kind chosen by
    typing narrows the results; Tab goes round the filters and back to the
    field with the dialog still open; Escape closes it from a filter."""
    page.goto("index.html")
    open_search(page, "Iraq")

    def is_focused(selector: str) -> bool:
        return page.evaluate("s => document.activeElement.matches(s)", selector)

    page.keyboard.press("Tab")
    assert is_focused(".portal-search-filters summary"), "Tab from the search field does not reach the filters"
    page.keyboard.press("Enter")
    page.wait_for_selector(".portal-search-filters[open] select[name=kind] option[value=Actor]", state="attached")
    page.keyboard.press("Tab")
    assert is_focused(".portal-search-filters select[name=kind]")
    page.keyboard.type("Actor")
    page.wait_for_function("""() => { const links = [...document.querySelectorAll('.md-search-result__item > a')];
        return links.length && links.every(a => new URL(a.href).pathname.startsWith('/actors/')); }""")
    selects = page.locator(".portal-search-filters select").count()
    for _ in range(selects):        # the other selects, then back to the field
        page.keyboard.press("Tab")
    assert is_focused("input.md-search__input"), "Tab from the last filter leaves the search dialog"
    assert page.locator("#__search").is_checked(), "the search dialog closed"
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert is_focused("input.md-search__input"), "Shift+Tab from the filters does not return to the field"
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked(), "Escape in the filters does not close the dialog"


def test_search_over_http_downloads_no_whole_index(open_page, site_server):
    """Over http the first result comes from Pagefind's chunks; neither
    Material's lunr index nor its worker is downloaded."""
    page = open_page()
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    page.goto("index.html")
    open_search(page, "Kosygin")
    assert search_results(page)
    assert any("/pagefind/" in url for url in requested), requested
    assert not [u for u in requested if "search_index" in u or "/workers/" in u or "/lunr/" in u], requested


def test_search_under_a_sub_path(open_page, site_server):
    page = open_page(base_url=site_server.sub_url)
    page.goto(site_server.sub_url + "index.html")
    open_search(page, "Kosygin")
    first = search_results(page)[0]["href"]
    assert first == site_server.sub_url + actor_path(site_server.site_dir, "Alexei Kosygin"), first
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(first)
    assert "Kosygin" in page.locator("article h1").inner_text()


def test_search_from_the_address(page, site_server):
    """index.html?q=… opens the dialog with that search, as Material's does."""
    page.goto("index.html?q=Kosygin")
    page.wait_for_selector(".md-search-result__item a[href]")
    assert page.evaluate("() => document.getElementById('__search').checked")
    assert page.locator("input.md-search__input").input_value() == "Kosygin"


# ------------------------------------------------------------------ navigation

def test_mention_link_leads_to_actor_page(page, site_server):
    page.goto(source_path(site_server.site_dir, WIKIPEDIA))
    mention = page.locator("#p2 a.mention").first
    actor_id = mention.get_attribute("data-actor")
    actor = next(a for a in _data(site_server.site_dir, "actors") if a["id"] == actor_id)
    mention.click()
    page.wait_for_load_state()
    assert "/actors/" in page.url, page.url
    assert page.url.endswith(actor["url_path"]), page.url
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == actor["name"]


def test_paragraph_permalink_scrolls_to_and_highlights_paragraph(page, site_server):
    page.goto(source_path(site_server.site_dir, WIKIPEDIA) + "#p9")
    target = page.locator("#p9")
    target.wait_for()
    page.wait_for_function("() => document.getElementById('p9').getBoundingClientRect().top < innerHeight")
    assert in_viewport(page, "#p9"), "paragraph 9 is not in the viewport"
    state = page.evaluate("""() => { const el = document.getElementById('p9'); const s = getComputedStyle(el);
        return {target: el.matches(':target'), cls: el.classList.contains('is-highlighted'),
                outline: s.outlineStyle, bg: s.backgroundColor}; }""")
    assert state["target"] or state["cls"], state
    assert state["outline"] != "none" or state["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), state
    # Not hidden under Material's sticky header.
    header_bottom = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert target.bounding_box()["y"] >= header_bottom - 1, "paragraph 9 is under the header"
    # Following another permalink moves the highlight.
    page.locator("#p10 a.passage-number").click()
    assert page.evaluate("() => document.querySelectorAll('.passage.is-highlighted').length") == 1
    assert page.evaluate("() => document.getElementById('p10').classList.contains('is-highlighted')")


def _event_with_late_citation(site: Path) -> tuple[dict, dict]:
    """An event citing a passage far down its source (so landing there needs a scroll)."""
    for event in _data(site, "events"):
        for citation in event["citations"]:
            number = int(citation["passage"].rsplit("/p", 1)[1])
            if number >= 6:
                return event, citation
    raise AssertionError("no event cites a passage numbered 6 or more")


def test_citation_link_lands_on_quoted_paragraph(page, site_server):
    event, citation = _event_with_late_citation(site_server.site_dir)
    anchor = "#" + citation["passage"].rsplit("/", 1)[1]
    page.goto(event["url_path"])
    link = page.locator(f"a[href*='{citation['source']}.html{anchor}']", has_text="Read it in context").first
    link.click()
    page.wait_for_url(re.compile(re.escape(f"sources/{citation['source']}.html")))
    page.wait_for_function(f"() => {{ const r = document.querySelector('{anchor}').getBoundingClientRect();"
                           " return r.top < innerHeight && r.bottom > 0; }")
    assert fragment(page) == anchor
    assert in_viewport(page, anchor)
    quote_start = " ".join(citation["quote"].split()[:4])
    assert quote_start in page.locator(anchor).inner_text(), f"{anchor} does not hold the quotation"


# -------------------------------------------------------------------- timeline

def _events_by_url(site: Path) -> dict[str, dict]:
    return {e["url_path"]: e for e in _data(site, "events")}


def _timeline_expected(site: Path, *, theme: str = "", kind: str = "", source: str = "",
                       years: tuple[int, int] | None = None) -> list[str]:
    """The events a filtered view must show, worked out from data/*.json
    (not from the page): tag, actor kind and cited source match, and the
    event's days overlap the years (inclusive) when given."""
    kinds = {a["id"]: a["kind"] for a in _data(site, "actors")}
    out = []
    for event in _data(site, "events"):
        if theme and theme not in event["tags"]:
            continue
        if kind and kind not in {kinds[a] for a in event["actors"]}:
            continue
        if source and source not in {c["source"] for c in event["citations"]}:
            continue
        if years and not (event["start"] <= f"{years[1]:04d}-12-31" and event["end"] >= f"{years[0]:04d}-01-01"):
            continue
        out.append(event["url_path"])
    return sorted(out)


def _shown_in_list(page) -> list[str]:
    return sorted(page.eval_on_selector_all(
        "li.timeline-event:not([hidden]) .event-title a", "els => els.map(a => a.getAttribute('href'))"))


def _marks(page) -> list[dict]:
    """The axis' marks: each event's link, or a number standing for several."""
    return page.eval_on_selector_all(".tl-canvas .tl-mark", """els => els.map(el => {
        const r = el.getBoundingClientRect();
        return {href: el.getAttribute('href'), cluster: el.classList.contains('tl-cluster'),
                label: el.getAttribute('aria-label') || '', x: r.left + r.width / 2,
                tabindex: el.getAttribute('tabindex')}; })""")


def _marked_events(marks: list[dict]) -> int:
    total = 0
    for mark in marks:
        if mark["cluster"]:
            match = re.match(r"(\d+) events", mark["label"])
            assert match, f"a cluster's name does not say how many events it holds: {mark['label']!r}"
            total += int(match.group(1))
        else:
            total += 1
    return total


def test_timeline_without_javascript(open_page, site_server):
    page = open_page(javascript=False)
    page.goto("timeline.html")
    periods = _data(site_server.site_dir, "periods")
    events = _data(site_server.site_dir, "events")
    sections = page.locator("section.timeline-period")
    assert sections.count() == len(periods), "every period has its section in the list"
    assert page.locator("section.timeline-period ol.timeline").count() == len([p for p in periods if p["events"]])
    assert page.locator("section.timeline-period ol.timeline > li > time[datetime]").count() == len(events)
    assert page.locator("ol.timeline > li:visible").count() == len(events)
    assert not page.locator("form.timeline-filters").is_visible(), "the filters show without JavaScript"
    assert not page.locator(".tl-app").is_visible(), "the axis controls show without JavaScript"
    # Chronological within each period (an event the editors file under a
    # later period may start before that period's other events), in the one
    # order of dated things (scripts/dates.py, chronological_key), which the
    # events export follows (tests/test_reading_order.py).
    order = {e["url_path"]: i for i, e in enumerate(events)}
    for section in sections.all():
        hrefs = section.locator("li.timeline-event .event-title a").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))")
        ranks = [order[h] for h in hrefs]
        assert ranks == sorted(ranks), "a period's events are not in date order"
    links = sorted(page.eval_on_selector_all("ol.timeline .event-title a", "els => els.map(a => a.getAttribute('href'))"))
    assert links == sorted(e["url_path"] for e in events)


def test_timeline_axis_has_a_mark_for_every_event(page, site_server):
    site = site_server.site_dir
    page.goto("timeline.html")
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    events = _data(site, "events")
    marks = _marks(page)
    assert _marked_events(marks) == len(events), "the axis does not account for every event exactly once"
    by_url = _events_by_url(site)
    linked = [m for m in marks if not m["cluster"]]
    assert linked, "the axis shows no single event"
    assert all(m["href"] in by_url for m in linked), [m["href"] for m in linked if m["href"] not in by_url]
    assert len({m["href"] for m in linked}) == len(linked), "an event has two marks"
    # Proportional: a mark clearly left of another (more than a column apart)
    # is an event that starts before the other one ends.
    for a in linked:
        for b in linked:
            if a["x"] + 24 < b["x"]:
                first, second = by_url[a["href"]], by_url[b["href"]]
                assert first["start"] <= second["end"], f"{first['id']} is drawn before {second['id']}"
    # Periods as bands with names, years as labelled ticks.
    bands = page.locator(".tl-band")
    assert bands.count() == len(_data(site, "periods"))
    for band in bands.all():
        # A band a finger can hit (24 px, WCAG 2.5.8) is a named button; a
        # narrower one is drawn only (the Period menu reaches that period).
        if band.evaluate("e => e.tagName") == "BUTTON":
            assert band.get_attribute("aria-label") and band.bounding_box()["width"] >= 23
        else:
            assert band.get_attribute("aria-hidden") == "true" and band.bounding_box()["width"] < 24
    ticks = page.eval_on_selector_all(".tl-tick", "els => els.map(e => e.textContent)")
    assert len(ticks) >= 3 and all(re.fullmatch(r"\d{3,4}", t) for t in ticks), ticks
    assert [int(t) for t in ticks] == sorted(int(t) for t in ticks), f"tick labels out of order: {ticks}"
    # Described for screen readers: a named figure, explained by the help text.
    figure = page.locator("figure.tl-figure")
    assert str(len(events)) in page.locator("#" + figure.get_attribute("aria-labelledby")).inner_text()
    assert "arrow" in page.locator("#" + figure.get_attribute("aria-describedby")).inner_text().lower() or \
        "←" in page.locator("#" + figure.get_attribute("aria-describedby")).inner_text()


def test_timeline_marks_dates_that_are_not_exact(page, site_server):
    """Disputed events and approximate or uncertain dates look different,
    and the legend says how."""
    page.goto("timeline.html")
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    events = _data(site_server.site_dir, "events")
    disputed = [e for e in events if e["disputed"]]
    for event in disputed[:5]:
        page.goto("timeline.html?from={0}&to={0}".format(event["start"][:4]))
        mark = page.locator(f".tl-mark[href='{event['url_path']}']")
        if mark.count() == 0:       # inside a number: zoom into it
            page.locator(".tl-cluster").first.click()
        mark.wait_for()
        assert "tl-mark--disputed" in mark.get_attribute("class")
        assert "disputed" in mark.get_attribute("aria-label")
    legend = page.locator(".tl-legend").inner_text()
    for words in ("Disputed", "Approximate", "Uncertain", "span"):
        assert words in legend, f"the legend does not explain {words!r}"


def test_timeline_keyboard(page, site_server):
    page.goto("timeline.html")
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.locator(".tl-zoom-in").focus()
    for _ in range(40):             # Tab through the bands to the marks
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('tl-mark')"):
            break
    else:
        pytest.fail("Tab never reaches the marks of the axis")
    assert page.locator(".tl-canvas .tl-mark[tabindex='0']").count() == 1, "the marks are not one Tab stop"
    style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert style not in ("none", ""), "the focused mark shows no focus ring"

    def focused():
        return page.evaluate("""() => { const el = document.activeElement, r = el.getBoundingClientRect();
            return {label: el.getAttribute('aria-label'), x: r.left + r.width / 2, href: el.getAttribute('href'),
                    mark: el.classList.contains('tl-mark')}; }""")

    first = focused()
    page.keyboard.press("End")
    last = focused()
    assert last["mark"] and last["x"] > first["x"], (first, last)
    page.keyboard.press("Home")
    assert focused() == first
    seen = [first]
    for _ in range(5):
        page.keyboard.press("ArrowRight")
        seen.append(focused())
    assert all(f["mark"] for f in seen), "an arrow key took the focus out of the axis"
    assert len({f["label"] for f in seen}) == len(seen), "→ does not move to the next event"
    by_url = _events_by_url(site_server.site_dir)
    starts = [by_url[f["href"]]["start"] for f in seen if f["href"]]
    assert starts == sorted(starts), "→ does not go forward in time"
    page.keyboard.press("ArrowLeft")
    assert focused() == seen[-2]
    # Enter opens the event (a number zooms in instead: step to an event).
    for _ in range(60):
        if page.evaluate("() => document.activeElement.tagName") == "A":
            break
        page.keyboard.press("ArrowRight")
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert href in _events_by_url(site_server.site_dir)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site_server.url(href), page.url


def test_timeline_view_lives_in_the_address(open_page, site_server):
    """Filters and zoom are in the query string: a reload, a shared link and
    Back/Forward give the same view."""
    site = site_server.site_dir
    page = open_page()
    page.goto("timeline.html")
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    events = _data(site, "events")
    theme = max({t for e in events for t in e["tags"]}, key=lambda t: (sum(t in e["tags"] for e in events), t))
    page.select_option("form.timeline-filters select[name=theme]", theme)
    expected = _timeline_expected(site, theme=theme)
    assert 0 < len(expected) < len(events)
    assert _shown_in_list(page) == expected
    assert _marked_events(_marks(page)) == len(expected), "the filter does not apply to the axis"
    assert f"theme={theme}" in page.url

    period = next(p for p in _data(site, "periods") if p["events"] and any(
        theme in e["tags"] for e in events if e["period"] == p["id"]))
    page.locator(".tl-band").nth([p["id"] for p in _data(site, "periods")].index(period["id"])).click()
    page.wait_for_url(re.compile(f"period={re.escape(period['id'])}"))
    in_period = sorted(e["url_path"] for e in events if e["period"] == period["id"] and theme in e["tags"])
    shown = _shown_in_list(page)
    assert set(in_period) <= set(shown), "zooming into a period hides some of its events"
    view = {"url": page.url, "shown": shown, "caption": page.locator(".tl-caption").inner_text(),
            "marks": _marked_events(_marks(page))}

    page.reload()
    page.locator(".tl-caption").wait_for()
    assert page.locator("form.timeline-filters select[name=theme]").input_value() == theme
    assert page.locator("form.timeline-filters select[name=period]").input_value() == period["id"]
    assert {"url": page.url, "shown": _shown_in_list(page), "caption": page.locator(".tl-caption").inner_text(),
            "marks": _marked_events(_marks(page))} == view, "a reload does not give the same view"

    shared = open_page()            # a fresh browser, as someone given the link
    shared.goto(view["url"])
    shared.locator(".tl-caption").wait_for()
    assert _shown_in_list(shared) == view["shown"]

    page.go_back()
    page.wait_for_function("() => !location.search.includes('period=')")
    assert _shown_in_list(page) == expected, "Back does not return to the filtered view"
    page.go_forward()
    page.wait_for_function("() => location.search.includes('period=')")
    assert _shown_in_list(page) == view["shown"], "Forward does not return to the period"


def test_timeline_caption_dates_as_the_sources_give_them(page, site_server):
    """Unzoomed, the caption names the dates of the first and last events as
    their date labels give them ("9th century"), never the axis' own start
    year; zoomed to chosen years, those years."""
    events = _data(site_server.site_dir, "events")
    first = min(events, key=lambda e: (e["start"], e["end"]))
    last_end = max(e["end"] for e in events)

    def plain(label: str) -> str:
        """A date label as the caption says it: without the editors'
        brackets (issue 22: "1980 to [1980s]"), "the" before a decade or century."""
        label = re.sub(r"\s*\([^)]*\)", "", label.replace("[", "").replace("]", "")).strip()
        return "the " + label if re.fullmatch(r"\d+s|.*century", label) else label

    ends = {plain(e["date_label"].split("–")[-1].strip()) for e in events if e["end"] == last_end}
    page.goto("timeline.html")
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    caption = page.locator(".tl-caption").inner_text()
    assert caption.startswith(f"Time axis, {plain(first['date_label'].split('–')[0])}"), caption
    assert "[" not in caption, caption
    assert any(f" to {end}:" in caption for end in ends) or plain(first["date_label"].split("–")[0]) in ends, (caption, ends)
    page.goto("timeline.html?from=1958&to=1968")
    page.locator(".tl-caption").wait_for()
    assert page.locator(".tl-caption").inner_text().startswith("Time axis, 1958–1968"), \
        page.locator(".tl-caption").inner_text()


@pytest.mark.parametrize("years", [(1958, 1968), (1990, 1990)])
def test_timeline_years_from_the_address(page, site_server, years):
    site = site_server.site_dir
    page.goto(f"timeline.html?from={years[0]}&to={years[1]}&source=no-such-source")
    page.locator(".tl-caption").wait_for()
    expected = _timeline_expected(site, years=years)
    assert _shown_in_list(page) == expected
    assert _marked_events(_marks(page)) == len(expected)
    assert page.locator("form.timeline-filters input[name=from]").input_value() == str(years[0])
    assert "source=" not in page.url, "an unknown source in the address is kept"


def test_timeline_from_disk_and_under_a_sub_path(open_page, site_server):
    """The view in the address works from file:// and under /portal/ too."""
    site = site_server.site_dir
    period = next(p for p in _data(site, "periods") if p["events"])
    expected = sorted(e["url_path"] for e in _data(site, "events") if e["period"] == period["id"])
    for base, opener in ((site.as_uri() + "/", {"allow_files": site}), (site_server.sub_url, {})):
        page = open_page(**opener)
        page.goto(base + "timeline.html")
        page.locator(".tl-canvas .tl-mark").first.wait_for()
        page.locator(".tl-band").nth([p["id"] for p in _data(site, "periods")].index(period["id"])).click()
        page.wait_for_url(base + f"timeline.html?period={period['id']}")
        assert set(expected) <= set(_shown_in_list(page)), base
        page.reload()
        page.locator(".tl-caption").wait_for()
        assert period["title"] in page.locator(".tl-caption").inner_text(), base
        page.go_back()
        page.wait_for_url(base + "timeline.html")
        assert len(_shown_in_list(page)) == len(_data(site, "events")), base


def test_timeline_on_a_phone(open_page, site_server):
    """320 px: no sideways scrolling, with the filters open and the source
    with the longest name chosen; the axis fits its box."""
    page = open_page(width=320, height=700)
    page.goto("timeline.html")
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    box = page.locator(".tl-filter-box")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    longest = page.eval_on_selector_all("form.timeline-filters select[name=source] option", """els => els.slice(1)
        .sort((a, b) => b.textContent.length - a.textContent.length)[0].value""")
    page.select_option("form.timeline-filters select[name=source]", longest)
    for state in ("filtered", "zoomed"):
        if state == "zoomed":
            page.locator(".tl-zoom-in").click()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll('article *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
        assert width <= 320 and not wide, f"{state}: the page is {width}px wide at 320px; too wide: {wide}"


# --------------------------------------------------------------- accessibility

def _longest_document(site: Path) -> str | None:
    """The page of the primary document with the most passages (its heading,
    dateline, persons and the edition's footnotes), or None in a corpus of
    texts only."""
    documents = [(s.get("passages") or 0, s["id"], s["url_path"]) for s in _data(site, "sources")
                 if s.get("dateline")]
    return max(documents)[2] if documents else None


def _axe_pages(site: Path) -> dict[str, str]:
    event, _ = _event_with_late_citation(site)
    return {
        "home": "index.html",
        "timeline": "timeline.html",
        "timeline-zoomed": "timeline.html?period=" + _data(site, "periods")[3]["id"],
        "source": source_path(site, WIKIPEDIA),
        "actor": actor_path(site, "Nouri al-Maliki"),
        "event": event["url_path"],
        "period": "periods/" + _data(site, "periods")[4]["id"] + ".html",
        "contested": "contested.html",
        "method": "about/index.html",
        "document": _longest_document(site) or source_path(site, WIKIPEDIA),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "timeline", "timeline-zoomed", "source", "actor", "event", "period",
                                   "contested", "method", "document",
                                   "search"])
def test_axe_no_serious_violations(open_page, site_server, axe_path, which, scheme):
    page = open_page(color_scheme=scheme)
    if which == "search":
        page.goto("index.html")
        open_search(page, "Maliki")
    else:
        page.goto(_axe_pages(site_server.site_dir)[which])
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') === '{expected}'")
    violations = run_axe(page, axe_path)
    assert not violations, f"axe on {which} ({scheme}):\n" + format_violations(violations)


# ------------------------------------------------------------- where it is run

def test_site_works_under_a_sub_path(open_page, site_server):
    page = open_page(base_url=site_server.sub_url)
    page.goto(site_server.sub_url)
    assert page.evaluate("() => getComputedStyle(document.querySelector('.portal-counts')).display") == "flex", \
        "portal.css is not applied under /portal/"
    page.locator(".md-tabs a", has_text="Sources").first.click()
    page.wait_for_load_state()
    assert page.url == site_server.sub_url + "sources/index.html", page.url
    assert page.locator("article h1").count() == 1
    page.locator("article a[href$='.html']", has_text=re.compile(r"Wikipedia|Iraq–Russia relations")).first.click()
    page.wait_for_load_state()
    assert page.url.startswith(site_server.sub_url + "sources/"), page.url
    assert page.locator("#p1").count() == 1
    # 404.html links its assets by absolute path (site_url's path, /portal/).
    page.goto(site_server.sub_url + "404.html")
    header = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(198, 40, 40)", f"404.html is unstyled under {site_server.sub_url} (header {header})"


def test_site_works_from_disk(open_page, site_server):
    site = site_server.site_dir
    page = open_page(allow_files=site)
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("() => getComputedStyle(document.querySelector('.portal-counts')).display") == "flex", \
        "portal.css is not applied from file://"
    page.locator("article a[href='sources/index.html']").first.click()
    page.wait_for_load_state()
    assert page.url == (site / "sources" / "index.html").as_uri(), page.url
    assert "Sources" in page.locator("article h1").inner_text()
    # Search works from disk too (the index is embedded as JavaScript).
    open_search(page, "Kosygin")
    results = search_results(page)
    assert results and results[0]["href"].startswith("file://"), results[:1]
    assert actor_path(site, "Alexei Kosygin") in results[0]["href"]


# ------------------------------------------------------------------- small screens

@pytest.mark.parametrize("which", ["index.html", "timeline.html", f"sources/{WIKIPEDIA}.html", "contested.html"])
def test_no_horizontal_scrolling_at_360px(open_page, which):
    page = open_page(width=360, height=740)
    page.goto(which)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 361:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 361 && getComputedStyle(e).position !== 'fixed')
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
        pytest.fail(f"{which} is {width}px wide at a 360px viewport; widest: {wide}")


def _reading_columns(page) -> list[int]:
    """For each dispute on the page, how many columns its readings take."""
    return page.evaluate("""() => [...document.querySelectorAll('.dispute .readings')].map(group =>
        new Set([...group.querySelectorAll('.reading')].map(r => Math.round(r.getBoundingClientRect().left))).size)""")


def test_contested_readings_side_by_side_and_stacked_on_a_phone(open_page):
    """Readings stand side by side on a wide screen and one under the other on a phone."""
    wide = open_page(width=1280, height=900)
    wide.goto("contested.html")
    columns = _reading_columns(wide)
    if not columns:     # a corpus without disputes says so
        assert re.search(r"\b0 claims are contested", wide.locator("article").inner_text())
        return
    assert all(n >= 2 for n in columns), columns
    phone = open_page(width=360, height=740)
    phone.goto("contested.html")
    assert set(_reading_columns(phone)) == {1}


def test_page_titles_have_no_empty_line_on_a_phone(open_page, site_server):
    """At 320 px a page title is as tall as its words: nothing invisible
    (the ¶ permalink) wraps onto a line of its own under it."""
    site = site_server.site_dir
    pages = ["index.html", "contested.html", "timeline.html", "glossary.html",
             source_path(site, WIKIPEDIA), *(f"{k}/index.html" for k in ("actors", "events", "periods", "sources"))]
    page = open_page(width=320, height=700)
    for path in pages:
        page.goto(path)
        extra = page.evaluate("""() => {
            const h1 = document.querySelector('article h1');
            if (!h1) return null;
            const range = document.createRange();
            let top = Infinity, bottom = -Infinity;
            const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode());) {
                if (!node.textContent.trim() || node.parentElement.closest('.headerlink')) continue;
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) { top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom); }
            }
            const box = h1.getBoundingClientRect();
            return (box.bottom - bottom) + (top - box.top);
        }""")
        assert extra is not None and extra < 16, f"{path}: the title is {extra}px taller than its words at 320 px"


LONG_NAME = ("Centre for Gulf, Levant and Eurasian Borderland Studies: Gulf Affairs Digest Occasional Papers "
             "and Working Documents (Second Series)")


@pytest.mark.parametrize("width", [320, 360])
def test_long_names_in_the_timeline_filters_do_not_widen_the_page(open_page, width):
    # Whatever the corpus: the longest publisher name any source may bring is
    # put into every filter, as the build would write it.
    page = open_page(width=width, height=740)
    page.goto("timeline.html")
    page.wait_for_function("() => !document.querySelector('.tl-app').hidden")
    # On a phone the filters start folded: open them, or they would not be laid out.
    page.evaluate("() => { document.querySelector('.tl-filter-box').open = true; }")
    assert page.locator("form.timeline-filters select").first.is_visible()
    page.evaluate("""name => document.querySelectorAll('form.timeline-filters select').forEach(select => {
        const option = document.createElement('option'); option.textContent = name; select.append(option); })""",
                  LONG_NAME)
    width_now = page.evaluate("() => document.documentElement.scrollWidth")
    assert width_now <= width + 1, f"the timeline is {width_now}px wide at a {width}px viewport"


# -------------------------------------------------------------------- keyboard

FOCUS_PROPS = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "backgroundColor",
               "color", "textDecorationLine", "borderBottomColor"]


def _style(handle) -> dict:
    """The style of what shows an element's focus: the element itself, or for
    a visually hidden control (Material's palette toggle) the label after it."""
    return handle.evaluate("""(el, props) => {
        const box = el.getBoundingClientRect();
        const hidden = box.width < 1 || box.height < 1 || getComputedStyle(el).opacity === "0";
        const shown = hidden && el.nextElementSibling && el.nextElementSibling.tagName === "LABEL"
            ? el.nextElementSibling : el;
        const s = getComputedStyle(shown);
        const r = shown.getBoundingClientRect();
        return Object.assign(Object.fromEntries(props.map(p => [p, s[p]])),
                             {visible: r.width >= 1 && r.height >= 1 && s.visibility !== "hidden"
                                       && s.opacity !== "0"});
    }""", FOCUS_PROPS)


def test_keyboard_skip_link_first_and_visible_focus(page, site_server):
    page.goto(source_path(site_server.site_dir, WIKIPEDIA))
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.keyboard.press("Tab")
    first = page.evaluate_handle("() => document.activeElement")
    assert first.evaluate("el => el.tagName === 'A' && el.classList.contains('md-skip')"), \
        "the first Tab does not reach the skip link: " + first.evaluate("el => el.outerHTML.slice(0, 120)")
    assert first.evaluate("el => /skip to content/i.test(el.textContent)")
    box = first.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1 and box["y"] >= 0, "the focused skip link is not visible"
    assert _style(first)["visible"], "the focused skip link is transparent"
    target = first.evaluate("el => el.getAttribute('href')")
    assert page.locator(target).count() == 1, f"the skip link's target {target} is missing"

    def press(key):  # and let Material's focus handlers (a tick later) run
        page.keyboard.press(key)
        page.wait_for_timeout(60)

    invisible = []
    for _ in range(12):
        press("Tab")
        handle = page.evaluate_handle("() => document.activeElement")
        focused = _style(handle)
        press("Shift+Tab")
        blurred = _style(handle)
        press("Tab")
        same = handle.evaluate("el => el === document.activeElement")
        assert same, "Tab order is not stable"
        if focused == blurred or not focused["visible"]:
            invisible.append(handle.evaluate("el => el.outerHTML.slice(0, 150)"))
    assert not invisible, "focus is not visible on:\n  " + "\n  ".join(invisible)


def test_arabic_and_russian_text_carry_language(page, site_server):
    for path in (source_path(site_server.site_dir, WIKIPEDIA), actor_path(site_server.site_dir, "Nouri al-Maliki")):
        page.goto(path)
        wrong = page.evaluate(r"""() => {
            const out = [];
            const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                if (el.closest('script, style, [data-md-component]')) continue;
                const lang = (el.closest('[lang]') || document.documentElement).getAttribute('lang');
                const dir = (el.closest('[dir]') || document.documentElement).getAttribute('dir');
                if (/[\u0600-\u06FF]/.test(n.data) && (lang !== 'ar' || dir !== 'rtl'))
                    out.push(`Arabic without lang=ar dir=rtl: ${n.data.trim().slice(0, 60)}`);
                if (/[\u0400-\u04FF]/.test(n.data) && lang !== 'ru')
                    out.push(`Russian without lang=ru: ${n.data.trim().slice(0, 60)}`);
            }
            return out; }""")
        assert not wrong, f"{path}:\n  " + "\n  ".join(wrong)
    page.goto(source_path(site_server.site_dir, WIKIPEDIA))
    assert page.locator('#p1 [lang="ar"][dir="rtl"]').count() >= 1
    assert page.locator('#p1 [lang="ru"]').count() >= 1
