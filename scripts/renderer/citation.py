"""Suggested citations: Chicago (notes and bibliography), BibTeX and the
schema.org JSON-LD of a source page.

A citation only says what the catalog supports: a title the editors
supplied keeps its [brackets], an unknown date reads "n.d.", an uncertain
one keeps its "?", and nothing is guessed to fill a gap.

The Chicago forms follow *The Chicago Manual of Style* (17th ed.),
bibliography entries:

* one author inverted, the others not, the last joined with ", and";
* the title of an article, web page or chapter in quotation marks, the
  title of a larger work (a book, a series, a blog) in italics;
* a chapter: ``In *Book*, 2nd ed., edited by A and B, 308–11. Place:
  Publisher, Year.`` (14.107, 14.115);
* a web page or article: ``“Title.” *Venue*. Publisher, May 3, 2018.``
  then ``Revision …`` (a wiki's permanent revision), ``Accessed May 2,
  2024.`` and the URL (14.205–14.207, 14.233);
* dates: ``May 3, 2018``, ``May 2018``, ``1990``; uncertain ``1990?``;
  approximate ``ca. 1990``; none ``n.d.`` (10.43, 14.145).
"""

from __future__ import annotations

import calendar
import re
from urllib.parse import unquote

from scripts.dates import EdtfError, parse_edtf
from scripts.model import CatalogEntry

SITE_NAME = "Iraq–Russia Relations: A Source-Based Portal"

#: The simple EDTF dates a catalog uses: year, month or day, with at most one
#: qualifier (? uncertain, ~ approximate, % both).
SIMPLE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?$")


def _inverted(name: str) -> str:
    parts = name.split()
    return name if len(parts) < 2 else f"{parts[-1]}, {' '.join(parts[:-1])}"


def _names(names: list[str]) -> str:
    """A, A and B, A, B, and C (Chicago's serial comma)."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _authors(entry: CatalogEntry) -> str:
    names = [a.name for a in entry.authors]
    if not names:
        return ""
    first = _inverted(names[0])
    if len(names) == 1:
        return first
    if len(names) == 2:
        return f"{first}, and {names[1]}"
    return f"{first}, " + ", ".join(names[1:-1]) + f", and {names[-1]}"


def chicago_date(edtf_text: str | None) -> str:
    """A catalog date as Chicago writes it: May 3, 2018; 1990?; ca. 1990; n.d."""
    if not edtf_text:
        return "n.d."
    simple = SIMPLE_DATE.match(edtf_text)
    if simple is None:
        try:
            return parse_edtf(edtf_text).label
        except EdtfError:
            return edtf_text
    year, month, day, qualifier = simple.groups()
    if day:
        words = f"{calendar.month_name[int(month)]} {int(day)}, {year}"
    elif month:
        words = f"{calendar.month_name[int(month)]} {year}"
    else:
        words = year
    if qualifier in ("~", "%"):
        words = "ca. " + words
    if qualifier in ("?", "%"):
        words += "?"
    return words


def iso_date(edtf_text: str | None) -> str | None:
    """The date as ISO 8601 for schema.org (1990, 2018-05, 2018-05-03), or
    None when it is not one year, month or day (an interval, a decade).
    Qualifiers are dropped: schema.org has no way to say "uncertain"."""
    simple = SIMPLE_DATE.match(edtf_text or "")
    if simple is None:
        return None
    year, month, day, _qualifier = simple.groups()
    return "-".join(part for part in (year, month, day) if part)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def chicago_source(entry: CatalogEntry) -> str:
    """Chicago bibliography entry for a catalogued source (plain text with *italics*)."""
    parts = []
    authors = _authors(entry)
    if authors:
        parts.append(_sentence(authors))
    title = entry.title or "[Untitled]"
    parts.append(title + "." if title.startswith("[") else f"“{_sentence(title)}”")
    date = chicago_date(entry.published)
    container = entry.container
    if container is not None:
        inside = [f"In *{container.title}*"]
        if container.edition:
            inside.append(container.edition)
        if container.editors:
            inside.append("edited by " + _names(list(container.editors)))
        if container.pages:
            inside.append(container.pages)
        parts.append(_sentence(", ".join(inside)))
        publisher = container.publisher or entry.publisher
        imprint = ": ".join(p for p in (container.place, publisher) if p)
        parts.append(_sentence(f"{imprint}, {date}" if imprint else date))
    else:
        if entry.venue:
            parts.append(f"*{entry.venue}*.")
        parts.append(_sentence(f"{entry.publisher}, {date}" if entry.publisher else date))
    if entry.first_published_in:
        parts.append(f"First published in *{entry.first_published_in}*.")
    if entry.revision:
        parts.append(_sentence(f"Revision {entry.revision}"))
    if entry.accessed:
        parts.append(_sentence(f"Accessed {chicago_date(entry.accessed)}"))
    if entry.url:
        # Readable, not percent-encoded ("Iraq–Russia", not "Iraq%E2%80%93Russia").
        parts.append(unquote(entry.url) + ".")
    return " ".join(parts)


_BIBTEX_SPECIAL = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$",
                                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "\\": r"\textbackslash{}"})


def _bib(value: str) -> str:
    """A value safe inside BibTeX braces (LaTeX specials escaped)."""
    return value.translate(_BIBTEX_SPECIAL)


def _bibtex_year(edtf_text: str | None) -> str | None:
    simple = SIMPLE_DATE.match(edtf_text or "")
    if simple is None:
        return edtf_text[:4] if edtf_text and edtf_text[:4].isdigit() else None
    year, _month, _day, qualifier = simple.groups()
    if qualifier in ("~", "%"):
        year = "ca. " + year
    return year + "?" if qualifier in ("?", "%") else year


def bibtex_source(entry: CatalogEntry) -> str:
    """A BibTeX entry: ``@incollection`` for a chapter, else ``@misc``.
    ``date`` carries the EDTF date for biblatex, which reads its qualifiers."""
    def field(name, value):
        return f"  {name} = {{{value}}}," if value else None

    container = entry.container
    title = _bib(entry.title or "[Untitled]").replace("[", "{[}").replace("]", "{]}")
    notes = [f"First published in {entry.first_published_in}" if entry.first_published_in else None,
             f"Revision {entry.revision}" if entry.revision else None]
    fields = [
        field("author", " and ".join(_bib(a.name) for a in entry.authors)),
        field("title", title),
    ]
    if container is not None:
        fields += [
            field("booktitle", _bib(container.title)),
            field("editor", " and ".join(_bib(e) for e in container.editors)),
            field("edition", _bib(container.edition or "")),
            field("publisher", _bib(container.publisher or entry.publisher or "")),
            field("address", _bib(container.place or "")),
            field("pages", (container.pages or "").replace("–", "--")),
        ]
    else:
        fields += [field("howpublished", _bib(entry.venue or "")), field("publisher", _bib(entry.publisher or ""))]
    fields += [
        field("year", _bibtex_year(entry.published)),
        field("date", entry.published if entry.published and "X" not in entry.published else None),
        field("url", entry.url),
        field("urldate", entry.accessed),
        field("note", "; ".join(n for n in notes if n)),
    ]
    body = "\n".join(f for f in fields if f)
    kind = "incollection" if container is not None else "misc"
    return f"@{kind}{{{entry.id},\n{body}\n}}"


def jsonld_source(entry: CatalogEntry, page_url: str) -> dict:
    """schema.org JSON-LD of a source: a ``Chapter`` of a ``Book`` when it is
    part of a larger work, else a ``CreativeWork``; dates in ISO 8601."""
    person = lambda name: {"@type": "Person", "name": name}  # noqa: E731 - a one-line constructor
    data = {"@context": "https://schema.org", "@type": "Chapter" if entry.container else "CreativeWork",
            "@id": page_url, "name": entry.title, "inLanguage": entry.language, "genre": entry.kind,
            "author": [{**person(a.name), **({"affiliation": a.affiliation} if a.affiliation else {})}
                       for a in entry.authors]}
    published = iso_date(entry.published)
    if published:
        data["datePublished"] = published
    publisher = (entry.container.publisher if entry.container else None) or entry.publisher
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    if entry.container is not None:
        book = {"@type": "Book", "name": entry.container.title}
        if entry.container.editors:
            book["editor"] = [person(e) for e in entry.container.editors]
        if entry.container.edition:
            book["bookEdition"] = entry.container.edition
        data["isPartOf"] = book
        if entry.container.pages:
            data["pagination"] = entry.container.pages
    if entry.revision:
        data["version"] = entry.revision
    if entry.url:
        data["url"] = entry.url
    return data
