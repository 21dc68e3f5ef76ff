"""The map page in Chromium (scripts/renderer/maps.py, overrides/assets/map.js),
on a copy of the project whose places have coordinates (one with a hostile
name): every mapped place is a named link that Tab reaches and Enter
follows; without JavaScript the list is the map; the period filter keeps
the places of that period's events, in the address, and Back undoes it; no
name runs as markup; axe finds nothing serious."""

from __future__ import annotations

import json
import re

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import PageFactory, SiteServer, _fail_for, _serve, run_axe  # noqa: E402
from tests.helpers import copy_project, edit_entry, entry_ids, entry_path, mkdocs_build, subprocess_env  # noqa: E402
from tests.test_places import only_places  # noqa: E402

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.browser_support"]

HOSTILE = "<img src=x onerror=alert(1)>"
#: GeoNames ids of the cities (geonames.org): Mosul, Kirkuk, Al-Faw.
PLACES = {"mosul": ("city", 99072), "kirkuk": ("city", 94787), "al-faw": ("town", 99446)}


def _with_places(root) -> None:
    # Only these places are on this map, whatever the corpus gives others.
    only_places(root, {actor_id: f"place:\n  kind: {kind}\n  geonames: {geonames}\n"
                       for actor_id, (kind, geonames) in PLACES.items()})
    # A name no text uses needs a note that writes it with its source: any note, once it does.
    note = entry_ids(root, "notes")[0]
    edit_entry(root, "notes", note, lambda n: n.__setitem__("text", f"{n['text']} Also {HOSTILE}."))
    path = entry_path(root, "actors", "kirkuk")
    text = path.read_text("utf-8")
    assert "\nname: Kirkuk\n" in text
    path.write_text(text.replace("\nname: Kirkuk\n", f'\nname: "{HOSTILE}"\nname_note: {note}\n', 1), "utf-8")


@pytest.fixture(scope="module")
def map_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("map-site")
    root = copy_project(base / "project")
    _with_places(root)
    site = base / "site"
    built = mkdocs_build(root, site, env=subprocess_env())
    assert built.returncode == 0, built.describe()
    server, thread = _serve(site)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    yield SiteServer(root_url=url, sub_url=url, site_dir=site)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def map_page(browser, map_server):
    factory = PageFactory(browser, map_server)
    yield factory
    problems = factory.close()
    if problems:
        _fail_for(problems)


def _data(server: SiteServer, name: str):
    return json.loads((server.site_dir / f"data/{name}.json").read_text("utf-8"))


def test_every_mapped_place_is_a_named_link_that_tab_reaches(map_page, map_server):
    page = map_page(width=1366)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(map_server.url("map.html"))
    markers = page.locator("a.place-map__marker")
    assert markers.count() == len(PLACES)
    names = sorted(markers.nth(i).get_attribute("aria-label") for i in range(markers.count()))
    assert names == sorted([f"{HOSTILE} (city)", "Al-Faw (town)", "Mosul (city)"])
    # Tab from the period filter's last control reaches the markers in turn.
    page.locator(".map-filter__timeline").focus()
    reached = []
    for _ in range(len(PLACES)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert sorted(reached) == names
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/actors/[a-z-]+\.html$", page.url)
    assert not dialogs and page.locator("img[src=x]").count() == 0


def test_without_javascript_the_list_is_the_map(map_page, map_server):
    page = map_page(width=360, javascript=False)
    page.goto(map_server.url("map.html"))
    rows = page.locator("table.place-list tbody tr")
    assert rows.count() == len([p for p in _data(map_server, "places")])
    assert page.locator(".map-filter").is_hidden()
    assert page.locator("a.place-map__marker").count() == len(PLACES)
    text = page.locator("table.place-list").inner_text()
    assert HOSTILE in text and "GeoNames 99072 (Mosul, IQ)" in text


def test_the_period_filter_keeps_that_periods_places_and_back_undoes_it(map_page, map_server):
    places = {p["id"]: p for p in _data(map_server, "places")}
    period_of = {e["id"]: e["period"] for e in _data(map_server, "events")}
    periods = {pid: {period_of[e] for e in p["events"]} for pid, p in places.items()}
    period = sorted(periods["al-faw"])[0]
    page = map_page(width=1366)
    page.goto(map_server.url("map.html"))
    page.select_option("#map-period", period)
    assert page.url.endswith(f"map.html?period={period}")
    shown = {page.locator("a.place-map__marker").nth(i).get_attribute("data-place")
             for i in range(page.locator("a.place-map__marker").count())
             if page.locator("a.place-map__marker").nth(i).is_visible()}
    assert shown == {p for p in PLACES if period in periods[p]}
    rows = page.locator("table.place-list tbody tr")
    visible_rows = {rows.nth(i).get_attribute("data-place") for i in range(rows.count()) if rows.nth(i).is_visible()}
    assert visible_rows == {p for p in places if period in periods[p]}
    assert f"timeline.html?period={period}" in page.locator(".map-filter__timeline").get_attribute("href")
    page.go_back()
    page.wait_for_function("document.querySelector('#map-period').value === ''")
    assert all(page.locator("a.place-map__marker").nth(i).is_visible() for i in range(len(PLACES)))


@pytest.mark.parametrize(("width", "scheme"), [(1366, "light"), (360, "dark")])
def test_map_pages_pass_axe(map_page, map_server, axe_path, width, scheme):
    for path in ("map.html", "actors/mosul.html"):
        page = map_page(width=width, color_scheme=scheme)
        page.goto(map_server.url(path))
        violations = run_axe(page, axe_path)
        assert not violations, (path, violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


@pytest.mark.parametrize("width", [360, 1366])
def test_the_map_does_not_move_once_drawn(map_page, map_server, width):
    # The period filter is in the page from the first paint: map.js
    # revealing it used to push the map down (a layout shift readers see
    # as a jump, and Lighthouse counts).
    page = map_page(width=width)
    page.goto(map_server.url("map.html"))
    page.wait_for_function("document.querySelector('.map-filter').offsetHeight > 0")
    shifts = page.evaluate("""() => new Promise(resolve => {
        const found = [];
        new PerformanceObserver(list => list.getEntries().forEach(e => found.push(e.value)))
            .observe({type: 'layout-shift', buffered: true});
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(found)));
    })""")
    assert sum(shifts) < 0.01, shifts
    assert page.locator("a.place-map__marker").first.is_visible()


#: Each marker's own area: the largest square its target must hold (CSS px).
TARGET_PX = 24


def _own_area(page, marker) -> dict:
    """The marker's label box on screen, and the points of a grid over it
    (1 px inside its edges) at which a tap would reach another element."""
    marker.scroll_into_view_if_needed()
    return marker.evaluate("""(a) => {
        const r = a.querySelector('.place-map__box').getBoundingClientRect();
        const missed = [];
        for (let i = 0; i <= 6; i++) for (let j = 0; j <= 6; j++) {
            const x = r.left + 1 + (r.width - 2) * i / 6, y = r.top + 1 + (r.height - 2) * j / 6;
            const hit = document.elementFromPoint(x, y);
            if (!hit || hit.closest('a.place-map__marker') !== a) missed.push([Math.round(x), Math.round(y)]);
        }
        return {width: r.width, height: r.height, missed: missed};
    }""")


def _maps_of_the_real_site(site_dir) -> list[str]:
    places = json.loads((site_dir / "data" / "places.json").read_text("utf-8"))
    events = {e for p in places for e in p["events"]}
    return ["map.html"] + [p["url_path"] for p in places if p["coordinates"]] + [
        f"events/{e}.html" for e in sorted(events)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_marker_is_a_target_of_24_px_of_its_own_on_a_phone(open_page, site_server, scheme):
    """At 360 px every marker of the real site's maps (the map page, the
    small maps of places and events) has a box of at least 24 × 24 CSS px
    where a tap reaches that marker and no other (nearby places such as
    Basra, Umm Qasr and Al-Faw are a few px apart there); the keyboard
    reaches it, shows where it is and follows it."""
    page = open_page(width=360, height=740, color_scheme=scheme)
    measured = 0
    for path in _maps_of_the_real_site(site_server.site_dir):
        page.goto(path)
        markers = page.locator("a.place-map__marker")
        for i in range(markers.count()):
            area = _own_area(page, markers.nth(i))
            name = markers.nth(i).get_attribute("aria-label")
            assert area["width"] >= TARGET_PX and area["height"] >= TARGET_PX, (path, name, area)
            assert not area["missed"], (path, name, area["missed"])
            measured += 1
    assert measured >= 2, "the real site's maps have fewer than two markers to measure"
    page.goto("map.html")
    marker = page.locator("a.place-map__marker").last
    marker.focus()
    assert page.evaluate("document.activeElement.matches('a.place-map__marker:focus-visible')") or \
        marker.evaluate("a => a === document.activeElement")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")                       # focused from the keyboard: the ring shows
    ring = marker.locator(".place-map__box").evaluate("b => getComputedStyle(b).stroke")
    assert ring not in ("none", "", "rgba(0, 0, 0, 0)"), ring
    href = marker.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href.lstrip("./")), (page.url, href)


def test_markers_of_the_test_map_are_targets_of_24_px_too(map_page, map_server):
    page = map_page(width=360)
    page.goto(map_server.url("map.html"))
    markers = page.locator("a.place-map__marker")
    assert markers.count() == len(PLACES)
    for i in range(markers.count()):
        area = _own_area(page, markers.nth(i))
        assert area["width"] >= TARGET_PX and area["height"] >= TARGET_PX and not area["missed"], area
