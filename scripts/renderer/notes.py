"""Editors' notes as HTML: beside their targets (an event, a passage, a
source …) and numbered on the method page. ``ctx`` is
:class:`scripts.renderer.pages.Context`."""

from __future__ import annotations

from markupsafe import Markup

from scripts.model import Note
from scripts.renderer.html import esc
from scripts.renderer.references import NOTES_PAGE, cite_name, inline, note_anchor, ref_link, refs_html
from scripts.urls import relative

NOTE_KINDS = {"correction": "Correction", "context": "Context", "inference": "Inference",
              "source-criticism": "Source criticism"}


def notes_for(ctx, target: str) -> list[Note]:
    return ctx.notes_by_target.get(target, [])


def _note(ctx, here: str, note: Note, anchor: bool = False, target: bool = False) -> dict:
    """The data of one note for ``_notes.html``."""
    return {"kind": note.kind, "kind_label": NOTE_KINDS.get(note.kind, note.kind), "number": note.number,
            "anchor": note_anchor(note) if anchor else None, "text": Markup(inline(ctx, here, note.text)),
            "rests": Markup(refs_html(ctx, here, note.passages)),
            "references": [italics(ctx, r) for r in note.references],
            "target": _target_link(ctx, here, note) if target else None}


def notes_html(ctx, here: str, target: str) -> str:
    """The notes attached to *target* ("event:x", "passage:s/p3" …), or ""."""
    found = notes_for(ctx, target)
    if not found:
        return ""
    return ctx.render("_notes.html", layout="target", notes=[_note(ctx, here, n) for n in found])


def passage_notes(ctx, here: str, passage_id: str, tag: str = "div") -> str:
    """Notes beside a passage on its source page, in a *tag* (div or span)."""
    found = notes_for(ctx, f"passage:{passage_id}")
    if not found:
        return ""
    return ctx.render("_notes.html", layout="passage", tag=Markup(tag), notes=[_note(ctx, here, n) for n in found])


def notes_block(ctx, here: str = NOTES_PAGE) -> str:
    """Every note, numbered, for the method page (``<!-- portal:notes -->``)."""
    return ctx.render("_notes.html", layout="list",
                      notes=[_note(ctx, here, n, anchor=True, target=True) for n in ctx.corpus.notes])


def _target_link(ctx, here: str, note: Note) -> Markup:
    kind, target = note.target_kind, note.target_id
    if kind == "passage" and target in ctx.passages:
        return Markup(ref_link(ctx, here, target))
    pages = {"event": ctx.events, "actor": ctx.actors, "period": ctx.periods, "source": ctx.sources}
    if kind in pages and target in pages[kind]:
        item = pages[kind][target]
        title = getattr(item, "title", None) or getattr(item, "name", None) or cite_name(item.entry)
        return Markup(ctx.part("lang_link", href=ctx.link(here, kind, target), text=title))
    if kind == "glossary":
        return Markup(ctx.part("link", href=relative(here, "glossary.md"), text=f"glossary: {target}"))
    return Markup(esc(note.target))


def italics(ctx, reference: str) -> Markup:
    """A reference as typed, its ``*starred*`` words (a title) in italics."""
    return Markup(ctx.part("italics", pieces=reference.split("*")))


def blocks(ctx) -> dict[str, str]:
    """Blocks for hand-written pages (``<!-- portal:NAME -->``)."""
    return {"notes": notes_block(ctx, NOTES_PAGE)}
