"""The "Further reading" page (``bibliography.md``): every work cited in the
editors' notes and every source of the portal, grouped by period, each with
what it is cited for. ``ctx`` is :class:`scripts.renderer.pages.Context`.

A work belongs to a period when something in that period rests on it: for a
note's references, the events whose prose cites the note (``[[note:id]]``)
and the event or period the note is about; only when none of these ties it
to a period, the events citing the passages the note is about or rests on.
For a source, the events that cite it. A work that nothing in a period rests
on is listed under "Across periods". Nothing is inferred from the work's
title or date.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from scripts.model import GeneratedPage
from scripts.renderer.citation import chicago_source
from scripts.renderer.notes import NOTE_KINDS, italics
from scripts.renderer.pages import Link, front_matter
from scripts.renderer.references import NOTES_PAGE, note_anchor
from scripts.urls import relative

HERE = "bibliography.md"
#: The heading of works nothing in one period rests on.
ACROSS = "Across periods"


def _periods_of_passages(ctx, passage_ids) -> set[str]:
    wanted = set(passage_ids)
    return {event.period_id for event in ctx.corpus.events
            if any(c.passage_id in wanted for c in event.citations)}


def _prose(event) -> str:
    parts = [event.summary]
    if event.dispute is not None:
        parts += [getattr(event.dispute, "assessment", "") or ""]
        parts += [getattr(r, "summary", "") or "" for r in getattr(event.dispute, "readings", ())]
    return " ".join(parts)


def _note_periods(ctx, note) -> set[str]:
    kind, target = note.target_kind, note.target_id
    cited = re.compile(rf"note:{re.escape(note.id)}(?![\w-])")
    found = {e.period_id for e in ctx.corpus.events if cited.search(_prose(e))}
    found |= {p.id for p in ctx.corpus.periods if cited.search(p.summary)}
    if kind == "event" and target in ctx.events:
        found.add(ctx.events[target].period_id)
    elif kind == "period" and target in ctx.periods:
        found.add(target)
    if not found:
        found = _periods_of_passages(ctx, [*note.passages, *([target] if kind == "passage" else [])])
    return found


def bibliography_groups(ctx) -> list[dict]:
    """[{"period": title or ACROSS, "works": [{"citation": Markup, "kind":
    "source"|"reference", "for": [Link …]}]}] in the order of the periods."""
    groups: dict[str, dict] = {}
    order = [p.id for p in ctx.corpus.periods] + [ACROSS]

    def work(period: str, key: str, citation: Markup, kind: str) -> dict:
        group = groups.setdefault(period, {})
        return group.setdefault(key, {"citation": citation, "kind": kind, "for": []})

    for note in ctx.corpus.notes:
        href = relative(HERE, NOTES_PAGE, f"#{note_anchor(note)}")
        reason = Link(href, f"note {note.number}", f"({NOTE_KINDS.get(note.kind, note.kind).lower()})")
        for reference in note.references:
            for period in sorted(_note_periods(ctx, note)) or [ACROSS]:
                entry = work(period, "ref:" + reference, italics(ctx, reference), "reference")
                if reason not in entry["for"]:
                    entry["for"].append(reason)
    # The events citing each source, by period, in the events' order (one pass over the events).
    citing_by_source: dict[str, dict[str, list]] = {}
    for event in ctx.corpus.events:
        for source_id in dict.fromkeys(c.source_id for c in event.citations):
            citing_by_source.setdefault(source_id, {}).setdefault(event.period_id, []).append(event)
    for source in ctx.corpus.sources:
        citing = citing_by_source.get(source.id, {})
        citation = Markup(chicago_source(source.entry))
        for period, events in sorted(citing.items()) or [(ACROSS, [])]:
            entry = work(period, "source:" + source.id, citation, "source")
            entry["for"].extend(Link(ctx.link(HERE, "event", e.id), e.title) for e in events)
            if not events:
                entry["for"].append(Link(ctx.link(HERE, "source", source.id), "the source page",
                                         "(no event cites it yet)"))
    out = []
    for period in order:
        if period not in groups:
            continue
        works = sorted(groups[period].values(), key=lambda w: (w["kind"] != "source", str(w["citation"])))
        title = ACROSS if period == ACROSS else ctx.period_titles.get(period, period)
        link = None if period == ACROSS else ctx.link(HERE, "period", period)
        out.append({"period": title, "link": link, "works": works})
    return out


def bibliography_page(ctx) -> GeneratedPage:
    markdown = ctx.render(
        "bibliography.html",
        front_matter=Markup(front_matter("Further reading", "Every source of the portal and every work its "
                                         "editors' notes cite, by period, with what each is cited for.")),
        groups=bibliography_groups(ctx))
    return GeneratedPage(HERE, markdown, "sources/notes/README.md", "Further reading")
