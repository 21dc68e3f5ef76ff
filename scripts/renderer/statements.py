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


def inferred_parts(event: Event) -> tuple[frozenset, ...]:
    """For each end of the event's date, the components whose value no
    citation states (brackets by value: a citation stating another year
    states no year of this date)."""
    try:
        stated = dates.statement(event.date.text)
        stating = [dates.statement(c.says.date) for c in event.citations if c.says]
    except dates.StatementError:
        return ()
    return precision.unstated_values(stated, stating)


def date_label(event: Event) -> str:
    """The event's date in words, inferred parts in brackets: 22 August [1990]."""
    missing = inferred_parts(event)
    if not any(missing):
        return event.date.label
    return dates.words(event.date.text, missing)


def inference_html(ctx, here: str, event: Event) -> str:
    """The reason for the bracketed parts of an event's date (event page)."""
    if event.inferred is None:
        return ""
    return ctx.render("_inference.html", label=date_label(event),
                      reason=Markup(inline(ctx, here, event.inferred.reason)),
                      refs=Markup(refs_html(ctx, here, event.inferred.passages)))


def says_html(ctx, event: Event, index: int, here: str = "") -> str:
    """What one citation states, in words (under its quote on the event page)."""
    citation = event.citations[index]
    if citation.says is None:
        return ""
    # A sentence, not a form: "This quotation dates it to March 1959; it
    # gives Soviet military advisers in Iraq: 193 people." What the editors
    # derived is theirs: in brackets, as an inferred date is, with the reason.
    derived = citation.says.derived
    stated = citation.says.date.strip("X-")
    when = precision.says_label(citation.says.date)
    if when[:1].isdigit() and when.endswith("0s"):
        when = "the " + when                         # "to the 1970s"
    if derived:
        when = f"[{when}]"
    open_end = when.startswith(("from ", "until "))   # "dates it from 1994"
    sentence = (f"This quotation dates it {when}" if open_end else f"This quotation dates it to {when}") \
        if stated else "This quotation gives no date"
    quantities = [q.words() for q in citation.says.quantities]
    if quantities:
        sentence += "; it gives " + "; ".join(quantities)
    return ctx.render("_says.html", sentence=sentence,
                      derived=Markup(inline(ctx, here, derived.reason)) if derived else None,
                      derived_refs=Markup(refs_html(ctx, here, derived.sources)) if derived else None)


def role_when(ctx, role: Role) -> Markup:
    """The term of a role as readers see it (escaped HTML)."""
    if role.when is None:
        return Markup(ctx.part("term_unstated"))
    return Markup(esc(role.when.label))


def role_source(ctx, here: str, role: Role) -> Markup:
    if role.passage_id and role.passage_id in ctx.passages:
        return Markup(ref_link(ctx, here, role.passage_id))
    if role.source_id and role.source_id in ctx.sources:
        return Markup(ctx.part("link", href=ctx.link(here, "source", role.source_id),
                               text=_source_name(ctx, role.source_id)))
    return Markup("—")


def event_extras(ctx, here: str, event: Event) -> str:
    """Everything the claims model adds to an event page, after the summary."""
    return inference_html(ctx, here, event) + notes_html(ctx, here, f"event:{event.id}")
