"""What the sources state, as readers see it: an event's date with the
parts no citation states in brackets and the editors' reason, what one
citation states ("This quotation dates it to 1972."), and a role's term. ``ctx`` is
:class:`scripts.renderer.pages.Context`."""

from __future__ import annotations

from markupsafe import Markup

from scripts import dates
from scripts.claims import precision
from scripts.model import Event, Role
from scripts.renderer.html import esc
from scripts.renderer.notes import notes_html
from scripts.renderer.references import _source_name, inline, ref_link, refs_html


def inferred_parts(event: Event) -> frozenset:
    """The components of the event's date that no citation states."""
    try:
        stated = dates.statement(event.date.text)
        stating = [dates.statement(c.says.date) for c in event.citations if c.says]
    except dates.StatementError:
        return frozenset()
    return precision.unstated(stated, [d for d in stating if dates.overlap(stated, d)])


def date_label(event: Event) -> str:
    """The event's date in words, inferred parts in brackets: 22 August [1990]."""
    missing = inferred_parts(event)
    if not missing:
        return event.date.label
    try:
        return precision.bracketed_label(event.date.text, missing)
    except dates.StatementError:
        return event.date.label


def inference_html(ctx, here: str, event: Event) -> str:
    """The reason for the bracketed parts of an event's date (event page)."""
    if event.inferred is None:
        return ""
    return ctx.render("_inference.html", label=date_label(event),
                      reason=Markup(inline(ctx, here, event.inferred.reason)),
                      refs=Markup(refs_html(ctx, here, event.inferred.passages)))


def says_html(ctx, event: Event, index: int) -> str:
    """What one citation states, in words (under its quote on the event page)."""
    citation = event.citations[index]
    if citation.says is None:
        return ""
    # A sentence, not a form: "This quotation dates it to March 1959; it
    # gives Soviet military advisers in Iraq: 193 people."
    stated = citation.says.date.strip("X-")
    when = precision.says_label(citation.says.date)
    if when[:1].isdigit() and when.endswith("0s"):
        when = "the " + when                         # "to the 1970s"
    sentence = f"This quotation dates it to {when}" if stated else "This quotation gives no date"
    quantities = [q.words() for q in citation.says.quantities]
    if quantities:
        sentence += "; it gives " + "; ".join(quantities)
    return ctx.render("_says.html", sentence=sentence + ".")


def role_when(role: Role) -> str:
    """The term of a role as readers see it (escaped HTML)."""
    if role.when is None:
        return '<span class="term-unstated">term not stated in the sources</span>'
    return esc(role.when.label)


def role_source(ctx, here: str, role: Role) -> str:
    if role.passage_id and role.passage_id in ctx.passages:
        return ref_link(ctx, here, role.passage_id)
    if role.source_id and role.source_id in ctx.sources:
        return f'<a href="{esc(ctx.link(here, "source", role.source_id))}">{esc(_source_name(ctx, role.source_id))}</a>'
    return "—"


def event_extras(ctx, here: str, event: Event) -> str:
    """Everything the claims model adds to an event page, after the summary."""
    return inference_html(ctx, here, event) + notes_html(ctx, here, f"event:{event.id}")
