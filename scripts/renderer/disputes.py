"""Disputes: the readings of a contested claim side by side, each with
who holds it, their own quotes, the editors' summary and the sources'
assessed weaknesses. ``ctx`` is :class:`scripts.renderer.pages.Context`."""

from __future__ import annotations

from markupsafe import Markup

from scripts.claims import disputes, keys
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
        for i in disputes.reading_citations(event, reading):
            citation = event.citations[i]
            number = ctx.passages[citation.passage_id].passage.number if citation.passage_id in ctx.passages else ""
            quotes.append({"target": ctx.link(here, "source", citation.source_id, citation.fragment),
                           "text": citation.quote, "source": _source_name(ctx, citation.source_id),
                           "number": number, "says": Markup(says_html(ctx, event, i, here))})
        readings.append({
            "letter": _letter(index), "label": reading.label, "quotes": quotes,
            "holders": _holders(ctx, here, [event.citations[i] for i in disputes.reading_citations(event, reading)]),
            "summary": Markup(_prose_html(ctx, here, reading.summary)), "cited_for": None,
            "weaknesses": [{"source": _source_name(ctx, s), "text": Markup(inline(
                ctx, here, dict(ctx.sources[s].entry.assessment).get("weaknesses", "Not assessed.")))}
                for s in reading.sources]})
    return ctx.render("_dispute.html", kind=dispute.kind, kind_words=DISPUTE_KINDS.get(dispute.kind, dispute.kind),
                      readings=readings, level=heading_level,
                      assessment=Markup(inline(ctx, here, dispute.assessment)))


def _holders(ctx, here: str, citations) -> list[dict]:
    """Who holds a reading: each citation's original claimant with the chain
    of report ("Soviet officials, reported by …, quoted by Wikipedia"),
    linked to the source, once each."""
    found = {}
    for citation in citations:
        name = keys.chain(citation, _source_name(ctx, citation.source_id))
        found.setdefault(name, {"href": ctx.link(here, "source", citation.source_id), "name": name})
    return list(found.values())


def key_title(ctx, dispute) -> str:
    """A claim key in words: "Soviet Union — supplies weapons to — Iraq"."""
    means = {p.id: p.means for p in ctx.corpus.vocabulary.predicates}
    key = dispute.key
    return (f"{ctx.actor_names.get(key.subject, key.subject)} — {means.get(key.predicate, key.predicate)} — "
            f"{ctx.actor_names.get(key.object, key.object)}")


def key_readings_html(ctx, here: str, dispute, assessment: str) -> str:
    """A disagreement computed across events (``_dispute.html``): one reading
    per statement, its quotes with the events that cite them, held by the
    original claimants; the editors' assessment, or that there is none yet."""
    readings = []
    for index, reading in enumerate(dispute.readings):
        quotes, holders, sources = [], [], []
        shown = set()
        for statement in reading.statements:
            citation = statement.citation
            event = ctx.events[statement.event_id]
            holders.append(citation)
            if (citation.source_id, citation.quote) in shown:
                continue                # the same words cited by another event
            shown.add((citation.source_id, citation.quote))
            number = ctx.passages[citation.passage_id].passage.number if citation.passage_id in ctx.passages else ""
            quotes.append({"target": ctx.link(here, "source", citation.source_id, citation.fragment),
                           "text": citation.quote, "source": _source_name(ctx, citation.source_id),
                           "number": number, "says": Markup(says_html(ctx, event, statement.index, here))})
            sources.append(citation.source_id)
        readings.append({
            "letter": _letter(index), "label": reading.label, "quotes": quotes,
            "holders": _holders(ctx, here, holders),
            "summary": None,
            "cited_for": [ctx.to(here, "event", e) for e in dict.fromkeys(s.event_id for s in reading.statements)],
            "weaknesses": [{"source": _source_name(ctx, s), "text": Markup(inline(
                ctx, here, dict(ctx.sources[s].entry.assessment).get("weaknesses", "Not assessed.")))}
                for s in dict.fromkeys(sources)]})
    return ctx.render("_dispute.html", kind=dispute.kind, kind_words=DISPUTE_KINDS.get(dispute.kind, dispute.kind),
                      readings=readings, level=4,
                      assessment=Markup(_prose_html(ctx, here, assessment)) if assessment else None)
