"""The page data of a *document* source (a TEI document of an edition):
the header the edition prints (title, date, place, from/to, classification),
the body's paragraphs with their ¶ permalinks and the calls of the
edition's own footnotes, the footnotes themselves, the source note and the
entries of the volume's persons list the document references. The layout is
``scripts/templates/document.html`` (named blocks; a template of the same
name in ``overrides/portal/`` wins).

In: a :class:`~scripts.tei.TeiDocument`, and optionally the linked body of
each paragraph (trusted HTML from the link stage, same order). Out: a
template context of plain values and :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from scripts.renderer.html import esc
from scripts.tei import DATELINE, Paragraph, TeiDocument, document, documents, person_actors, volume_citation_title

#: The header rows, in the order the page shows them: (label, attribute).
#: Date and place are shown apart only when the document prints no dateline
#: (the dateline holds them, as printed).
HEADER_ROWS = (("Date", "date_text"), ("Place", "place"), ("From", "sender"), ("To", "recipient"),
               ("Classification", "classification"))
#: What the dateline replaces in the header.
IN_THE_DATELINE = ("date_text", "place")
#: The anchor of the dateline on the page: a permalink, and the part of the
#: reference ``<source-id>/dateline`` the editors may cite (the date and
#: place of a document are stated there, not in any paragraph).
DATELINE_ANCHOR = DATELINE
#: How a heading list is labelled when the edition prints no <head>.
HEADING_LIST_LABELS = {"subject": "Subject", "participants": "Participants"}


def footnote_anchor(number: str) -> str:
    """The page anchor of the edition's footnote *number* (never ``pN``, the
    passages' form, nor the portal's editors' notes' ``note-…``)."""
    return f"edition-fn-{esc(number)}"


def paragraph_body(paragraph: Paragraph, body: str | None = None) -> Markup:
    """The paragraph's text as HTML with a superscript call of each of the
    edition's footnotes where the edition puts it. *body*, when given, is the
    linked HTML of the same text: the calls go at the same places in it (after
    a link the place ends), or follow it when its words are not the
    paragraph's."""
    if body is not None:
        placed = _calls_in_markup(body, paragraph)
        if placed is not None:
            return Markup(placed)
        calls = "".join(_call(number) for _offset, number in paragraph.notes)
        return Markup(body + calls)
    out, cursor = [], 0
    for offset, number in paragraph.notes:
        out.append(esc(paragraph.text[cursor:offset]))
        out.append(_call(number))
        cursor = offset
    out.append(esc(paragraph.text[cursor:]))
    return Markup("".join(out))


_MARKUP_PIECE = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[^<&]+|&", re.S)


def _calls_in_markup(body: str, paragraph: Paragraph) -> str | None:
    """*body* with the call of each footnote after the character of the
    paragraph's text at which the edition calls it (after the end of a link
    that ends there, never inside the next one), or None when *body*'s text
    is not the paragraph's text (its offsets would point elsewhere)."""
    pieces = _MARKUP_PIECE.findall(body)
    if html.unescape("".join(p for p in pieces if not p.startswith("<"))) != paragraph.text:
        return None
    notes = list(paragraph.notes)
    out: list[str] = []
    seen = 0                     # characters of the text written so far
    for piece in pieces:
        if not piece.startswith("</"):
            # Before text or an opening tag: the calls due here (a closing
            # tag first ends the link whose words the call follows).
            while notes and notes[0][0] <= seen:
                out.append(_call(notes.pop(0)[1]))
        if piece.startswith("<"):
            out.append(piece)
        elif piece.startswith("&") and len(piece) > 1:
            out.append(piece)
            seen += 1
        else:
            for char in piece:
                while notes and notes[0][0] <= seen:
                    out.append(_call(notes.pop(0)[1]))
                out.append(char)
                seen += 1
    out.extend(_call(number) for _offset, number in notes)
    return "".join(out)


def _call(number: str) -> str:
    return (f'<sup class="edition-fn-call" id="edition-fnref-{esc(number)}">'
            f'<a href="#{footnote_anchor(number)}" title="The edition’s footnote {esc(number)}">'
            f'{esc(number)}</a></sup>')


def document_extras(doc: TeiDocument) -> dict:
    """The ``document`` context of the document layout (document.html)
    that extends the source page: header rows, the volume, the edition's
    summary, footnotes, source note and persons-list entries."""
    context = document_context(doc)
    called = {number for paragraph in doc.paragraphs for _offset, number in paragraph.notes}
    for note in context["footnotes"]:
        note["called"] = note["number"] in called
    return context


def document_context(doc: TeiDocument, *, bodies: list[str] | None = None, citation: str = "") -> dict:
    """The context of ``document.html`` for *doc*."""
    shown_in_dateline = IN_THE_DATELINE if doc.dateline else ()
    header = [{"label": label, "value": getattr(doc, attribute)} for label, attribute in HEADER_ROWS
              if getattr(doc, attribute) and attribute not in shown_in_dateline]
    heading_lists = [{"kind": listed.kind, "label": listed.label or HEADING_LIST_LABELS.get(listed.kind, listed.kind),
                      "items": [{"text": item.text, "persons": list(item.persons)} for item in listed.items]}
                     for listed in doc.heading_lists]
    paragraphs = []
    for number, paragraph in enumerate(doc.paragraphs, 1):
        body = bodies[number - 1] if bodies is not None else None
        paragraphs.append({"anchor": f"p{number}", "number": number, "html": paragraph_body(paragraph, body)})
    volume = ", ".join(part for part in (doc.edition, doc.subseries, doc.volume_number) if part)
    persons = [{"id": entry.id, "label": entry.label, "description": entry.description,
                "names": ", ".join(doc.persons.get(entry.id, ())), "actor": None}
               for entry in doc.person_list if entry.id in doc.persons]
    return {
        "title": doc.title,
        "number": doc.number,
        "volume": volume,
        "volume_title": doc.volume_title,
        "header": header,
        "dateline": {"text": doc.dateline, "anchor": DATELINE_ANCHOR} if doc.dateline else None,
        "heading_lists": heading_lists,
        "signed": doc.signed,
        "citation": citation,
        "paragraphs": paragraphs,
        "footnotes": [{"number": note.number, "anchor": footnote_anchor(note.number), "text": note.text}
                      for note in doc.footnotes],
        "source_note": doc.source_note,
        "summary": doc.summary,
        "persons": persons,
        "abbreviations": [{"term": entry.label, "expansion": entry.description} for entry in doc.term_list
                          if entry.id in doc.terms and entry.label and entry.description],
        # The volume whose lists (persons, abbreviations) the page cites.
        "edition_volume": volume_citation_title(doc) or doc.volume_id,
    }


def document_of(source, actors=(), actor_link=None) -> dict | None:
    """The ``document`` context of a source that is a TEI document, else
    None. *actors* and *actor_link* (actor id → a link for the page) link
    each person of the persons section that is an actor
    (scripts/tei.py: person_actors)."""
    doc = document(source)
    if doc is None:
        return None
    context = document_extras(doc)
    if actor_link is not None:
        resolved = person_actors(doc, actors)
        for person in context["persons"]:
            if person["id"] in resolved:
                person["actor"] = actor_link(resolved[person["id"]])
    return context


def with_footnote_calls(blocks: list[dict], source) -> list[dict]:
    """The source page's passage blocks (scripts/renderer/pages.py:
    _passage_blocks), each paragraph of a TEI document with the calls of its
    footnotes after its linked text; a text's blocks unchanged."""
    doc = document(source)
    if doc is None:
        return blocks
    paragraphs = iter(doc.paragraphs)
    out = []
    for block in blocks:
        if block["type"] == "passage":
            paragraph = next(paragraphs, None)
            if paragraph is not None:
                passage = block["passage"]
                block = {**block, "passage": {**passage, "body": paragraph_body(paragraph, str(passage["body"]))}}
        out.append(block)
    return out


def edition_statements(sources, actors) -> dict:
    """actor id → what the editions' persons lists say of that person:
    [{"description", "volume", "source_ids"}], one per volume and wording,
    from the entries of the lists that the documents reference. An entry is
    an actor as scripts/tei.py: person_actors says (the actor's
    ``edition_names``, or its names). Actors in no list get nothing."""
    found: dict = {}
    for source, doc in documents(sources):
        resolved = person_actors(doc, actors)
        for entry in doc.person_list:
            actor_id = resolved.get(entry.id)
            if actor_id is None or entry.id not in doc.persons or not entry.description:
                continue
            volume = volume_citation_title(doc) or doc.volume_id or ""
            statements = found.setdefault(actor_id, {})
            item = statements.setdefault((volume, entry.description),
                                         {"description": entry.description, "volume": volume, "source_ids": []})
            if source.id not in item["source_ids"]:
                item["source_ids"].append(source.id)
    return {actor_id: list(items.values()) for actor_id, items in found.items()}


def edition_abbreviations(sources) -> list[dict]:
    """The abbreviations of the editions' lists that the documents use
    (``<gloss target>`` to an entry of the captured list): [{"term",
    "expansion", "volume", "source_ids"}], one per term, wording and volume,
    sorted by term. An entry of a list that no document's text references is
    left out (a capture keeps only those anyway). In: the corpus's sources."""
    found: dict = {}
    for source, doc in documents(sources):
        volume = volume_citation_title(doc) or doc.volume_id or ""
        for entry in doc.term_list:
            if entry.id not in doc.terms or not entry.label or not entry.description:
                continue
            item = found.setdefault((entry.label, entry.description, volume),
                                    {"term": entry.label, "expansion": entry.description, "volume": volume,
                                     "source_ids": []})
            if source.id not in item["source_ids"]:
                item["source_ids"].append(source.id)
    return sorted(found.values(), key=lambda i: (i["term"].casefold(), i["volume"], i["expansion"]))

