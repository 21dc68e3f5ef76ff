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

from markupsafe import Markup

from scripts.renderer.html import esc
from scripts.tei import Paragraph, TeiDocument

#: The header rows, in the order the page shows them: (label, attribute).
HEADER_ROWS = (("Date", "date_text"), ("Place", "place"), ("From", "sender"), ("To", "recipient"),
               ("Classification", "classification"))


def footnote_anchor(number: str) -> str:
    """The page anchor of the edition's footnote *number* (never ``pN``, the
    passages' form, nor the portal's editors' notes' ``note-…``)."""
    return f"edition-fn-{esc(number)}"


def paragraph_body(paragraph: Paragraph, body: str | None = None) -> Markup:
    """The paragraph's text as HTML with a superscript call of each of the
    edition's footnotes where the edition puts it. *body*, when given, is the
    linked HTML of the same text (the calls then follow it)."""
    if body is not None:
        calls = "".join(_call(number) for _offset, number in paragraph.notes)
        return Markup(body + calls)
    out, cursor = [], 0
    for offset, number in paragraph.notes:
        out.append(esc(paragraph.text[cursor:offset]))
        out.append(_call(number))
        cursor = offset
    out.append(esc(paragraph.text[cursor:]))
    return Markup("".join(out))


def _call(number: str) -> str:
    return (f'<sup class="edition-fn-call" id="edition-fnref-{esc(number)}">'
            f'<a href="#{footnote_anchor(number)}" title="The edition’s footnote {esc(number)}">'
            f'{esc(number)}</a></sup>')


def document_context(doc: TeiDocument, *, bodies: list[str] | None = None, citation: str = "") -> dict:
    """The context of ``document.html`` for *doc*."""
    header = [{"label": label, "value": getattr(doc, attribute)} for label, attribute in HEADER_ROWS
              if getattr(doc, attribute)]
    paragraphs = []
    for number, paragraph in enumerate(doc.paragraphs, 1):
        body = bodies[number - 1] if bodies is not None else None
        paragraphs.append({"anchor": f"p{number}", "number": number, "html": paragraph_body(paragraph, body)})
    volume = ", ".join(part for part in (doc.edition, doc.subseries, doc.volume_number) if part)
    persons = [{"label": entry.label, "description": entry.description,
                "names": ", ".join(doc.persons.get(entry.id, ()))}
               for entry in doc.person_list if entry.id in doc.persons]
    return {
        "title": doc.title,
        "number": doc.number,
        "volume": volume,
        "volume_title": doc.volume_title,
        "header": header,
        "citation": citation,
        "paragraphs": paragraphs,
        "footnotes": [{"number": note.number, "anchor": footnote_anchor(note.number), "text": note.text}
                      for note in doc.footnotes],
        "source_note": doc.source_note,
        "summary": doc.summary,
        "persons": persons,
    }
