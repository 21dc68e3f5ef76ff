"""Disputes: the readings of a contested claim side by side, each with
who holds it, their own quotes, the editors' summary and the sources'
assessed weaknesses. ``ctx`` is :class:`scripts.renderer.pages.Context`."""

from __future__ import annotations

from markupsafe import Markup

from scripts.claims import references
from scripts.model import Event
from scripts.renderer.references import _prose_html, _source_name, inline
from scripts.renderer.statements import says_html

DISPUTE_KINDS = {"date": "a date", "quantity": "a number", "attribution": "who did or said it",
                 "interpretation": "what happened or what it meant"}


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def readings_html(ctx, here: str, event: Event, heading_level: int = 3) -> str:
    """The readings of a dispute side by side (``_dispute.html``): label, who
    holds it, their quotes, the editors' summary and the sources' assessed
    weaknesses. Returns Markdown-safe HTML ending in a blank line, or ""."""
    dispute = event.dispute
    if dispute is None:
        return ""
    readings = []
    for index, reading in enumerate(dispute.readings):
        quotes = []
        for i in _citations_of(event, reading):
            citation = event.citations[i]
            number = ctx.passages[citation.passage_id].passage.number if citation.passage_id in ctx.passages else ""
            quotes.append({"target": ctx.link(here, "source", citation.source_id, citation.fragment),
                           "text": citation.quote, "source": _source_name(ctx, citation.source_id),
                           "number": number, "says": Markup(says_html(ctx, event, i))})
        readings.append({
            "letter": _letter(index), "label": reading.label, "quotes": quotes,
            "holders": [{"href": ctx.link(here, "source", s), "name": _source_name(ctx, s)} for s in reading.sources],
            "summary": Markup(_prose_html(ctx, here, reading.summary)),
            "weaknesses": [{"source": _source_name(ctx, s), "text": Markup(inline(
                ctx, here, dict(ctx.sources[s].entry.assessment).get("weaknesses", "Not assessed.")))}
                for s in reading.sources]})
    return ctx.render("_dispute.html", kind=dispute.kind, kind_words=DISPUTE_KINDS.get(dispute.kind, dispute.kind),
                      readings=readings, level=heading_level,
                      assessment=Markup(inline(ctx, here, dispute.assessment)))


def _citations_of(event: Event, reading) -> list[int]:
    """The citations that hold a reading: those of its sources whose passage
    the reading's summary cites (a source may hold two readings with two
    quotes), else every citation of its sources."""
    cited = {ref for sentence in references.sentences(reading.summary)[0] for ref in sentence.refs}
    held = [i for i, c in enumerate(event.citations) if c.source_id in reading.sources]
    narrowed = [i for i in held if event.citations[i].passage_id in cited]
    return narrowed or held
