"""The TEI reader (scripts/tei.py) on small fixture documents written for
these tests (tests/fixtures/tei/: one in the conventions of one edition, one
from another edition that dates by a span in an ``<opener>``) and on hostile
files. Expectations are written by hand from the fixtures; no test assumes a
particular edition, document or count.
"""

from __future__ import annotations

import random

import pytest

from scripts.errors import Problem
from scripts.tei import (
    MAX_DEPTH,
    MAX_TEI_BYTES,
    CaptureError,
    capture,
    catalog_fields,
    clean_text,
    csl_record,
    looks_like_tei,
    read_tei,
)
from tests.helpers import FIXTURES

TEI = FIXTURES / "tei"


def read(name: str):
    return read_tei((TEI / name).read_bytes(), f"sources/documents/{name}")


def test_header_and_document_fields():
    doc = read("frus-style.xml")
    assert not isinstance(doc, Problem), doc
    assert doc.edition == "Synthetic Series"
    assert (doc.subseries, doc.volume_number, doc.volume_title) == ("1999", "Volume I", "Test Region")
    assert doc.volume_id == "series1999v01"
    assert [(e.name, e.role) for e in doc.editors] == [("Cy Fixture", "primary"), ("Di Fixture", "general")]
    assert (doc.publisher, doc.pub_place, doc.pub_date) == ("Test Printing Office", "Testville", "2010")
    assert (doc.document_id, doc.number) == ("d12", "12")
    # The printed number is not part of the title; the source note is not either.
    assert doc.title == "Telegram From the Embassy in Exampleland to the Department of Tests"
    assert (doc.date_text, doc.date_min, doc.date_max) == ("May 2, 1999, 10 a.m.", "1999-05-02", "1999-05-02")
    assert doc.place == "Exampletown"
    assert (doc.sender, doc.recipient) == ("Embassy in Exampleland", "Department of Tests")
    assert doc.classification == "Top Secret"
    assert doc.source_note == "Source: Synthetic Files, 123.45/5–299. Top Secret; Niact. Received at 11 a.m."


def test_paragraphs_footnotes_and_references():
    doc = read("frus-style.xml")
    assert [p.text for p in doc.paragraphs] == [
        "1. Called on Minister Quill today. He said the XYZ would meet on May 3.",
        "2. Comment: the meeting matters.",
    ]
    first, second = doc.paragraphs
    # The footnote is called right after "today." and its text is not in the paragraph.
    offset, number = first.notes[0]
    assert number == "1" and first.text[:offset] == "1. Called on Minister Quill today."
    assert second.notes == ((len(second.text), "2"),)
    assert [(f.number, f.text) for f in doc.footnotes] == [("1", "See Document 11. Wren reported the call."),
                                                          ("2", "Not printed.")]
    assert first.persons == ("p_QA1",)          # Wren is named in the note, not the paragraph
    assert doc.persons == {"p_QA1": ("Quill",), "p_WB1": ("Wren",)}
    assert doc.terms == ("t_XYZ1",)


def test_list_entries_of_the_volume():
    doc = read("frus-style.xml")
    assert [(e.id, e.label, e.description) for e in doc.person_list] == [
        ("p_QA1", "Quill, Amos", "Minister of Tests of Exampleland from May 1999"),
        ("p_WB1", "Wren, Bea", "Ambassador in Exampleland"),
    ]
    assert [(e.id, e.label, e.description) for e in doc.term_list] == [
        ("t_XYZ1", "XYZ", "Example Committee of Tests")]
    assert doc.person_entry("p_QA1").label == "Quill, Amos"
    assert doc.person_entry("p_nobody") is None


def test_another_edition_with_a_date_span():
    doc = read("edition-dated-span.xml")
    assert not isinstance(doc, Problem), doc
    assert doc.edition == "Collected Letters of an Imaginary Consulate"
    assert doc.volume_id == "letters-v2"            # no idno: the root's xml:id
    assert [(e.name, e.role) for e in doc.editors] == [("Ada Example", "primary"), ("Bo Placeholder", None)]
    assert doc.pub_date == "2001"
    assert (doc.number, doc.title) == ("7", "Letter From the Consul (Roe) to the Ministry")
    assert (doc.date_text, doc.date_min, doc.date_max) == ("early March 1902", "1902-03-01", "1902-03-04")
    assert (doc.sender, doc.recipient, doc.place) == ("Roe", "Ministry", "Port Example")
    assert doc.classification is None and doc.source_note is None
    assert doc.persons == {"p_ROE1": ("Roe", "Orla Roe")}
    assert [e.description for e in doc.person_list] == ["Consul at Port Example, 1901–1904"]
    assert doc.term_list == ()


def test_capture_record_is_read_from_the_header():
    assert read("frus-style.xml").capture == {
        "repository": "example/series", "path": "volumes/series1999v01.xml",
        "commit": "0123456789abcdef0123456789abcdef01234567", "document": "d12"}
    assert read("edition-dated-span.xml").capture == {}


def test_csl_record_states_only_what_the_file_says():
    assert csl_record(read("frus-style.xml"), "series-d12") == {
        "id": "series-d12", "type": "chapter",
        "title": "Telegram From the Embassy in Exampleland to the Department of Tests",
        "container-title": "Synthetic Series, 1999",
        "volume": "I", "volume-title": "Test Region",
        "editor": [{"family": "Fixture", "given": "Cy"}],        # the primary editor, not the general one
        "publisher": "Test Printing Office", "publisher-place": "Testville",
        "issued": {"date-parts": [[2010]]}, "number": "12",
        "event-date": {"date-parts": [[1999, 5, 2]]},
    }
    other = csl_record(read("edition-dated-span.xml"), "letters-7")
    # An editor without a role counts as an editor; a date span is no one date.
    assert other["editor"] == [{"family": "Example", "given": "Ada"}, {"family": "Placeholder", "given": "Bo"}]
    assert "event-date" not in other and other["issued"] == {"date-parts": [[2001]]}
    assert other["volume"] == "2"


def test_looks_like_tei():
    assert looks_like_tei((TEI / "frus-style.xml").read_bytes())
    assert not looks_like_tei(b"A plain text mentioning <TEI> once.\n")


# --- hostile and broken files: a located problem, never an exception -------

@pytest.mark.parametrize("name, line, words", [
    ("billion-laughs.xml", 2, "<!DOCTYPE"),
    ("external-entity.xml", 2, "<!DOCTYPE"),
    ("malformed.xml", 5, "not well-formed XML"),
])
def test_hostile_fixture_is_a_located_problem(name, line, words):
    problem = read(name)
    assert isinstance(problem, Problem)
    assert problem.path == f"sources/documents/{name}" and problem.line == line
    assert words in problem.message


@pytest.mark.parametrize("data, line, words", [
    (b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>&xxe;</p></TEI>', 3,
     "not well-formed"),                                            # an undeclared entity is not expanded
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<!ENTITY a "b">\n</TEI>', 2, "<!ENTITY"),
    (b'<?xml version="1.0" encoding="UTF-8"?>\n<tei>\n</tei>', 2, "not a <TEI>"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text/></TEI>', 1, "no <teiHeader>"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/>\n<text><body/></text></TEI>', 1,
     'no <div type="document">'),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>\n<div type="document"><head>A</head>'
     b'</div>\n<div type="document"><head>B</head></div></body></text></TEI>', 3, 'exactly'),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>\n<div type="document"><p>x</p>'
     b'</div></body></text></TEI>', 2, "no <head>"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n\n\xff</TEI>', 3, "UTF-8"),
    (b"", 1, "not well-formed"),
    (b"<img src=x onerror=alert(1)>", 1, "not well-formed"),
])
def test_hostile_bytes_are_located_problems(data, line, words):
    problem = read_tei(data, "sources/documents/x.xml")
    assert isinstance(problem, Problem), problem
    assert (problem.path, problem.line) == ("sources/documents/x.xml", line)
    assert words in problem.message


def test_deep_nesting_is_refused_at_its_line():
    depth = MAX_DEPTH + 5
    body = "".join("<hi>\n" for _ in range(depth)) + "".join("</hi>" for _ in range(depth))
    data = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><div type="document">'
            f"<head>x</head><p>{body}</p></div></body></text></TEI>").encode()
    problem = read_tei(data, "sources/documents/deep.xml")
    assert isinstance(problem, Problem) and "nested more than" in problem.message
    # The first element past the bound: the root is depth 1, <p> depth 5, so
    # the (MAX_DEPTH - 4)th <hi>, which opens on line MAX_DEPTH - 4.
    assert problem.line == MAX_DEPTH - 4


def test_oversized_file_is_refused_before_parsing():
    data = b'<TEI xmlns="http://www.tei-c.org/ns/1.0">' + b" " * MAX_TEI_BYTES + b"</TEI>"
    problem = read_tei(data, "sources/documents/big.xml")
    assert isinstance(problem, Problem) and problem.line == 1 and "over the limit" in problem.message


def test_random_truncations_never_raise():
    """Any prefix of a valid document is read or refused with a located problem (seeded)."""
    data = (TEI / "frus-style.xml").read_bytes()
    rng = random.Random(20)
    for cut in sorted(rng.sample(range(len(data)), 60)):
        result = read_tei(data[:cut], "sources/documents/cut.xml")
        assert isinstance(result, Problem) and result.line >= 1


def test_values_are_returned_as_text_never_markup():
    data = (TEI / "frus-style.xml").read_bytes().replace(
        b"Called on Minister", b"&lt;img src=x onerror=alert(1)&gt; &amp;lt;script&amp;gt;")
    doc = read_tei(data, "sources/documents/x.xml")
    assert doc.paragraphs[0].text.startswith("1. <img src=x onerror=alert(1)> &lt;script&gt; ")


# --- capturing one document from a whole volume ------------------------------

def test_capture_copies_the_volume_character_for_character():
    volume = (TEI / "volume.xml").read_text("utf-8")
    provenance = {"repository": "example/series", "path": "volumes/series2001v03.xml",
                  "commit": "f" * 40, "captured": "2020-01-02", "ignored": "x"}
    out = capture(volume, "d2", provenance)
    assert out == capture(volume, "d2", provenance)                 # reproducible
    start = volume.index('                <div type="document" xml:id="d2"')
    end = volume.index("</div>", start) + len("</div>")
    assert volume[start:end] in out                                   # the div, verbatim with its indentation
    for element in ("titleStmt", "publicationStmt"):
        assert volume[volume.index(f"<{element}>"):volume.index(f"</{element}>")] in out
    # Only the list entries the document references, verbatim.
    assert "<item><term xml:id=\"t_BBB1\">BBB</term>, Board of Boards</item>" in out
    assert "t_AAA1" not in out and "p_Z1" not in out and "p_X1" in out
    doc = read_tei(out.encode("utf-8"), "sources/documents/x.xml")
    assert not isinstance(doc, Problem), doc
    assert doc.capture == {"repository": "example/series", "path": "volumes/series2001v03.xml",
                           "commit": "f" * 40, "document": "d2", "captured": "2020-01-02"}
    assert (doc.number, doc.date_min, doc.date_max, doc.classification) == ("2", "2001-05-01", "2001-05-31",
                                                                             "Secret")
    assert [e.description for e in doc.person_list] == ["Minister of Examples"]
    assert [e.label for e in doc.term_list] == ["BBB"]


def test_capture_of_a_document_with_nested_divs_and_no_lists():
    volume = (TEI / "volume.xml").read_text("utf-8")
    out = capture(volume, "d1", {})
    doc = read_tei(out.encode("utf-8"), "sources/documents/x.xml")
    assert doc.paragraphs[0].text == "Nested text is not a problem here."
    assert doc.capture == {"document": "d1"} and doc.term_list == ()


def test_capture_of_a_missing_document_says_so():
    with pytest.raises(CaptureError, match='no <div xml:id="d9">'):
        capture((TEI / "volume.xml").read_text("utf-8"), "d9", {})


def test_summary_note_is_not_a_footnote():
    data = (TEI / "frus-style.xml").read_bytes().replace(
        b"Received at 11 a.m.</note>", b'Received at 11 a.m.</note><note n="9" type="summary">In short.</note>')
    doc = read_tei(data, "x")
    assert doc.summary == "In short." and "9" not in [f.number for f in doc.footnotes]


def test_tei_capture_command_writes_once_and_refuses_hostile_input(tmp_path):
    from scripts.cli import main
    (tmp_path / "sources").mkdir()
    args = ["--root", str(tmp_path), "tei-capture", str(TEI / "volume.xml"), "d2", "--repository", "r",
            "--path", "volumes/series2001v03.xml", "--commit", "c"]
    assert main(args) == 0
    written = tmp_path / "sources/documents/series2001v03-d2.xml"
    assert written.read_text("utf-8") == capture((TEI / "volume.xml").read_text("utf-8"), "d2",
                                                 {"repository": "r", "path": "volumes/series2001v03.xml",
                                                  "commit": "c"})
    assert main(args) == 1                                            # never overwritten
    for name in ("billion-laughs.xml", "malformed.xml"):
        assert main(["--root", str(tmp_path), "tei-capture", str(TEI / name), "d1", "--repository", "r",
                     "--path", f"v/{name}", "--commit", "c"]) == 1
    assert sorted(p.name for p in (tmp_path / "sources/documents").iterdir()) == ["series2001v03-d2.xml"]


def test_clean_text_has_one_paragraph_block_per_p_in_order():
    doc = read("frus-style.xml")
    clean = clean_text(doc, "x")
    assert [(b.kind, b.text) for b in clean.blocks] == [("paragraph", p.text) for p in doc.paragraphs]
    assert all(b.lines[0] > 0 for b in clean.blocks) and not clean.removed


def test_catalog_fields_come_from_the_xml():
    fields = catalog_fields(read("frus-style.xml"))
    assert fields["title"] == "Telegram From the Embassy in Exampleland to the Department of Tests"
    assert fields["container"] == {"title": "Synthetic Series, 1999, vol. I, Test Region", "editors": ["Cy Fixture"],
                                   "edition": None, "publisher": "Test Printing Office", "place": "Testville",
                                   "pages": "doc. 12"}
    assert fields["published"] == "2010"
    assert fields["document"]["xml_id"] == "d12" and fields["document"]["commit"].startswith("0123")
    other = catalog_fields(read("edition-dated-span.xml"))
    assert other["container"]["title"] == "Collected Letters of an Imaginary Consulate, 1901–1905, vol. 2, " \
                                          "Correspondence with the Capital"
    assert other["document"]["repository"] is None


def test_entry_names_read_inverted_list_labels():
    from scripts.tei import ListEntry, entry_names

    def names(label):
        return entry_names(ListEntry("p", label, "", 1))
    assert names("Quill, Amos") == ("Amos Quill",)
    assert names("Qassim, General Abdul Karim") == ("Abdul Karim Qassim",)
    assert names("Cumming, Hugh S., Jr.") == ("Hugh S. Cumming Jr.",)
    assert names("Hussein al\u2014Tikriti, Saddam") == ("Saddam Hussein al-Tikriti",)
    assert names("Persons, General Wilton B., USA (ret.)") == ("Wilton B. Persons",)
    assert names("Hussein I") == ("Hussein I",)
    assert names("") == ()


def test_capture_from_an_excerpt_of_the_volume(tmp_path, capsys):
    """A volume too large to download whole can be captured from an excerpt
    holding the pieces the capture copies (CONTRIBUTING.md): the same bytes
    as from the whole volume; a list entry the excerpt lacks is named."""
    from scripts.cli import main

    volume = (TEI / "volume.xml").read_text("utf-8")
    header = volume[:volume.index("</publicationStmt>") + len("</publicationStmt>")]
    person = volume[volume.index("                    <item>\n                        <persName xml:id=\"p_X1\""):
                    volume.index("Minister of Examples</item>") + len("Minister of Examples</item>")]
    term = volume[volume.index("                    <item><term xml:id=\"t_BBB1\""):
                  volume.index("Board of Boards</item>") + len("Board of Boards</item>")]
    start = volume.index('                <div type="document" xml:id="d2"')
    document = volume[start:volume.index("</div>", start) + len("</div>")]
    provenance = {"repository": "r", "path": "volumes/series2001v03.xml", "commit": "c"}
    excerpt = "\n".join((header, term, person, document)) + "\n"
    assert capture(excerpt, "d2", provenance) == capture(volume, "d2", provenance)
    (tmp_path / "sources").mkdir()
    cut = tmp_path / "excerpt.xml"
    cut.write_text("\n".join((header, term, document)) + "\n", "utf-8")          # the person's <item> left out
    assert main(["--root", str(tmp_path), "tei-capture", str(cut), "d2", "--repository", "r",
                 "--path", "volumes/series2001v03.xml", "--commit", "c"]) == 0
    warned = capsys.readouterr().err
    assert "#p_X1" in warned and "#t_BBB1" not in warned


def test_collapsing_whitespace_moves_every_offset_with_its_character():
    """tei._squeezed_offset against a character-by-character walk (seeded):
    a note call or a person's span lands on the same character after the
    paragraph's whitespace is collapsed, for any mix of Unicode spaces."""
    import random

    from scripts import tei

    rnd = random.Random(20261207)
    alphabet = list("ab c\n\t\u00a0\u2028\x1c\u3000")
    for _ in range(3000):
        raw = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 24)))
        walked, emitted, previous_space = {}, 0, True
        for index, char in enumerate(raw):
            walked[index] = emitted
            if not (char.isspace() and previous_space):
                emitted += 1
            previous_space = char.isspace()
        walked[len(raw)] = emitted
        offset = tei._squeezed_offset(raw)
        assert [offset(i) for i in walked] == list(walked.values()), repr(raw)
        text, calls = tei._squeeze_with_calls(raw, [(i, str(i)) for i in walked])
        assert text == " ".join(raw.split())
        assert calls == tuple((min(v, len(text)), str(i)) for i, v in walked.items())
