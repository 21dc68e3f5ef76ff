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

def test_timeline_without_javascript(open_page, site_server):
    page = open_page(javascript=False)
    page.goto("timeline.html")
    periods = _data(site_server.site_dir, "periods")
    events = _data(site_server.site_dir, "events")
    sections = page.locator("section.timeline-period")
    assert sections.count() == len([p for p in periods if p["events"]])
    assert page.locator("section.timeline-period ol.timeline > li > time[datetime]").count() == len(events)
    assert page.locator("ol.timeline > li:visible").count() == len(events)
    assert not page.locator("form.timeline-filters").is_visible(), "the filters show without JavaScript"
    dates = page.eval_on_selector_all("ol.timeline time[datetime]", "els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates), "the timeline is not in chronological order"


def test_timeline_filters_with_javascript(page, site_server):
    page.goto("timeline.html")
    form = page.locator("form.timeline-filters")
    form.wait_for(state="visible")
    items = page.locator("li.timeline-event")
    total = items.count()
    count = form.locator(".timeline-count")
    assert count.inner_text().startswith(f"{total} of {total}")

    theme = "arms-trade"
    form.locator("select[name=tag]").select_option(theme)
    visible = page.locator("li.timeline-event:visible").count()
    tagged = sum(1 for e in _data(site_server.site_dir, "events") if theme in e["tags"])
    assert 0 < visible < total
    assert visible == tagged
    assert count.inner_text().startswith(f"{visible} of {total}")
    # Periods with no event left are hidden, not shown empty.
    for section in page.locator("section.timeline-period").all():
        if section.is_visible():
            assert section.locator("li.timeline-event:visible").count() > 0

    form.locator("button[type=reset]").click()
    page.wait_for_function(f"() => document.querySelectorAll('li.timeline-event:not([hidden])').length === {total}")
    assert count.inner_text().startswith(f"{total} of {total}")
    assert form.locator("select[name=tag]").input_value() == ""


# --------------------------------------------------------------- accessibility

def _axe_pages(site: Path) -> dict[str, str]:
    event, _ = _event_with_late_citation(site)
    return {
        "home": "index.html",
        "timeline": "timeline.html",
        "source": source_path(site, WIKIPEDIA),
        "actor": actor_path(site, "Nouri al-Maliki"),
        "event": event["url_path"],
        "period": "periods/" + _data(site, "periods")[4]["id"] + ".html",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "timeline", "source", "actor", "event", "period", "search"])
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

@pytest.mark.parametrize("which", ["index.html", "timeline.html", f"sources/{WIKIPEDIA}.html"])
def test_no_horizontal_scrolling_at_360px(open_page, which):
    page = open_page(width=360, height=740)
    page.goto(which)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 361:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 361 && getComputedStyle(e).position !== 'fixed')
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
        pytest.fail(f"{which} is {width}px wide at a 360px viewport; widest: {wide}")


LONG_NAME = ("Centre for Gulf, Levant and Eurasian Borderland Studies: Gulf Affairs Digest Occasional Papers "
             "and Working Documents (Second Series)")


@pytest.mark.parametrize("width", [320, 360])
def test_long_names_in_the_timeline_filters_do_not_widen_the_page(open_page, width):
    # Whatever the corpus: the longest publisher name any source may bring is
    # put into every filter, as the build would write it.
    page = open_page(width=width, height=740)
    page.goto("timeline.html")
    page.wait_for_function("() => !document.querySelector('form.timeline-filters').hidden")
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
