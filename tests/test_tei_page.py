"""The data of a document source's page (scripts/renderer/document.py) from
the fixture documents of tests/fixtures/tei/: the edition's header, the
calls of its footnotes in the paragraphs, the footnotes, the source note and
the persons-list entries; every value escaped. The whole page (the source
page's layout extended by scripts/templates/document.html) is tested on a
project in tests/test_tei_source.py. No test assumes an edition or a count."""

from __future__ import annotations

from types import SimpleNamespace

from scripts.model import RawText
from scripts.renderer import document as document_render
from scripts.renderer.document import document_context, document_extras, paragraph_body
from scripts.renderer.html import esc
from scripts.tei import Paragraph, document, read_tei
from tests.helpers import FIXTURES

TEI = FIXTURES / "tei"


def read(data: bytes):
    return read_tei(data, "sources/documents/x.xml")


def _source(file: str, text: str):
    """A catalogued source as the renderer gets it: its entry's file, its raw text."""
    return SimpleNamespace(entry=SimpleNamespace(file=file), raw=RawText("x", f"sources/{file}", text, False, False))


def test_only_a_readable_tei_document_has_a_document_page():
    """tei.document: the parse of a TEI document; None for a plain text (even
    one holding TEI) and for a TEI file that does not read (validate reports
    it). The page data and the footnote calls leave those alone."""
    data = (TEI / "frus-style.xml").read_bytes()
    tei_source = _source("documents/x.xml", data.decode("utf-8"))
    assert document(tei_source) == read(data)
    blocks = [{"type": "passage", "passage": {"body": "linked"}}]
    assert document_render.document_of(tei_source) is not None
    assert document_render.with_footnote_calls(blocks, tei_source) != blocks
    for plain in (_source("texts/x.txt", data.decode("utf-8")), _source("documents/x.xml", "<TEI>not closed")):
        assert document(plain) is None
        assert document_render.document_of(plain) is None
        assert document_render.with_footnote_calls(blocks, plain) is blocks


def test_header_rows_footnotes_source_note_and_persons():
    doc = read((TEI / "frus-style.xml").read_bytes())
    context = document_extras(doc)
    # The date and place are printed in the dateline, shown whole above the rows.
    assert context["dateline"]["text"] == doc.dateline
    assert [(row["label"], row["value"]) for row in context["header"]] == [
        ("From", doc.sender), ("To", doc.recipient), ("Classification", doc.classification)]
    assert [(n["number"], n["anchor"], n["text"], n["called"]) for n in context["footnotes"]] == [
        (f.number, f"edition-fn-{f.number}", f.text, True) for f in doc.footnotes]
    assert context["source_note"] == doc.source_note
    assert [(p["label"], p["description"]) for p in context["persons"]] == [
        (e.label, e.description) for e in doc.person_list]


def test_calls_sit_where_the_edition_puts_them_and_at_the_end_of_linked_text():
    doc = read((TEI / "frus-style.xml").read_bytes())
    first = doc.paragraphs[0]
    offset, number = first.notes[0]
    body = paragraph_body(first)
    assert body.startswith(first.text[:offset] + f'<sup class="edition-fn-call" id="edition-fnref-{number}">')
    # HTML whose words are not the paragraph's: the calls follow it.
    linked = paragraph_body(first, '<a href="x">linked</a> text')
    assert linked.startswith('<a href="x">linked</a> text<sup class="edition-fn-call"')
    assert str(linked).count("edition-fn-call") == len(first.notes)


def test_calls_sit_where_the_edition_puts_them_in_the_linked_text_too():
    """The passage's linked HTML (mentions as links, characters escaped) gets
    each call at the edition's place: after the word it follows, outside a
    link ending there, not at the end of the paragraph."""
    doc = read((TEI / "frus-style.xml").read_bytes())
    for paragraph in doc.paragraphs:
        for offset, number in paragraph.notes:
            text = paragraph.text
            word_start = text.rfind(" ", 0, offset - 1) + 1     # the word the call follows, linked
            linked = (esc(text[:word_start]) + '<a class="mention" href="a.html">' + esc(text[word_start:offset])
                      + "</a>" + esc(text[offset:] + " & <b>"))
            one = Paragraph(text + " & <b>", ((offset, number),), (), paragraph.line)
            body = str(paragraph_body(one, linked))
            call = f'<sup class="edition-fn-call" id="edition-fnref-{number}">'
            assert body.count(call) == 1
            assert body.startswith(esc(text[:word_start]) + '<a class="mention" href="a.html">'
                                   + esc(text[word_start:offset]) + "</a>" + call), body
            assert body.endswith(esc(text[offset:] + " & <b>")), body


def test_absent_parts_are_absent():
    doc = read((TEI / "edition-dated-span.xml").read_bytes())
    context = document_context(doc)
    assert context["source_note"] is None
    assert "Classification" not in [row["label"] for row in context["header"]]


def test_hostile_values_are_escaped():
    data = (TEI / "frus-style.xml").read_bytes()
    data = data.replace(b"Called on Minister", b"&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;")
    data = data.replace(b'n="1" xml:id="d12fn1"', b'n="1&quot;&gt;&lt;svg onload=alert(1)&gt;" xml:id="d12fn1"')
    doc = read(data)
    body = str(paragraph_body(doc.paragraphs[0]))
    assert "<img" not in body and "<svg" not in body
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt;" in body
