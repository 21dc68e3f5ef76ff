"""References of the editors' notes as structured records, and their
Chicago (notes-bibliography) text.

A note's reference is a mapping (``sources/notes``, ``references:``)::

    - type: book                  # book | article | chapter | document | law | web
      author: "Tripp, Charles"    # as it is to be printed, first author inverted
      title: "A History of Iraq"
      edition: "3rd ed."
      publisher: "Cambridge: Cambridge University Press"
      year: 2007
      pages: "186–87"             # required for a book, an article and a chapter
      checked: {by: "…", on: 2026-12-07}

In: the YAML node of one reference. Out: a :class:`~scripts.model.Reference`
(with its Chicago text, Markdown ``*italics*`` for titles of whole works),
or the problems that keep it from being one.
"""

from __future__ import annotations

import re
from datetime import date

from scripts.dates import day_words
from scripts.model import Reference

#: Reference types whose fact sits on a page: a reference to one of them
#: names the page (issue 19: "precise to the page").
PAGED = frozenset({"book", "article", "chapter"})


def _day(value) -> str:
    """2003-05-22 → 22 May 2003 (a date as Chicago writes it in running text)."""
    if isinstance(value, date):
        return day_words(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if match:
        try:
            return day_words(date(*map(int, match.groups())))
        except ValueError:
            return str(value)
    return str(value)


def chicago(ref: Reference) -> str:
    """The reference as the notes print it (Chicago notes-bibliography style;
    ``*…*`` marks italics). A locator (``pages``) follows the publication
    details, as in a note."""
    def end(text: str) -> str:
        return text if text.endswith((".", "?", "!")) else text + "."

    parts: list[str] = []
    if ref.author:
        parts.append(end(ref.author))
    kind = ref.type
    if kind in ("article", "chapter", "web"):
        parts.append(f'"{end(ref.title)}"')
    elif kind in ("document", "law"):
        parts.append(end(ref.title))
    else:
        parts.append(end(f"*{ref.title}*"))
    if kind == "article":
        container = f"*{ref.container}*" + (f" {ref.volume}" if ref.volume else "")
        tail = f"{container} ({ref.year})" + (f": {ref.pages}" if ref.pages else "")
        parts.append(end(tail))
    elif kind == "chapter":
        parts.append(end(f"In *{ref.container}*" + (f", {ref.pages}" if ref.pages else "")))
    if ref.edition:
        parts.append(end(ref.edition))
    if ref.translator:
        parts.append(end(f"Translated by {ref.translator}"))
    if kind == "law":
        parts.append(end(f"{ref.identifier} ({ref.year})" if ref.year else ref.identifier or ""))
    elif kind == "document":
        if ref.identifier:
            parts.append(end(ref.identifier))
        parts.append(end(_day(ref.date) if ref.date else str(ref.year or "")))
    elif kind == "web":
        if ref.container:
            parts.append(end(ref.container))
        if ref.identifier:
            parts.append(end(ref.identifier))
    elif kind in ("book", "chapter"):
        published = ", ".join(str(p) for p in (ref.publisher, ref.year) if p)
        if kind == "book" and ref.pages:
            published += f", {ref.pages}"
        if published:
            parts.append(end(published))
    return " ".join(p for p in parts if p and p != ".")


def unpaged(ref: Reference) -> bool:
    """A book, article or chapter cited without the page that states the
    fact (the editorial queue lists it: ``unpaged-reference``)."""
    return ref.type in PAGED and not ref.pages


def reference(node, what: str) -> tuple[Reference | None, list[str]]:
    """A reference from its YAML node (schema-checked already), and what is
    wrong with it beyond the schema (messages without location). A missing
    page is not a problem of the file but an open item of the editorial
    queue (:func:`unpaged`)."""
    problems = []
    kind = node.get("type")
    checked = node.get("checked") or {}
    ref = Reference(type=kind, author=node.get("author"), title=node.get("title"),
                    container=node.get("container"), volume=node.get("volume"), edition=node.get("edition"),
                    translator=node.get("translator"), publisher=node.get("publisher"), year=node.get("year"),
                    date=str(node["date"]) if node.get("date") is not None else None,
                    pages=str(node["pages"]) if node.get("pages") is not None else None,
                    identifier=node.get("identifier"),
                    checked_by=checked.get("by"), checked_on=str(checked["on"]) if checked.get("on") else None)
    if kind in ("article", "chapter") and not ref.container:
        problems.append(f"{what}: the {kind} {ref.title!r} needs `container:` (the journal or the book it is in)")
    if kind in ("document", "law", "web") and not ref.identifier:
        problems.append(f"{what}: the {kind} {ref.title!r} needs `identifier:` (its symbol, number or address)")
    if kind in ("book", "article", "chapter", "law") and ref.year is None:
        problems.append(f"{what}: the {kind} {ref.title!r} needs `year:` (the year of the edition cited)")
    return ref.with_text(chicago(ref)), problems
