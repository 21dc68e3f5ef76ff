"""A source's assessment (author, kind, date, independence, known
weaknesses) as a collapsible block, with the notes about the source
(``_assessment.html``). ``ctx`` is :class:`scripts.renderer.pages.Context`."""

from __future__ import annotations

from markupsafe import Markup

from scripts.model import CatalogEntry
from scripts.renderer.notes import notes_html
from scripts.renderer.references import inline

ASSESSMENT_LABELS = (("author", "Author"), ("kind", "Kind of text"), ("date", "Date"),
                     ("independence", "Independence"), ("weaknesses", "Known weaknesses"))


def source_assessment(ctx, here: str, entry: CatalogEntry) -> str:
    """The source page's assessment section (Markdown + HTML), with the notes about the source."""
    labels = dict(ASSESSMENT_LABELS)
    return ctx.render("_assessment.html", title="Assessment: author, kind, date, independence, known weaknesses",
                      rows=[(labels.get(key, key), Markup(inline(ctx, here, text))) for key, text in entry.assessment],
                      notes=Markup(notes_html(ctx, here, f"source:{entry.id}")))
