"""The heading a documentary editor expects of a document of an edition
(scripts/tei.py, scripts/renderer/document.py, document.html): its dateline
as printed, with a permalink, and citable as ``<source-id>/dateline``; the
lists printed before the text (SUBJECT, PARTICIPANTS, REF …); the
signature. From an invented memorandum of conversation
(tests/fixtures/tei/memorandum-conversation.xml): nothing here assumes FRUS,
the corpus or a count."""

from __future__ import annotations

from types import SimpleNamespace

from scripts.buildinfo import build_info
from scripts.claims import references
from scripts.paths import ProjectPaths
from scripts.pipeline import run as run_pipeline
from scripts.renderer.document import document_context
from scripts.tei import dateline_references, read_tei
from tests.helpers import FIXTURES, copy_project, write_entry

MEMORANDUM = FIXTURES / "tei" / "memorandum-conversation.xml"
SOURCE_ID = "memorandum-conversation"
HOSTILE = "&lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt;"


def test_dateline_lists_and_signature_are_read_as_printed():
    doc = read_tei(MEMORANDUM.read_bytes(), "x.xml")
    assert doc.dateline == "Exampletown, May 2, 1999."
    assert [(h.kind, h.label, [i.text for i in h.items], [i.persons for i in h.items]) for h in doc.heading_lists] == [
        ("subject", "SUBJECT", ["Tests in QRS matters"], [()]),
        ("participants", "PARTICIPANTS", ["Minister Amos Quill", "Mr. Bea Wren, Ambassador"], [("p_QA1",), ()])]
    assert doc.signed == "Bea Wren"


def test_page_context_shows_the_dateline_instead_of_its_parts():
    context = document_context(read_tei(MEMORANDUM.read_bytes(), "x.xml"))
    assert context["dateline"] == {"text": "Exampletown, May 2, 1999.", "anchor": "dateline"}
    labels = [row["label"] for row in context["header"]]
    assert "Date" not in labels and "Place" not in labels and "Classification" in labels
    # Without a dateline the date and place are rows of their own.
    other = document_context(read_tei((FIXTURES / "tei" / "edition-dated-span.xml").read_bytes(), "y.xml"))
    if other["dateline"] is None:
        assert any(row["label"] == "Date" for row in other["header"])


def test_a_dateline_is_a_citable_reference():
    assert references.PASSAGE_REF.fullmatch("some-document/dateline")
    assert not references.PASSAGE_REF.fullmatch("some-document/datelines")
    raw = MEMORANDUM.read_text("utf-8")
    sources = [SimpleNamespace(id="memo", entry=SimpleNamespace(file="documents/memo.xml"),
                               raw=SimpleNamespace(text=raw, path="sources/documents/memo.xml", document=None)),
               SimpleNamespace(id="plain", entry=SimpleNamespace(file="texts/plain.txt"),
                               raw=SimpleNamespace(text="Exampletown, May 2, 1999.", path="sources/texts/plain.txt",
                                                  document=None))]
    assert dateline_references(sources) == {"memo/dateline": "Exampletown, May 2, 1999."}


def _project_with_memorandum(tmp_path, data: bytes | None = None):
    from scripts.scaffold_tei import new_document

    root = copy_project(tmp_path / "project")
    xml = tmp_path / f"{SOURCE_ID}.xml"
    xml.write_bytes(data if data is not None else MEMORANDUM.read_bytes())
    new_document(ProjectPaths(root), xml)
    return root


def _event(event_id: str, summary: str, passages: list[str]) -> dict:
    return {"id": event_id, "title": "Minister Quill reports a request for tests",
            "date": "1999-05", "actors": [], "tags": ["diplomacy"],
            "inferred": {"reason": "The conversation is dated by the memorandum's dateline.", "passages": passages},
            "citations": [{"source": SOURCE_ID, "quote": "General Vole had asked for tests.",
                           "says": {"date": "XXXX"}}],
            "summary": summary}


PROSE = "In a conversation at Exampletown on 2 May 1999 Minister Quill said that General Vole had asked for tests."


def test_events_cite_the_dateline_and_its_words_support_the_prose(tmp_path):
    # One build (a whole project is slow to build): the same sentence cited
    # to the dateline and the paragraph, to the paragraph alone, and to the
    # "dateline" of a plain text, which has none.
    root = _project_with_memorandum(tmp_path)
    text_source = next(p.stem for p in sorted((root / "sources/catalog").glob("*.yml"))
                       if "file: texts/" in p.read_text("utf-8"))
    dated, undated, wrong = "dateline-cited", "dateline-not-cited", "dateline-of-a-text"
    write_entry(root, "events", _event(dated, f"{PROSE}[[{SOURCE_ID}/dateline, {SOURCE_ID}/p1]]",
                                       [f"{SOURCE_ID}/dateline", f"{SOURCE_ID}/p1"]))
    write_entry(root, "events", _event(undated, f"{PROSE}[[{SOURCE_ID}/p1]]", [f"{SOURCE_ID}/p1"]))
    write_entry(root, "events", _event(wrong, f"{PROSE}[[{SOURCE_ID}/p1, {text_source}/dateline]]",
                                       [f"{SOURCE_ID}/p1"]))
    built = run_pipeline(ProjectPaths(root), build_info(root), keep_going=True)
    problems = [str(p) for p in built.problems]
    assert not [p for p in problems if f"'{dated}'" in p or f"'{undated}'" in p], problems

    def unsupported(event_id):
        return {i.text.split("”")[0].split("“")[-1] for i in built.corpus.editorial
                if i.kind == "unsupported-detail" and f"'{event_id}'" in i.text}

    assert unsupported(dated) == set()
    # Cited to the paragraph alone, its day, month and year are in no cited text.
    assert {"2", "May", "1999"} <= unsupported(undated)
    found = [p for p in problems if f"{text_source}/dateline" in p]
    assert found and "unknown passage" in found[0], problems[:5]


def test_the_heading_is_escaped_on_the_page():
    from scripts.renderer.document import document_extras
    from scripts.renderer.templates import environment

    data = MEMORANDUM.read_bytes()
    data = data.replace(b"Mr. Bea Wren, Ambassador", HOSTILE.encode())
    data = data.replace(b"Tests in ", b"Tests &lt;b onmouseover=x&gt; in ")
    data = data.replace(b"<signed>Bea Wren</signed>", b"<signed>Bea\n&lt;svg onload=alert(1)&gt;</signed>")
    data = data.replace(b"May 2, 1999</date>", b"May 2, 1999 &lt;i&gt;</date>")
    template = environment().get_template("document.html")
    html = "".join(template.blocks["document_fields"](template.new_context({"document": document_extras(
        read_tei(data, "x.xml"))})))
    assert 'id="dateline"' in html and 'href="#dateline"' in html
    assert "<img" not in html and "<svg" not in html and "<b onmouseover" not in html and "<i>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt;" in html
    assert "<li>Minister Amos Quill</li>" in html and "<dt>PARTICIPANTS</dt>" in html
