"""Suggested citations: Chicago (notes and bibliography) and BibTeX.

A citation only says what the catalog supports: a title the editors
supplied keeps its [brackets], an unknown date reads "n.d.", and nothing is
guessed to fill a gap.
"""

from __future__ import annotations

from urllib.parse import unquote

from scripts.edtfdates import parse_edtf
from scripts.model import CatalogEntry

SITE_NAME = "Iraq–Russia Relations: A Source-Based Portal"


def _inverted(name: str) -> str:
    parts = name.split()
    return name if len(parts) < 2 else f"{parts[-1]}, {' '.join(parts[:-1])}"


def _date_words(edtf_text: str | None) -> str:
    if not edtf_text:
        return "n.d."
    return parse_edtf(edtf_text).label


def chicago_source(entry: CatalogEntry) -> str:
    """Chicago bibliography entry for a catalogued source (plain text with *italics*)."""
    parts = []
    if entry.authors:
        names = [_inverted(entry.authors[0].name)] + [a.name for a in entry.authors[1:]]
        parts.append(" and ".join(names) + ".")
    title = entry.title or "[Untitled]"
    parts.append(title + "." if title.startswith("[") else f"“{title}.”")
    venue = entry.venue or entry.publisher
    if venue:
        parts.append(f"*{venue}*,")
    date = _date_words(entry.published)
    parts.append(date if date.endswith(".") else date + ".")
    if entry.first_published_in:
        parts.append(f"First published in *{entry.first_published_in}*.")
    if entry.url:
        # Readable, not percent-encoded ("Iraq–Russia", not "Iraq%E2%80%93Russia").
        parts.append(unquote(entry.url) + ".")
    text = " ".join(parts)
    return text.replace(",.", ".")


def bibtex_source(entry: CatalogEntry) -> str:
    def field(name, value):
        return f"  {name} = {{{value}}}," if value else None

    year = entry.published[:4] if entry.published else None
    fields = [
        field("author", " and ".join(a.name for a in entry.authors)),
        field("title", (entry.title or "").replace("[", "{[").replace("]", "]}")),
        field("howpublished", entry.venue or entry.publisher),
        field("year", year),
        field("url", entry.url),
        field("note", f"First published in {entry.first_published_in}" if entry.first_published_in else None),
    ]
    body = "\n".join(f for f in fields if f)
    return f"@misc{{{entry.id},\n{body}\n}}"

