"""Reader for TEI documents of documentary editions (a *document* source).

In: the bytes of one captured TEI file (see CONTRIBUTING.md, "Add a
document from a TEI edition"): a ``<TEI>`` whose ``teiHeader`` describes the
edition and volume, whose ``<front>`` may hold the entries of the volume's
persons and abbreviations lists that the document references, and whose
``<body>`` holds one ``<div type="document">`` copied verbatim from the
volume. Out: a :class:`TeiDocument` (edition, volume, editors, number,
title, date, place, from/to, classification, source note, footnotes,
paragraphs, persons and terms referenced, list entries), or a
:class:`~scripts.errors.Problem` ``path:line: what is wrong and how to fix
it``; never an exception.

The file is untrusted input. It is read with ``lxml`` configured so that
nothing outside the bytes is ever consulted (no DTD, no entity expansion, no
network, no XInclude), and before parsing any ``<!DOCTYPE`` or ``<!ENTITY``
declaration is refused outright, so a "billion laughs" or an external entity
cannot even start. Size and nesting depth are bounded.

The reader knows TEI, not one edition: the FRUS conventions it reads
(``frus:doc-dateTime-min``, ``<gloss type="from">``) are TEI attributes any
edition may use, and everything it does not find is simply absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from scripts.errors import Problem

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"tei": TEI_NS}

#: A captured document is one ``div`` with a short header; volumes are
#: several MB, and one document never comes near this.
MAX_TEI_BYTES = 2 * 1024 * 1024
#: A whole volume given to ``tei-capture`` (the largest FRUS volumes are a
#: few MB).
MAX_VOLUME_BYTES = 64 * 1024 * 1024
#: TEI documents nest a dozen levels; 64 leaves room and stops a nesting bomb
#: long before libxml2's own limit of 256.
MAX_DEPTH = 64

#: Declarations that could make the parser read more than the file says.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.IGNORECASE)

#: Security markings as they open a sentence of a source note ("Secret;
#: Niact."), longest first so "Top Secret" is not read as "Secret".
CLASSIFICATIONS = ("Top Secret", "Limited Official Use", "Official Use Only", "Secret", "Confidential",
                   "Unclassified")
_CLASSIFICATION = re.compile(r"(?:^|[.\]]\s+)(?P<marking>" + "|".join(CLASSIFICATIONS)
                             + r")(?:[;.,]|\s*$)")

#: Notes of the edition that are not footnotes: the source note and the
#: editors' summary of the document, shown in the document's header.
_NOT_FOOTNOTES = ("source", "summary")

#: The capture record a captured file carries in its header
#: (``<sourceDesc><bibl type="capture"><idno type="…">``): where its bytes were
#: copied from. The only part of the file written by the portal's editors.
CAPTURE_FIELDS = ("repository", "path", "commit", "document", "captured")

#: Attributes on the document ``div`` giving the span of its date (FRUS's
#: namespace; other editions may use ``<date from to>`` or ``when``).
_DATE_ATTRIBUTES = ("doc-dateTime-min", "doc-dateTime-max")


@dataclass(frozen=True)
class Editor:
    name: str
    role: str | None                # "primary", "general" … as the header says


@dataclass(frozen=True)
class Footnote:
    """One of the edition's own notes (not the portal's editors' notes)."""

    number: str                     # as printed: "1", "2" … ("0" is the source note)
    anchor: str                     # the note's xml:id, or "fn<number>"
    text: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    """One ``<p>`` of the document's body, in order, as plain text.

    ``notes`` are the footnotes called in it, as (character offset in
    ``text``, footnote number): the page puts the call there."""

    text: str
    notes: tuple[tuple[int, str], ...]
    persons: tuple[str, ...]        # persons-list ids referenced in it (without "#")
    line: int
    #: Each ``<persName corresp>`` of the paragraph (outside notes) in order:
    #: (start, end) in ``text`` and the persons-list id it references.
    names: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class HeadingItem:
    """One item of a list the edition prints in a document's heading (a
    participant of a conversation, the subject …), as plain text, with the
    persons-list ids its ``<persName corresp>`` reference."""

    text: str
    persons: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class HeadingList:
    """A list printed before a document's text: ``<list type="subject">``
    (the edition's SUBJECT, SUBJ, REF, COUNTRY … lines) or
    ``<list type="participants">`` of a memorandum of conversation."""

    kind: str                       # the list's type: "subject", "participants"
    label: str | None               # its <head> as printed, without a closing colon: "SUBJ", "PARTICIPANTS"
    items: tuple[HeadingItem, ...]
    line: int


@dataclass(frozen=True)
class ListEntry:
    """An entry of the volume's persons or abbreviations list, as captured."""

    id: str
    label: str                      # the name or the abbreviation as printed
    description: str                # the rest of the entry: office, expansion
    line: int


@dataclass(frozen=True)
class TeiDocument:
    display: str
    edition: str | None             # the series: "Foreign Relations of the United States"
    subseries: str | None           # "1958–1960"
    volume_number: str | None       # "Volume XII"
    volume_title: str | None        # "Near East Region; Iraq; Iran; Arabian Peninsula"
    volume_id: str | None           # "frus1958-60v12"
    editors: tuple[Editor, ...]
    publisher: str | None
    pub_place: str | None
    pub_date: str | None            # as the header gives it: "1993"
    document_id: str | None         # the div's xml:id: "d169"
    number: str | None              # the div's n: "169"
    title: str
    date_text: str | None           # as printed in the dateline: "April 1, 1959"
    date_min: str | None            # ISO dates: the earliest and latest the document can be
    date_max: str | None
    place: str | None
    sender: str | None
    recipient: str | None
    classification: str | None
    source_note: str | None
    summary: str | None             # the edition's own summary of the document (``<note type="summary">``)
    footnotes: tuple[Footnote, ...]
    paragraphs: tuple[Paragraph, ...]
    persons: dict = field(default_factory=dict)    # id → the names the document uses for them
    terms: tuple[str, ...] = ()                     # abbreviation ids referenced ("t_CIA1")
    person_list: tuple[ListEntry, ...] = ()         # the captured persons-list entries
    term_list: tuple[ListEntry, ...] = ()           # the captured abbreviations-list entries
    capture: dict = field(default_factory=dict)     # where the bytes were copied from (see CAPTURE_FIELDS)
    dateline: str | None = None     # the dateline as printed: "Washington, October 13, 1958."
    heading_lists: tuple[HeadingList, ...] = ()     # subject, participants … in the order printed
    signed: str | None = None       # the closer's signature as printed ("BEAM", "Christian A. Herter")

    def person_entry(self, person_id: str) -> ListEntry | None:
        return next((entry for entry in self.person_list if entry.id == person_id), None)


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


#: Where captured documents are kept, relative to ``sources/``.
DOCUMENTS_FOLDER = "documents"


def is_document_file(file: str) -> bool:
    """Whether a catalog entry's ``file`` is a TEI document (not a plain text)."""
    return file.startswith(f"{DOCUMENTS_FOLDER}/") and file.endswith(".xml")


def looks_like_tei(data: bytes) -> bool:
    """Whether *data* claims to be TEI (``new-source`` picks the reader by it)."""
    head = data[:4096]
    return b"<TEI" in head and TEI_NS.encode() in head


def parsed(raw) -> TeiDocument | Problem:
    """The TEI document of a source's raw text (scripts/model.py: RawText):
    the parse validate made, or a new one for a raw text made elsewhere."""
    if isinstance(raw.document, TeiDocument):
        return raw.document
    return read_tei(raw.text.encode("utf-8"), raw.path)


def document(source) -> TeiDocument | None:
    """The TeiDocument of *source* (anything with ``entry.file`` and
    ``raw``), or None when it is a plain text or a TEI document that does
    not read (validate has reported it)."""
    if not is_document_file(source.entry.file):
        return None
    doc = parsed(source.raw)
    return doc if isinstance(doc, TeiDocument) else None


def documents(sources, *, whole: bool = False):
    """(source, its TeiDocument) for each of *sources* that is a readable
    TEI document (see :func:`document`). With *whole*, only documents whose
    paragraphs are the source's passages one for one (¶N is the Nth ``<p>``
    of the body; segmented sources)."""
    for source in sources:
        doc = document(source)
        if doc is None or (whole and len(doc.paragraphs) != len(source.passages)):
            continue
        yield source, doc


def read_tei(data: bytes, display: str) -> TeiDocument | Problem:
    """Read one captured TEI document; a located :class:`Problem` when it is
    not one or is unsafe to read."""
    try:
        root = parse_safely(data, display)
        return _document(root, display)
    except _Refused as refused:
        return Problem(display, refused.line, refused.message)


def parse_safely(data: bytes, display: str = ""):
    """The root element of *data*, parsed with nothing outside the bytes
    consulted. Raises :class:`_Refused` (caught by :func:`read_tei`)."""
    if len(data) > MAX_TEI_BYTES:
        raise _Refused(1, f"the file is {len(data) / 1e6:.1f} MB, over the limit of "
                       f"{MAX_TEI_BYTES / 1e6:.1f} MB for one document; capture one <div type=\"document\">, "
                       "not the whole volume")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _Refused(line, f"not valid UTF-8 (byte 0x{data[error.start]:02x}); TEI documents are read "
                       "as UTF-8: save the file as UTF-8") from None
    declaration = _DECLARATION.search(data)
    if declaration:
        line = data[: declaration.start()].count(b"\n") + 1
        kind = declaration.group(1).decode().upper()
        raise _Refused(line, f"a <!{kind} …> declaration; DTDs and entities are refused in sources (they "
                       "can read files or expand without bound): remove the declaration and write the "
                       "characters themselves")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_blank_text=False, collect_ids=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        message = (error.msg or str(error)).split(", line ")[0]
        raise _Refused(line, f"not well-formed XML: {message}; correct the markup at this line "
                       "(the captured bytes must be the edition's own)") from None
    depth = _too_deep(root)
    if depth is not None:
        raise _Refused(depth, f"elements nested more than {MAX_DEPTH} levels deep; a TEI document never "
                       "needs that: this file is not a captured document")
    if etree.QName(root).localname != "TEI" or etree.QName(root).namespace != TEI_NS:
        raise _Refused(root.sourceline or 1, f"the root element is <{etree.QName(root).localname}>, not a "
                       f"<TEI> in the TEI namespace ({TEI_NS}); capture the document with its edition's "
                       "header (CONTRIBUTING.md, \"Add a document from a TEI edition\")")
    return root


def _too_deep(root) -> int | None:
    """The line of the first element deeper than :data:`MAX_DEPTH`, or None."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            return element.sourceline or 1
        stack.extend((child, depth + 1) for child in element)
    return None


# --- what the document says ------------------------------------------------

def _tei(element, path: str):
    return element.xpath(path, namespaces=NS)


def _first(element, path: str):
    found = _tei(element, path)
    return found[0] if found else None


def _plain(element, *, skip_notes: bool = True) -> str:
    """The text of *element* with whitespace collapsed, notes left out."""
    if element is None:
        return ""
    parts = []
    _collect(element, parts, skip_notes)
    return _squeeze("".join(parts))


def _collect(element, parts: list, skip_notes: bool) -> None:
    if isinstance(element.tag, str):
        name = etree.QName(element).localname
        if skip_notes and name == "note":
            return
        if name == "lb":
            parts.append(" ")
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        _collect(child, parts, skip_notes)
        if child.tail:
            parts.append(child.tail)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _header_title(header, kinds: tuple[str, ...]) -> str | None:
    for kind in kinds:
        found = _first(header, f".//tei:titleStmt/tei:title[@type='{kind}']")
        if found is not None and _plain(found):
            return _plain(found)
    return None


def _document(root, display: str) -> TeiDocument:
    header = _first(root, "tei:teiHeader")
    if header is None:
        raise _Refused(root.sourceline or 1, "no <teiHeader>; keep the volume's header (title, editors, "
                       "publisher, date) in the captured file")
    divs = _tei(root, ".//tei:body//tei:div[@type='document']")
    if len(divs) != 1:
        line = divs[1].sourceline if len(divs) > 1 else (root.sourceline or 1)
        found = "no" if not divs else f"{len(divs)}"
        raise _Refused(line, f"{found} <div type=\"document\"> in the <body>; a captured file holds exactly "
                       "one document of the edition")
    div = divs[0]
    head = _first(div, "tei:head")
    number = div.get("n")
    title = _plain(head)
    if number:
        title = re.sub(rf"^{re.escape(number)}\.\s*", "", title)
    if not title:
        raise _Refused(div.sourceline or 1, "the document has no <head> title; the captured <div> must be "
                       "the edition's own, with its heading")
    editors = tuple(Editor(_plain(e), e.get("role")) for e in _tei(header, ".//tei:titleStmt/tei:editor")
                    if _plain(e))
    source_note = _source_note(div)
    footnotes = tuple(Footnote(note.get("n") or str(index), note.get(XML_ID) or f"fn{note.get('n') or index}",
                               _plain(note, skip_notes=False), note.sourceline or 0)
                      for index, note in enumerate(_tei(div, ".//tei:note"), 1)
                      if note.get("type") not in _NOT_FOOTNOTES and note.get("n") != "0")
    date_min, date_max, date_text = _dates(div)
    dateline = _first(div, "tei:dateline|tei:opener/tei:dateline")
    place = _first(div, "(tei:dateline|tei:opener)//tei:placeName")
    persons: dict = {}
    for name in _tei(div, ".//tei:persName[@corresp]"):
        person_id = name.get("corresp").lstrip("#")
        spelled = _plain(name)
        if person_id and spelled and spelled not in persons.setdefault(person_id, []):
            persons[person_id].append(spelled)
    terms = tuple(dict.fromkeys(t.get("target").lstrip("#") for t in _tei(div, ".//tei:gloss[@target]")
                                if t.get("target", "").lstrip("#")))
    return TeiDocument(
        display=display,
        edition=_header_title(header, ("series",)),
        subseries=_header_title(header, ("sub-series", "subseries")),
        volume_number=_header_title(header, ("volume-number", "volumenumber")),
        volume_title=_header_title(header, ("volume",)),
        volume_id=_plain(_first(header, ".//tei:publicationStmt/tei:idno[@type='frus']")) or root.get(XML_ID),
        editors=editors,
        publisher=_plain(_first(header, ".//tei:publicationStmt/tei:publisher")) or None,
        pub_place=_plain(_first(header, ".//tei:publicationStmt/tei:pubPlace")) or None,
        pub_date=_publication_date(header),
        document_id=div.get(XML_ID),
        number=number,
        title=title,
        date_text=date_text,
        date_min=date_min,
        date_max=date_max,
        place=_plain(place) or None,
        sender=_party(div, "from"),
        recipient=_party(div, "to"),
        classification=_classification(source_note),
        source_note=source_note,
        summary=_plain(_first(div, ".//tei:note[@type='summary']"), skip_notes=False) or None,
        footnotes=footnotes,
        paragraphs=_paragraphs(div),
        persons={key: tuple(value) for key, value in persons.items()},
        terms=terms,
        person_list=_list_entries(root, "persName"),
        term_list=_list_entries(root, "term"),
        capture=_capture(header),
        dateline=_plain(dateline) or None,
        heading_lists=_heading_lists(div),
        signed=_plain(_first(div, "tei:closer//tei:signed")) or None,
    )


#: The lists a document's heading may print, by their TEI type.
HEADING_LIST_TYPES = ("subject", "participants")


def _outside_notes(element) -> bool:
    return not any(etree.QName(a).localname == "note" for a in element.iterancestors() if isinstance(a.tag, str))


def _heading_lists(div) -> tuple[HeadingList, ...]:
    """The subject and participants lists of *div* (not those inside notes), in order."""
    found = []
    for listed in _tei(div, ".//tei:list[@type]"):
        if listed.get("type") not in HEADING_LIST_TYPES or not _outside_notes(listed):
            continue
        label = _plain(_first(listed, "tei:head")).rstrip(":").strip() or None
        items = tuple(HeadingItem(_plain(item), tuple(dict.fromkeys(
                          name.get("corresp").lstrip("#") for name in _tei(item, ".//tei:persName[@corresp]")
                          if name.get("corresp", "").lstrip("#") and _outside_notes(name))),
                                  item.sourceline or 0)
                      for item in _tei(listed, "tei:item") if _plain(item))
        if items:
            found.append(HeadingList(listed.get("type"), label, items, listed.sourceline or 0))
    return tuple(found)


def _capture(header) -> dict:
    bibl = _first(header, ".//tei:sourceDesc/tei:bibl[@type='capture']")
    if bibl is None:
        return {}
    return {idno.get("type"): _plain(idno) for idno in _tei(bibl, "tei:idno")
            if idno.get("type") in CAPTURE_FIELDS and _plain(idno)}


def csl_record(doc: TeiDocument, source_id: str) -> dict:
    """The CSL-JSON record of *doc* (one document of a volume of an
    edition), for the citation formatter (scripts/csl.py): a ``chapter``
    whose container is the volume as it is cited, "Foreign Relations of the
    United States, 1958–1960", with its ``volume`` number, ``volume-title``
    and primary editors; ``number`` is the document's number and
    ``event-date`` its date when it is one day (never ``original-date``,
    which Chicago prints as a reprint's). Only what the file states: absent
    values are left out."""
    volume = re.sub(r"^(?:Volume|Vol\.?)\s+", "", doc.volume_number or "") or None
    container = ", ".join(part for part in (doc.edition, doc.subseries) if part) or None
    primary = [e for e in doc.editors if e.role in (None, "primary")] or list(doc.editors)
    record = {
        "id": source_id,
        "type": "chapter",
        "title": doc.title,
        "container-title": container,
        "volume": volume,
        "volume-title": doc.volume_title,
        "editor": [_csl_name(e.name) for e in primary],
        "publisher": doc.publisher,
        "publisher-place": doc.pub_place,
        "issued": _csl_date(doc.pub_date),
        "number": doc.number,
        "event-date": _csl_date(doc.date_min) if doc.date_min and doc.date_min == doc.date_max else None,
    }
    return {key: value for key, value in record.items() if value}


def _csl_name(name: str) -> dict:
    """"Edward C. Keefer" → family "Keefer", given "Edward C."; a suffix
    ("Jr.") stays with the family name's part as CSL's ``suffix``."""
    found = re.match(r"^(?P<given>.+?)\s+(?P<family>\S+?)(?:,?\s+(?P<suffix>Jr\.|Sr\.|II|III|IV))?$", name)
    if not found:
        return {"literal": name}
    result = {"family": found["family"], "given": found["given"]}
    if found["suffix"]:
        result["suffix"] = found["suffix"]
    return result


def _csl_date(value: str | None) -> dict | None:
    found = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    if not found:
        return None
    return {"date-parts": [[int(part) for part in found.groups() if part]]}


def _publication_date(header) -> str | None:
    for date in _tei(header, ".//tei:publicationStmt/tei:date"):
        if date.get("type") in (None, "publication-date") and (_plain(date) or date.get("when")):
            return _plain(date) or date.get("when")
    return None


def _source_note(div) -> str | None:
    note = _first(div, ".//tei:note[@type='source']")
    if note is None:
        return None
    text = _plain(note, skip_notes=False)
    # Some volumes print the source note in brackets: "[Source: …]".
    return re.sub(r"^\[(.*)\]$", r"\1", text) or None


def _classification(source_note: str | None) -> str | None:
    if not source_note:
        return None
    found = _CLASSIFICATION.search(source_note)
    return found["marking"] if found else None


def _dates(div) -> tuple[str | None, str | None, str | None]:
    """(earliest, latest, printed): from the div's date attributes, else the
    dateline's ``<date when|from|to|notBefore|notAfter>``."""
    attributes = {etree.QName(name).localname: value for name, value in div.attrib.items()}
    low, high = (attributes.get(name) for name in _DATE_ATTRIBUTES)
    date = _first(div, "(tei:dateline|tei:opener)//tei:date")
    printed = _plain(date) or None if date is not None else None
    if date is not None:
        low = low or date.get("when") or date.get("from") or date.get("notBefore")
        high = high or date.get("when") or date.get("to") or date.get("notAfter")
    return _iso_day(low), _iso_day(high), printed


def _iso_day(value: str | None) -> str | None:
    """The calendar part of an ISO date-time ("1958-07-14T23:00:00" → "1958-07-14")."""
    if not value:
        return None
    found = re.match(r"^(-?\d{4}(?:-\d{2}(?:-\d{2})?)?)", value.strip())
    return found.group(1) if found else None


def _party(div, role: str) -> str | None:
    """The sender or recipient the heading marks with ``type="from"``/``"to"``."""
    head = _first(div, "tei:head")
    if head is None:
        return None
    found = [_plain(e) for e in head.iter() if isinstance(e.tag, str) and e.get("type") == role
             and etree.QName(e).localname in ("gloss", "persName", "orgName", "name")]
    return "; ".join(f for f in found if f) or None


def _paragraphs(div) -> tuple[Paragraph, ...]:
    found = []
    for p in _tei(div, ".//tei:p"):
        # A <p> inside a note is the note's, not the body's.
        if any(etree.QName(a).localname == "note" for a in p.iterancestors() if isinstance(a.tag, str)):
            continue
        parts, notes, names = [], [], []
        _walk_paragraph(p, parts, notes, names)
        raw = "".join(parts)
        text, calls = _squeeze_with_calls(raw, notes)
        spans = _squeeze_spans(raw, text, names)
        if not text:
            continue
        persons = tuple(dict.fromkeys(name.get("corresp").lstrip("#")
                                      for name in _tei(p, ".//tei:persName[@corresp]")
                                      if not any(etree.QName(a).localname == "note"
                                                 for a in name.iterancestors() if isinstance(a.tag, str))))
        found.append(Paragraph(text, calls, persons, p.sourceline or 0, spans))
    return tuple(found)


def _walk_paragraph(element, parts: list, notes: list, names: list) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "note":
                notes.append((sum(len(p) for p in parts), child.get("n") or ""))
            elif name == "lb":
                parts.append(" ")
                _walk_paragraph(child, parts, notes, names)
            else:
                start = sum(len(p) for p in parts)
                _walk_paragraph(child, parts, notes, names)
                person = (child.get("corresp") or "").lstrip("#") if name == "persName" else ""
                if person:
                    names.append((start, sum(len(p) for p in parts), person))
        if child.tail:
            parts.append(child.tail)


_WHITESPACE_RUN = re.compile(r"\s+")


def _squeezed_offset(raw: str):
    """A function from an offset in *raw* to the offset of the same place in
    *raw* with its whitespace collapsed (leading whitespace dropped, each
    inner run one space): the characters before it that are not spaces,
    plus one for each run of spaces that starts before it after some text.
    ``\\s`` and ``str.isspace`` agree on what a space is."""
    runs = [(m.start(), m.end()) for m in _WHITESPACE_RUN.finditer(raw)]

    def offset(index: int) -> int:
        spaces = kept = 0
        for start, end in runs:
            if start >= index:
                break
            spaces += min(end, index) - start
            kept += start > 0
        return index - spaces + kept
    return offset


def _squeeze_with_calls(raw: str, notes: list) -> tuple[str, tuple]:
    """Collapse whitespace in *raw*, moving the note calls' offsets along."""
    stripped = _WHITESPACE_RUN.sub(" ", raw).strip()
    offset = _squeezed_offset(raw)
    calls = tuple((min(offset(at), len(stripped)), number) for at, number in notes)
    return stripped, calls


def _squeeze_spans(raw: str, text: str, spans: list) -> tuple[tuple[int, int, str], ...]:
    """The (start, end, id) spans of *raw* moved to the squeezed *text*
    (whitespace collapsed as :func:`_squeeze_with_calls` does), trimmed of
    outer spaces; spans that come out empty are left out."""
    mapping = _squeezed_offset(raw)
    found = []
    for start, end, person in sorted(spans):
        low, high = min(mapping(start), len(text)), min(mapping(end), len(text))
        while low < high and text[low].isspace():
            low += 1
        while high > low and text[high - 1].isspace():
            high -= 1
        if low < high:
            found.append((low, high, person))
    return tuple(found)


def _list_entries(root, kind: str) -> tuple[ListEntry, ...]:
    """Entries of the captured persons (``persName``) or abbreviations
    (``term``) lists: items of the ``<front>`` that define an ``xml:id``."""
    entries = []
    for item in _tei(root, ".//tei:front//tei:item"):
        label = _first(item, f"tei:{kind}[@xml:id]") if kind else None
        if label is None:
            label = _first(item, f".//tei:{kind}[@xml:id]")
        if label is None:
            continue
        name = _plain(label)
        whole = _plain(item)
        description = whole[len(name):] if whole.startswith(name) else whole
        description = re.sub(r"^[\s,;:—–-]+", "", description)
        entries.append(ListEntry(label.get(XML_ID), name, description, item.sourceline or 0))
    return tuple(entries)


# --- capturing a document from a volume -------------------------------------

#: Indentation of the wrapper the capture writes around the excerpts.
_CAPTURE_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
{root}
    <teiHeader>
        <fileDesc>
            {title_stmt}
            {publication_stmt}
            <sourceDesc>
                <bibl type="capture">{record}</bibl>
            </sourceDesc>
        </fileDesc>
    </teiHeader>
    <text>
        <front>
{lists}        </front>
        <body>
{document}
        </body>
    </text>
</TEI>
"""


class CaptureError(Exception):
    """The volume does not hold what the capture needs (said in words)."""


def capture(volume: str, document_id: str, provenance: dict) -> str:
    """A captured file for *document_id*, cut from the text of a whole
    *volume* (as the edition publishes it) without re-serializing anything:
    the volume's root start tag, ``titleStmt`` and ``publicationStmt``, the
    entries of its abbreviations and persons lists that the document
    references, and the document's ``div``, each copied character for
    character, in a wrapper of the portal's whose only words are the capture
    record (*provenance*: repository, path, commit; see CAPTURE_FIELDS).
    Running it again on the same volume gives the same bytes."""
    root = _slice(volume, re.compile(r"<TEI\b[^>]*>"), "the <TEI> start tag")
    title_stmt = _element(volume, "titleStmt")
    publication_stmt = _element(volume, "publicationStmt")
    start = re.search(rf'<div\b[^>]*\bxml:id="{re.escape(document_id)}"', volume)
    if not start:
        raise CaptureError(f'no <div xml:id="{document_id}"> in the volume; give the xml:id of one of its '
                           '<div type="document"> (d1, d2 …)')
    line_start = volume.rfind("\n", 0, start.start()) + 1
    document = volume[line_start:_matching_end(volume, start.start(), "div")]
    referenced_terms = dict.fromkeys(re.findall(r'<gloss\b[^>]*\btarget="#([^"]+)"', document))
    referenced_persons = dict.fromkeys(re.findall(r'<persName\b[^>]*\bcorresp="#([^"]+)"', document))
    record = {**{k: v for k, v in provenance.items() if k in CAPTURE_FIELDS}, "document": document_id}
    record_xml = "".join(f'<idno type="{key}">{_xml_text(str(record[key]))}</idno>'
                         for key in CAPTURE_FIELDS if record.get(key))
    return _CAPTURE_TEMPLATE.format(
        root=root, title_stmt=title_stmt, publication_stmt=publication_stmt, record=record_xml,
        lists=_lists(_list_items(volume, "term", referenced_terms),
                     _list_items(volume, "persName", referenced_persons)),
        document=document)


def unlisted_references(captured: str) -> tuple[str, ...]:
    """The ids a captured document references (``<persName corresp>``,
    ``<gloss target>``) that no entry of the captured lists defines, in
    order: the volume has no such entry (the edition's own gap), or the
    text the capture was cut from was an excerpt of the volume without that
    ``<item>``. In: the text :func:`capture` returned. Out: the ids."""
    body = captured.find("<body")
    front, document = captured[:body], captured[body:]
    referenced = dict.fromkeys(re.findall(r'<persName\b[^>]*\bcorresp="#([^"]+)"', document)
                               + re.findall(r'<gloss\b[^>]*\btarget="#([^"]+)"', document))
    defined = set(re.findall(r'<(?:persName|term)\b[^>]*\bxml:id="([^"]+)"', front))
    return tuple(name for name in referenced if name not in defined)


def _lists(terms: str, persons: str) -> str:
    out = []
    for section, kind, items in (("terms", "terms", terms), ("persons", "names", persons)):
        if items:
            out.append(f'            <div type="section" xml:id="{section}">\n'
                       f'                <list type="{kind}">\n{items}\n'
                       f'                </list>\n            </div>\n')
    return "".join(out)


def _xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slice(text: str, pattern, what: str) -> str:
    found = pattern.search(text)
    if not found:
        raise CaptureError(f"no {what} in the volume")
    return found.group(0)


def _element(text: str, name: str) -> str:
    start = re.search(rf"<{name}\b", text)
    if not start:
        raise CaptureError(f"no <{name}> in the volume's header; capture from the edition's whole volume file")
    return text[start.start():_matching_end(text, start.start(), name)]


def _matching_end(text: str, start: int, name: str) -> int:
    """The offset just after the end tag closing the element that opens at *start*."""
    depth = 0
    for tag in re.finditer(rf"<(/?){name}\b[^>]*?(/?)>", text[start:]):
        closing, empty = tag.group(1), tag.group(2)
        if empty:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return start + tag.end()
    raise CaptureError(f"<{name}> at offset {start} is never closed")


def _list_items(volume: str, kind: str, ids: dict) -> str:
    """The ``<item>`` of the volume's lists defining each id in *ids*, in the
    lists' order, each with the indentation it has in the volume."""
    found = []
    for match in re.finditer(rf'<{kind}\b[^>]*\bxml:id="([^"]+)"', volume):
        if match.group(1) not in ids:
            continue
        item_start = volume.rfind("<item>", 0, match.start())
        if item_start < 0:
            continue
        line_start = volume.rfind("\n", 0, item_start) + 1
        end = volume.find("</item>", match.end())
        found.append(volume[line_start:end + len("</item>")])
    return "\n".join(found)


# --- a document as a source of the portal -----------------------------------

def clean_text(doc: TeiDocument, source_id: str):
    """The document's body as the pipeline's :class:`~scripts.model.CleanText`:
    one ``paragraph`` block per ``<p>`` in order (so ¶N is the Nth paragraph
    of the body), each with the line of the file it starts on. Nothing is
    removed: a captured document has no site chrome, and its header, notes
    and source note are shown as the edition's, not as body."""
    from scripts.model import Block, CleanText

    blocks = tuple(Block("paragraph", p.text, (p.line,)) for p in doc.paragraphs)
    return CleanText(source_id=source_id, blocks=blocks, metadata=(), infobox=(), see_also=(), removed=(),
                     blank_lines=())


#: The part of a reference ``<source-id>/dateline`` that names a document's
#: dateline (its anchor on the document's page too).
DATELINE = "dateline"


def dateline_references(sources) -> dict[str, str]:
    """``"<source-id>/dateline"`` → the dateline as printed, for each source
    (anything with ``id``, ``entry.file`` and ``raw``, a RawText: the
    pipeline's sources) that is a TEI document printing one. The date and
    place of a document stand there, not in a paragraph, so the editors cite
    the dateline as they cite a passage. Read from validate's parse
    (:func:`documents`), not parsed again."""
    return {f"{source.id}/{DATELINE}": doc.dateline for source, doc in documents(sources) if doc.dateline}


def volume_citation_title(doc: TeiDocument) -> str | None:
    """The volume as Chicago cites it: "Foreign Relations of the United
    States, 1958–1960, vol. XII, Near East Region; Iraq; Iran; Arabian
    Peninsula" (the parts the header gives, in that order)."""
    number = re.sub(r"^(?:Volume|Vol\.?)\s+", "vol. ", doc.volume_number or "") or None
    parts = [p for p in (", ".join(x for x in (doc.edition, doc.subseries) if x), number, doc.volume_title) if p]
    return ", ".join(parts) or None


def catalog_fields(doc: TeiDocument) -> dict:
    """What a catalog entry of *doc* can say from the XML alone (for
    ``make new-source``): title, the volume as container (title, primary
    editors, publisher, place, the document's number), the volume's year as
    ``published``, and where the file was captured from. Fields the XML does
    not state (rights, assessment …) are left for the editor."""
    primary = [e.name for e in doc.editors if e.role in (None, "primary")] or [e.name for e in doc.editors]
    return {
        "title": doc.title,
        "publisher": doc.publisher,
        "published": doc.pub_date if doc.pub_date and re.fullmatch(r"\d{4}", doc.pub_date) else None,
        "container": {"title": volume_citation_title(doc), "editors": primary, "edition": None,
                      "publisher": doc.publisher, "place": doc.pub_place,
                      "pages": f"doc. {doc.number}" if doc.number else None},
        "document": {"number": doc.number, "date": doc.date_text, "repository": doc.capture.get("repository"),
                     "path": doc.capture.get("path"), "commit": doc.capture.get("commit"),
                     "xml_id": doc.document_id or doc.capture.get("document")},
    }


#: Ranks and honorifics a persons list prints inside a name ("Qassim,
#: General Abdul Karim"); they are not part of the name a text uses.
NAME_TITLES = ("Lieutenant General", "Major General", "Brigadier General", "Rear Admiral", "Vice Admiral",
               "General", "Admiral", "Colonel", "Major", "Brigadier", "Sir", "Lord", "Lt. Gen.", "Prince", "King")
_SUFFIX = re.compile(r"^(?:Jr\.|Sr\.|II|III|IV)$")
_SERVICE = re.compile(r",?\s*\b(?:USA|USN|USAF|USMC)\b(?:\s*\(ret\.\))?\s*$")


def entry_names(entry: ListEntry) -> tuple[str, ...]:
    """The names a persons-list entry gives, in reading order: "Qassim,
    General Abdul Karim" → ("Abdul Karim Qassim",); "Cumming, Hugh S., Jr."
    → ("Hugh S. Cumming Jr.",); an entry without a comma is the name as
    printed ("Hussein I")."""
    label = _SERVICE.sub("", entry.label.replace("\u2014", "-").strip().rstrip(","))
    parts = [p.strip() for p in label.split(",") if p.strip()]
    if len(parts) < 2:
        return (label,) if label else ()
    family, given, *rest = parts
    suffix = " ".join(p for p in rest if _SUFFIX.match(p))
    for title in NAME_TITLES:
        if given.startswith(title + " "):
            given = given[len(title) + 1:]
            break
    return (" ".join(x for x in (given, family, suffix) if x),)


def _begins_with_name(entry_key: tuple, actor_key: tuple) -> bool:
    """A persons-list name and an actor's name are the same person when they
    fold to the same words, or the list adds words after the actor's whole
    name ("Saddam Hussein al-Tikriti" for "Saddam Hussein"); never on one
    word alone."""
    return len(actor_key) >= 2 and entry_key[:len(actor_key)] == actor_key


def person_actors(doc: TeiDocument, actors) -> dict[str, str]:
    """persons-list id → actor id, for the entries of *doc*'s persons list
    that are an actor: the entry's label as printed is one of the actor's
    ``edition_names`` (folded as names are everywhere), or the entry's name
    in reading order (:func:`entry_names`) begins with one of the actor's
    names of two words or more. An entry two actors could be is nobody's.
    In: a document and the actors (``id``, ``name``, ``aliases``,
    ``edition_names``). Out: the ids."""
    from scripts.folding import name_key

    labels = [(actor.id, name_key(name)) for actor in actors for name in getattr(actor, "edition_names", ())]
    names = [(actor.id, name_key(name)) for actor in actors for name in (actor.name, *actor.aliases)]
    found = {}
    for entry in doc.person_list:
        label = name_key(entry.label)
        by_label = {actor_id for actor_id, key in labels if key == label}
        keys = [name_key(n) for n in entry_names(entry)]
        by_name = {actor_id for actor_id, key in names if any(_begins_with_name(k, key) for k in keys)}
        candidates = by_label or by_name
        if len(candidates) == 1:
            found[entry.id] = next(iter(candidates))
    return found


def unknown_edition_names(documents, actors) -> list[tuple]:
    """(actor, name) for each of an actor's ``edition_names`` that is the
    label of no persons-list entry of any of *documents* (typed otherwise
    than the list prints it, or of a document not captured)."""
    from scripts.folding import name_key

    labels = {name_key(entry.label) for doc in documents for entry in doc.person_list}
    return [(actor, name) for actor in actors for name in getattr(actor, "edition_names", ())
            if name_key(name) not in labels]


def edition_mentions(doc: TeiDocument, actors) -> list[tuple[int, str, str, int, str]]:
    """The persons the edition marks in each paragraph that are actors:
    (paragraph index from 0, the words as the paragraph writes them, actor
    id, which occurrence of those words as whole words it is (1 = first),
    the list entry's label). In: a document and the actors."""
    resolved = person_actors(doc, actors)
    labels = {entry.id: entry.label for entry in doc.person_list}
    found = []
    for index, paragraph in enumerate(doc.paragraphs):
        for start, end, person in paragraph.names:
            actor_id = resolved.get(person)
            if actor_id is None:
                continue
            words = paragraph.text[start:end]
            starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", paragraph.text)]
            if start in starts:
                found.append((index, words, actor_id, starts.index(start) + 1, labels.get(person, person)))
    return found

