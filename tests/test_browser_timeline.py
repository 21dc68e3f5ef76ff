"""The timeline on every screen (issue 22), in Chromium at 360 and 1366 px:
a cluster zooms to just its years, every mark and band is a target of at
least 24 × 24 px, the axis gives space by events rather than years, and
titles beside the marks are cut between words only. Expectations come from
the page's own data, so they hold for any corpus."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

WIDTHS = [360, 1366]


def _open(open_page, width: int, query: str = ""):
    page = open_page(width=width, height=900)
    page.goto("timeline.html" + query)
    page.locator(".tl-canvas .tl-mark").first.wait_for()
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_a_cluster_zooms_to_just_its_years(open_page, width):
    page = _open(open_page, width)
    clusters = page.evaluate("""() => document.querySelector('.tl-canvas').tlNodes
        .map((node, i) => [i, node.tlMark]).filter(([, m]) => m.kind === 'cluster')
        .map(([i, m]) => ({i, n: m.events.length, from: Math.min(...m.events.map(e => e.start)),
                           to: Math.max(...m.events.map(e => e.end))}))""")
    if not clusters:
        pytest.fail(f"at {width} px the whole timeline has no cluster to zoom into")
    biggest = max(clusters, key=lambda c: c["n"])
    page.evaluate("(i) => document.querySelector('.tl-canvas').tlNodes[i].click()", biggest["i"])
    page.wait_for_function("() => new URL(location.href).searchParams.has('from')")
    params = page.evaluate("() => Object.fromEntries(new URL(location.href).searchParams)")
    import math

    assert int(params["from"]) == math.floor(biggest["from"]), (params, biggest)
    assert int(params["to"]) == max(math.ceil(biggest["to"]) - 1, math.floor(biggest["from"])), (params, biggest)
    shown = page.locator("ol.timeline > li.timeline-event:visible").count()
    assert shown >= biggest["n"], f"the zoomed view shows {shown} events, the cluster had {biggest['n']}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_mark_and_band_is_a_target_of_24px(open_page, site_server, width):
    periods = json.loads((site_server.site_dir / "data" / "periods.json").read_text("utf-8"))
    for query in ("", f"?period={periods[len(periods) // 2]['id']}"):
        page = _open(open_page, width, query)
        small = page.evaluate("""() => [...document.querySelectorAll('.tl-canvas .tl-mark, .tl-canvas button.tl-band')]
            .map(el => { const r = el.getBoundingClientRect();
                         return [el.className, el.getAttribute('aria-label'), r.width, r.height]; })
            .filter(([, , w, h]) => w < 24 || h < 24)""")
        assert not small, f"at {width} px{query}: targets under 24 × 24 px: {small[:5]}"
    page = _open(open_page, width)
    buttons = page.locator(".tl-canvas button.tl-band").count()
    assert buttons == len(periods), f"at {width} px {buttons} of {len(periods)} period bands can be tapped"


def test_the_axis_gives_space_by_events(open_page, site_server):
    """No period with a small share of the events takes a large share of the
    axis (issue 22: "Early contacts", 4 events, took 40 %)."""
    periods = json.loads((site_server.site_dir / "data" / "periods.json").read_text("utf-8"))
    total = sum(len(p["events"]) for p in periods)
    page = _open(open_page, 1366)
    widths = page.evaluate("""() => [...document.querySelectorAll('.tl-backdrop .tl-stripe')]
        .map(s => s.getBoundingClientRect().width)""")
    axis = page.evaluate("() => document.querySelector('.tl-canvas').clientWidth")
    assert len(widths) == len(periods)
    for period, width in zip(periods, widths, strict=True):
        events = len(period["events"]) / total
        assert width / axis <= max(0.25, 2.5 * events), (
            f"{period['title']}: {events:.0%} of the events, {width / axis:.0%} of the axis")


@pytest.mark.parametrize("width", WIDTHS)
def test_titles_beside_marks_are_cut_between_words(open_page, site_server, width):
    periods = json.loads((site_server.site_dir / "data" / "periods.json").read_text("utf-8"))
    checked = 0
    for query in ["", *(f"?period={p['id']}" for p in periods[-3:])]:
        page = _open(open_page, width, query)
        labels = page.evaluate("""() => document.querySelector('.tl-canvas').tlNodes
            .filter(n => n.querySelector('.tl-label'))
            .map(n => [n.tlMark.event.title, n.querySelector('.tl-label').textContent,
                       n.querySelector('.tl-label').scrollWidth, n.querySelector('.tl-label').clientWidth])""")
        for title, text, scroll, client in labels:
            if text != title:
                assert text.endswith("…"), (title, text)
                kept = text[:-1]
                assert title.startswith(kept) and title[len(kept)] in " ,;:–—-", (title, text)
            assert scroll <= client + 1, f"the label {text!r} overflows its box (cut by the box)"
            checked += 1
        # Band titles: no word wider than its band (it would be cut inside).
        cut = page.evaluate("""() => [...document.querySelectorAll('.tl-band-title')]
            .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent)""")
        assert not cut, f"at {width} px{query} band titles cut inside a word: {cut}"
    assert checked, f"at {width} px no mark has a title beside it"


@pytest.mark.parametrize("width", WIDTHS)
def test_titles_beside_marks_read_across(open_page, site_server, width):
    """A title beside a disputed event's mark reads left to right like every
    other (it was turned 45°, a leftover of when the whole diamond mark was
    a turned square, and crossed the titles above it), in each period's
    view, where the marks have room for titles."""
    periods = json.loads((site_server.site_dir / "data" / "periods.json").read_text("utf-8"))
    page = _open(open_page, width)
    checked = 0
    for period in periods:
        page.goto(f"timeline.html?period={period['id']}")
        page.locator(".tl-canvas .tl-mark").first.wait_for()
        turned = page.evaluate("""() => [...document.querySelectorAll('.tl-canvas .tl-label')]
            .filter(l => l.getClientRects().length)
            .map(l => [l.textContent, new DOMMatrixReadOnly(getComputedStyle(l).transform).b])
            .filter(([, b]) => Math.abs(b) > 1e-6)""")
        assert not turned, (period["id"], width, turned[:3])
        checked += page.locator(".tl-canvas .tl-mark--disputed .tl-label").count()
    assert checked, "no disputed event's mark has a title in any period's view"
