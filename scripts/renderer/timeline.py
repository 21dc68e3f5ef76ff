"""The timeline page: data preparation only. The markup is the template
``timeline.html`` (``scripts/templates/``, overridable from
``overrides/portal/``); ``overrides/assets/timeline.js`` draws the time axis in the
browser from what the template writes.

In: the shared :class:`~scripts.renderer.pages.Context`. Out: one
:class:`~scripts.model.GeneratedPage` (``timeline.md``).

What the page holds, and why:

* the text list (an ``<ol>`` of ``<time>`` per period) is the page without
  JavaScript and the accessible version of the axis. Each item carries its
  span in fractional years (``data-when``) and its filter keys as indexes
  into the filter menus (``data-t``/``data-k``/``data-s``): the list is the
  only per-event copy in the page, so the page grows by one list item per
  event and nothing else;
* a small JSON island (``#timeline-data``) with the axis scale and the
  periods: its size depends on the number of periods, not of events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scripts.dates import chronological_key
from scripts.model import Event, GeneratedPage
from scripts.renderer import statements as statements_render
from scripts.renderer.pages import KIND_LABELS, Context, front_matter, period_span, theme_label

#: An empty stretch of at least this many years between events is cut out of
#: the axis and drawn as a break (the centuries between the 9th-century
#: merchants and Peter the Great have no event).
BREAK_MIN_YEARS = 40

#: Share of the axis a break takes, and the share bounds of a condensed run
#: (a run of events that is not the densest one): the busy decades keep most
#: of the width, and the early centuries stay visible.
BREAK_SHARE = 0.02
CONDENSED_SHARE = (0.03, 0.1)


# --- dates as positions -------------------------------------------------------------------


def year_fraction(day: dt.date) -> float:
    """``1972-07-02`` → 1972.5: the year plus the share of it gone by."""
    first = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - first).days if day.year < dt.MAXYEAR else 365
    return day.year + (day - first).days / length


def event_span(event: Event) -> tuple[float, float]:
    """The years an event may fall in: from its first day to the end of its last day."""
    return year_fraction(event.date.start), year_fraction(event.date.end) + 1 / 365


def _num(value: float) -> str:
    # Fixed decimals: the page is byte-identical from build to build.
    return f"{value:.3f}"


def date_marks(event: Event) -> str:
    """How sure the date is, as words the axis draws: ``approximate`` (c. 1975),
    ``uncertain`` (2012?), ``interval`` (1986/1988), ``disputed``."""
    marks = []
    if event.date.approximate:
        marks.append("approximate")
    if event.date.uncertain:
        marks.append("uncertain")
    if "/" in event.date.text:
        marks.append("interval")
    if event.disputed:
        marks.append("disputed")
    return " ".join(marks)


def machine_date(event: Event) -> str:
    """The ``datetime`` of ``<time>``: the first day at the precision given."""
    core = event.date.text.split("/")[0].rstrip("~?%")
    start = event.date.start
    if len(core) == 10 and "X" not in core:
        return start.isoformat()
    if len(core) == 7 and "X" not in core:
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}"


# --- the scale ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A stretch of the axis: years ``start``–``end`` drawn from ``x0`` to
    ``x1`` (shares of the axis width). ``kind``: ``linear`` (the densest run,
    true to scale), ``condensed`` (another run, squeezed) or ``break``
    (empty years cut out)."""

    kind: str
    start: float
    end: float
    x0: float = 0.0
    x1: float = 0.0

    def as_data(self) -> dict:
        return {"kind": self.kind, "from": round(self.start, 3), "to": round(self.end, 3),
                "x0": round(self.x0, 5), "x1": round(self.x1, 5)}


def axis_segments(spans: list[tuple[float, float]], lo: float, hi: float,
                  anchors: tuple[float, ...] = (), break_min: float = BREAK_MIN_YEARS) -> list[Segment]:
    """Cut ``lo``–``hi`` into runs and breaks, and give each a share of the width.

    *spans* are the events' (start, end) in years; *anchors* are years that
    must stay on the drawn axis (the periods' starts). Runs are separated by
    at least *break_min* empty years; a break is trimmed to whole decades so
    that the runs keep round ends. The run with the most events is drawn to
    scale, the others condensed. Without events the axis is one linear run.
    """
    hi = max(hi, lo + 1)
    if not spans:
        return [Segment("linear", lo, hi, 0.0, 1.0)]
    points = sorted([(s, e, 1) for s, e in spans] + [(a, a, 0) for a in (lo, hi, *anchors)])
    runs: list[list[float]] = []            # [start, end, number of events]
    for start, end, count in points:
        if runs and start - runs[-1][1] < break_min:
            runs[-1][1] = max(runs[-1][1], end)
            runs[-1][2] += count
        else:
            runs.append([start, end, count])
    pieces: list[tuple[str, float, float, int]] = []
    for start, end, count in runs:
        if pieces:
            _, previous_start, previous_end, previous_count = pieces.pop()
            gap_from = -(-previous_end // 10) * 10          # up to a whole decade
            gap_to = start // 10 * 10                       # down to a whole decade
            if gap_to - gap_from >= break_min / 2:
                pieces += [("run", previous_start, gap_from, previous_count), ("break", gap_from, gap_to, 0)]
                start = gap_to
            else:
                pieces.append(("run", previous_start, start, previous_count))
        pieces.append(("run", start, end, count))
    main = max((p for p in pieces if p[0] == "run"), key=lambda p: (p[3], p[1]))
    low, high = CONDENSED_SHARE
    # A condensed run is as wide as its share of the events, within bounds:
    # space by density of events, not by years (issue 22).
    events = max(1, sum(p[3] for p in pieces if p[0] == "run"))
    shares = [None if piece is main else BREAK_SHARE if piece[0] == "break"
              else min(high, max(low, piece[3] / events)) for piece in pieces]
    fixed = sum(s for s in shares if s is not None)
    rest = max(0.5, 1 - fixed)
    total = rest + fixed
    out, x = [], 0.0
    for piece, share in zip(pieces, shares, strict=True):
        width = (rest if share is None else share) / total
        kind = "linear" if piece is main else piece[0].replace("run", "condensed")
        out.append(Segment(kind, piece[1], piece[2], x, min(1.0, x + width)))
        x += width
    last = out[-1]
    out[-1] = Segment(last.kind, last.start, last.end, last.x0, 1.0)
    return [piece for segment in out for piece in
            (_by_density(segment, spans) if segment.kind == "linear" else (segment,))]


#: In the densest run, how much of a decade's width comes from its share of
#: the events (the rest from its share of the years): a quiet decade
#: narrows, a busy one widens, and every decade keeps some width.
DENSITY_WEIGHT = 0.8


def _by_density(segment: Segment, spans: list[tuple[float, float]]) -> list[Segment]:
    """The densest run cut at whole decades, each decade as wide as its
    events and years together make it (DENSITY_WEIGHT): the axis gives space
    by density of events, not by years (four early events must not take 40 %
    of it). Each piece is linear inside; the pieces follow each other."""
    edges = [segment.start, *range(int(segment.start // 10 * 10) + 10, int(segment.end), 10), segment.end]
    edges = sorted({e for e in edges if segment.start <= e <= segment.end})
    if len(edges) < 3:
        return [segment]
    middles = [(s + e) / 2 for s, e in spans if segment.start <= (s + e) / 2 <= segment.end]
    years = segment.end - segment.start
    weights = []
    for a, b in zip(edges, edges[1:], strict=False):
        count = sum(1 for m in middles if a <= m < b or (b == segment.end and m == b))
        weights.append((1 - DENSITY_WEIGHT) * (b - a) / years + DENSITY_WEIGHT * (count / len(middles) if middles else (b - a) / years))
    total = sum(weights)
    out, x = [], segment.x0
    for (a, b), weight in zip(zip(edges, edges[1:], strict=False), weights, strict=True):
        width = (segment.x1 - segment.x0) * weight / total
        out.append(Segment("linear", a, b, x, x + width))
        x += width
    out[-1] = Segment("linear", out[-1].start, out[-1].end, out[-1].x0, segment.x1)
    return out


# --- the page -------------------------------------------------------------------------------


def _options(values, label) -> list[dict]:
    return [{"value": v, "label": label(v)} for v in values]


def _index_list(values, index: dict) -> str:
    return " ".join(str(index[v]) for v in sorted(values, key=index.__getitem__))


def timeline_data(ctx: Context, here: str = "timeline.md") -> dict:
    """Everything the template needs: periods with their events, the filter
    menus, and the JSON island of the axis."""
    events = sorted(ctx.corpus.events, key=lambda e: (chronological_key(e.date), e.id))
    themes = sorted({t for e in events for t in e.tags})
    kinds = sorted({ctx.actor_kinds[a] for e in events for a in e.actors})
    sources = sorted({c.source_id for e in events for c in e.citations},
                     key=lambda s: (ctx.source_short(s).casefold(), s))
    theme_index = {v: i for i, v in enumerate(themes)}
    kind_index = {v: i for i, v in enumerate(kinds)}
    source_index = {v: i for i, v in enumerate(sources)}

    spans = {e.id: event_span(e) for e in events}
    today = year_fraction(ctx.corpus.build.date) + 1 / 365
    period_rows = []
    for period in ctx.corpus.periods:
        start = year_fraction(period.start.start)
        end = year_fraction(period.end.end) + 1 / 365 if period.end else None
        period_rows.append([period, start, end])
    ends = [s[1] for s in spans.values()] + [p[1] for p in period_rows] + \
        [p[2] for p in period_rows if p[2] is not None]
    starts = [s[0] for s in spans.values()] + [p[1] for p in period_rows]
    lo = min(starts) if starts else today - 1
    hi = max(ends + [today]) if any(p[2] is None for p in period_rows) or not ends else max(ends)
    for row in period_rows:
        if row[2] is None:
            row[2] = max(hi, row[1])

    periods = []
    for period, start, end in period_rows:
        items = []
        for event in sorted(ctx.events_of_period.get(period.id, []),
                            key=lambda e: (chronological_key(e.date), e.id)):
            first, last = spans[event.id]
            items.append({
                "title": event.title, "url": ctx.link(here, "event", event.id),
                "label": statements_render.date_label(event), "datetime": machine_date(event),
                "when": f"{_num(first)} {_num(last)}", "marks": date_marks(event),
                "disputed": event.disputed,
                "themes": _index_list(event.tags, theme_index),
                "kinds": _index_list({ctx.actor_kinds[a] for a in event.actors}, kind_index),
                "sources": _index_list({c.source_id for c in event.citations}, source_index)})
        periods.append({"id": period.id, "title": period.title, "span": period_span(period),
                        "url": ctx.link(here, "period", period.id), "from": start, "to": end,
                        "when": f"{_num(start)} {_num(end)}", "events": items})

    segments = axis_segments(list(spans.values()), lo, hi, tuple(p[1] for p in period_rows))
    data = {"segments": [s.as_data() for s in segments],
            "periods": [{"id": p["id"], "title": p["title"], "span": p["span"], "url": p["url"],
                         "from": round(p["from"], 3), "to": round(p["to"], 3)} for p in periods],
            "events": len(events)}
    return {
        "periods": periods, "count": len(events), "data": data,
        "first_year": int(lo), "last_year": int(hi - 1e-9),
        "breaks": [{"from": int(s.start), "to": int(s.end)} for s in segments if s.kind == "break"],
        "themes": _options(themes, theme_label),
        "kinds": _options(kinds, lambda k: KIND_LABELS.get(k, k)),
        "sources": [{"value": s, "label": _source_label(ctx, s)} for s in sources],
    }


def _source_label(ctx: Context, source_id: str) -> str:
    """A source as the filter menu names it: "Mahmoudian (2021): Title"
    (several sources may share an author and a year)."""
    return f"{ctx.source_short(source_id)}: {ctx.source_title(source_id)}"


def timeline_page(ctx: Context) -> GeneratedPage:
    here = "timeline.md"
    body = ctx.render("timeline.html", **timeline_data(ctx, here))
    head = front_matter("Timeline", "Every event of Iraq–Russia relations on a time axis, by period.",
                        search={"boost": 1.2}, hide=["navigation"], assets=["timeline"])
    return GeneratedPage(here, head + body, "sources/events/README.md", "Timeline")
