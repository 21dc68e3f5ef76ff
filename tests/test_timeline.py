"""The timeline page's data preparation (scripts/renderer/timeline.py) and
its template: the axis scale for any spread of dates, escaping, and the
page's size. The browser side is in tests/test_browser.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.renderer import timeline
from scripts.renderer.pages import Context

# ---------------------------------------------------------------------- the scale


def _check_scale(segments, lo, hi, spans):
    assert segments[0].start <= lo and segments[-1].end >= hi
    assert segments[0].x0 == 0 and segments[-1].x1 == 1
    for left, right in zip(segments, segments[1:], strict=False):
        assert left.end == right.start, f"the axis has a hole or an overlap: {left} {right}"
        assert left.x1 == pytest.approx(right.x0)
    for segment in segments:
        assert segment.x1 > segment.x0, f"{segment} has no width"
        assert segment.kind in ("linear", "condensed", "break")
        if segment.kind == "break":     # a break hides no event
            assert not any(s < segment.end and e > segment.start for s, e in spans), segment
    # The densest run is one stretch of linear pieces (decades by density).
    kinds = [s.kind for s in segments]
    first, last = kinds.index("linear"), len(kinds) - 1 - kinds[::-1].index("linear")
    assert set(kinds[first:last + 1]) == {"linear"}, kinds


def _collapsed(segments) -> list[str]:
    """The kinds of the axis' stretches, the linear pieces of the densest run as one."""
    kinds = []
    for segment in segments:
        if not (kinds and kinds[-1] == "linear" == segment.kind):
            kinds.append(segment.kind)
    return kinds


def test_scale_without_events_is_one_linear_run():
    segments = timeline.axis_segments([], 1900.0, 2000.0)
    assert [s.kind for s in segments] == ["linear"]
    _check_scale(segments, 1900.0, 2000.0, [])


def test_scale_breaks_empty_centuries_and_keeps_the_busy_run_to_scale():
    spans = [(800.0, 900.0), (1733.0, 1734.0), (1925.0, 1926.0)] + [(1950.0 + i, 1950.5 + i) for i in range(60)]
    segments = timeline.axis_segments(spans, 800.0, 2025.0)
    _check_scale(segments, 800.0, 2025.0, spans)
    assert _collapsed(segments) == ["condensed", "break", "condensed", "break", "linear"]
    linear = [s for s in segments if s.kind == "linear"]
    assert linear[0].start <= 1925 and linear[-1].x1 - linear[0].x0 > 0.5, "the busy run does not keep most of the width"


def test_the_densest_run_gives_space_by_events_not_years():
    """Issue 22: a quiet stretch of the busy run (one event in 1925–1949)
    must not take the width its years would; the decades with the events do."""
    spans = [(1925.0, 1926.0)] + [(1990.0 + i / 3, 1990.1 + i / 3) for i in range(60)]
    segments = [s for s in timeline.axis_segments(spans, 1920.0, 2025.0) if s.kind == "linear"]
    width = sum(s.x1 - s.x0 for s in segments)
    quiet = sum(s.x1 - s.x0 for s in segments if s.end <= 1990)
    busy = sum(s.x1 - s.x0 for s in segments if s.start >= 1990 and s.end <= 2010)
    assert quiet / width < 0.35, f"70 quiet years take {quiet / width:.0%} of the run"
    assert busy / width > 0.5, f"the two decades of 60 events take only {busy / width:.0%}"
    # Inside each piece the scale is linear and pieces follow each other.
    for a, b in zip(segments, segments[1:], strict=False):
        assert a.end == b.start and a.x1 == pytest.approx(b.x0)
    # Breaks end on whole decades.
    assert all(s.start % 10 == 0 and s.end % 10 == 0 for s in segments if s.kind == "break")


def test_scale_keeps_period_starts_on_the_axis():
    spans = [(1950.0, 1951.0), (1990.0, 1991.0)]
    with_anchor = timeline.axis_segments(spans, 1950.0, 1991.0, anchors=(1970.0,))
    assert not any(s.kind == "break" and s.start < 1970 < s.end for s in with_anchor)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2100), st.integers(0, 30)), max_size=40))
def test_scale_is_well_formed_for_any_dates(raw):
    spans = [(float(s), float(s + length) + 0.01) for s, length in raw]
    lo = min([s for s, _ in spans] + [1000.0])
    hi = max([e for _, e in spans] + [2000.0])
    _check_scale(timeline.axis_segments(spans, lo, hi), lo, hi, spans)


def test_year_fraction():
    assert timeline.year_fraction(dt.date(1972, 1, 1)) == 1972.0
    assert 1972.49 < timeline.year_fraction(dt.date(1972, 7, 1)) < 1972.51
    assert timeline.year_fraction(dt.date(1999, 12, 31)) < 2000.0


# ---------------------------------------------------------------------- the page


class _Items(HTMLParser):
    """The list items of the timeline and their attributes."""

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self.island = None
        self._in_island = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and "timeline-event" in (attrs.get("class") or ""):
            self.items.append(attrs)
        self._in_island = tag == "script" and attrs.get("id") == "timeline-data"

    def handle_data(self, data):
        if self._in_island:
            self.island = json.loads(data)
            self._in_island = False


def _render(corpus) -> str:
    return timeline.timeline_page(Context(corpus)).markdown


def test_every_event_is_listed_once_with_its_span(pipeline_result):
    corpus = pipeline_result.corpus
    parser = _Items()
    parser.feed(_render(corpus))
    assert len(parser.items) == len(corpus.events)
    for item in parser.items:
        start, end = (float(x) for x in item["data-when"].split())
        assert start < end
    assert [p["id"] for p in parser.island["periods"]] == [p.id for p in corpus.periods]
    assert parser.island["events"] == len(corpus.events)


def test_hostile_titles_are_text(pipeline_result):
    """A title that looks like markup stays text in the list, the menus and
    the JSON island (which it must not be able to close)."""
    corpus = pipeline_result.corpus
    evil = 'Evil </script><script>alert(1)</script> & "quotes" {{ braces }}'
    events = (dataclasses.replace(corpus.events[0], title=evil),) + corpus.events[1:]
    periods = (dataclasses.replace(corpus.periods[0], title=evil),) + corpus.periods[1:]
    page = _render(dataclasses.replace(corpus, events=events, periods=periods))
    assert "<script>alert(1)" not in page
    assert page.count("<script") == 1, "the island was closed by a title"
    parser = _Items()
    parser.feed(page)
    assert parser.island["periods"][0]["title"] == evil
    assert "Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34; {{ braces }}" in page


def test_the_page_is_deterministic(pipeline_result):
    corpus = pipeline_result.corpus
    assert _render(corpus) == _render(corpus)


def test_the_list_is_the_only_per_event_copy(pipeline_result):
    """The page grows by one list item per event: no second copy of the
    events (the JSON island holds periods and the scale only)."""
    corpus = pipeline_result.corpus
    page = _render(corpus)
    island = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', page, re.S).group(1)
    assert len(island) < 400 * (len(corpus.periods) + 10)
    for event in corpus.events:
        assert page.count(f"events/{event.id}.html") == 1, event.id
    # A budget per event: the list item, gzip (how it travels).
    per_event = len(gzip.compress(page.encode())) / max(1, len(corpus.events))
    assert per_event < 250, f"{per_event:.0f} bytes (gzip) per event"


def test_axis_controls_stay_out_of_search(built_site):
    """The legend, help and filter menus are machinery: searching "sources"
    or "Keyboard" must not find the timeline for them. (Material ends a
    data-search-exclude at the first closing tag of the same name, so the
    attribute sits on elements that hold none of their own kind.)"""
    index = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"] for d in index["docs"] if d["location"].split("#")[0] == "timeline.html"]
    assert texts, "the timeline is not in the search index"
    for words in ("Keyboard:", "All sources", "Several events close together", "The whole timeline"):
        assert not any(words in text for text in texts), f"{words!r} is in the search index"
