"""A source's assessment (author, kind, date, independence, known
weaknesses) as a collapsible block, with the notes about the source.
``ctx`` is :class:`scripts.renderer.pages.Context`."""

from __future__ import annotations

from scripts.model import CatalogEntry
from scripts.renderer.html import esc
from scripts.renderer.notes import notes_html
from scripts.renderer.references import inline

ASSESSMENT_LABELS = (("author", "Author"), ("kind", "Kind of text"), ("date", "Date"),
                     ("independence", "Independence"), ("weaknesses", "Known weaknesses"))


def assessment_html(ctx, here: str, entry: CatalogEntry, title: str = "Assessment") -> str:
    """The source criticism of a catalog entry as a collapsible block."""
    if not entry.assessment:
        return ""
    labels = dict(ASSESSMENT_LABELS)
    rows = "".join(f"<dt>{esc(labels.get(key, key))}</dt><dd>{inline(ctx, here, text)}</dd>"
                   for key, text in entry.assessment)
    return f'<details class="assessment"><summary>{esc(title)}</summary><dl>{rows}</dl></details>'



def source_assessment(ctx, here: str, entry: CatalogEntry) -> str:
    """The source page's assessment section (Markdown + HTML), with the notes about the source."""
    block = assessment_html(ctx, here, entry, title="Assessment: author, kind, date, independence, known weaknesses")
    notes = notes_html(ctx, here, f"source:{entry.id}")
    return (f'<div class="source-assessment" markdown="0">{block}</div>\n\n' if block else "") + notes
