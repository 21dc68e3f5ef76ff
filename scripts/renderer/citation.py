"""Suggested citations on the pages: the Chicago entry and the BibTeX of a
source, the download links of every citable thing, the Highwire tags of a
page's head, and the schema.org JSON-LD of a source page.

Every citation is made from one CSL-JSON record (``scripts/csl.py``): the
Chicago text by citeproc-py with the official CSL style, BibTeX, RIS and
CSL-JSON by serialisers of that record. A citation only says what the
catalog supports: an unknown date reads "n.d." where the style writes one,
an uncertain one keeps its "?", and nothing is guessed to fill a gap.
"""

from __future__ import annotations

import re

from markupsafe import escape

from scripts import csl
from scripts.datafiles import CITATION_FORMATS, citation_path
from scripts.model import CatalogEntry
from scripts.urls import _relpath

SITE_NAME = csl.SITE_NAME
SIMPLE_DATE = csl.SIMPLE_DATE


def iso_date(edtf_text: str | None) -> str | None:
    """The date as ISO 8601 for schema.org (1990, 2018-05, 2018-05-03), or
    None when it is not one year, month or day (an interval, a decade).
    Qualifiers are dropped: schema.org has no way to say "uncertain"."""
    simple = SIMPLE_DATE.match(edtf_text or "")
    if simple is None:
        return None
    year, month, day, _qualifier = simple.groups()
    return "-".join(part for part in (year, month, day) if part)


def chicago_source(entry: CatalogEntry) -> str:
    """Chicago bibliography entry of a catalogued source, as HTML."""
    return csl.chicago_html(csl.source_record(entry))


def bibtex_source(entry: CatalogEntry, portal_url: str | None = None) -> str:
    """The source's BibTeX entry (the same record as the downloads)."""
    return csl.bibtex(csl.source_record(entry, portal_url)).rstrip("\n")


def download_links(here: str, collection: str, item_id: str) -> list[dict]:
    """Links from page *here* to the citation files of (collection, id):
    ``[{"href", "label", "extension"}]`` in the order of CITATION_FORMATS."""
    folder = re.sub(r"[^/]+$", "", here).rstrip("/") or "."
    return [{"href": _relpath(citation_path(collection, item_id, extension), folder),
             "label": label, "extension": extension} for extension, label in CITATION_FORMATS]


def highwire_meta(record: dict) -> list[list[str]]:
    """The record's ``citation_*`` tags, for the page's front matter
    (``citation_meta``; overrides/main.html writes them as ``<meta>``)."""
    return csl.highwire(record)


def page_citation_html(record: dict) -> str:
    """"Cite this page" for a page of the portal (``csl.page_record``), as
    Chicago HTML formatted by citeproc-py like every other citation of the
    site (``citation_html`` in the front matter; overrides/main.html shows
    it). The publisher is left out of the entry: it is the portal, which the
    entry already names as author and site (citeproc would print it a third
    time)."""
    entry = csl.chicago_html({key: value for key, value in record.items() if key != "publisher"})
    # The page's address, which citeproc prints as text, is a link to it.
    url = str(escape(record.get("URL", "")))
    return entry.replace(url, f'<a href="{url}">{url}</a>', 1) if url and url in entry else entry


def cite_this_page(record: dict) -> dict:
    """Front matter of a page of the portal cited as *record*: its
    ``citation_*`` tags and its "Cite this page" entry."""
    return {"citation_meta": highwire_meta(record), "citation_html": page_citation_html(record)}


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
