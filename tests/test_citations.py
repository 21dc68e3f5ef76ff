"""Citations for every kind of source, from the one CSL-JSON record
(scripts/csl.py): the Chicago text that citeproc-py makes with the official
CSL style (Chicago 16th edition, notes and bibliography), checked against
entries written by hand from *The Chicago Manual of Style* (14.65-14.76
authors, 14.107 chapter in an edited book, 14.206-14.207 web pages,
10.43/14.145 "ca." and "n.d.", 6.9 punctuation inside quotation marks) and
the style's own order of elements; BibTeX, RIS and CSL-JSON read back by
parsers that reference managers' formats are defined by (bibtexparser,
rispy, citeproc-py). Not copied from output.
"""

from __future__ import annotations

import json
import re

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc.source.json import CiteProcJSON

from scripts import csl
from scripts.model import Author, CatalogEntry, Container, Passage
from scripts.renderer.citation import bibtex_source, chicago_source, jsonld_source


def entry(**fields) -> CatalogEntry:
    base = dict(id="x", file="texts/x.txt", sha256="0" * 64, title="A Title", authors=(), publisher=None,
                venue=None, first_published_in=None, published=None, language="en", kind="analysis",
                rights=None, url=None, editor_supplied=(), notes=None, rules=(), line=1)
    base.update(fields)
    return CatalogEntry(**base)


CHAPTER = entry(
    id="smith-2004-soviet-arms", kind="book chapter",
    title="Soviet Arms and the Iraqi Army, 1958–1990",
    authors=(Author("John A. Smith"), Author("Maria Petrova")),
    published="2004",
    container=Container("The Soviet Union and the Middle East", editors=("Anne Jones", "Karim Haddad"),
                        edition="2nd ed.", publisher="Oxford University Press", place="Oxford", pages="145–72"))

WIKI_REVISION = entry(
    id="wikipedia-rev", kind="encyclopedia article", title="Iraq–Russia relations", publisher="Wikipedia",
    url="https://en.wikipedia.org/w/index.php?title=Iraq%E2%80%93Russia_relations&oldid=1187654321",
    revision="1187654321", accessed="2024-05-02")

#: A FRUS document as the TEI reader describes it (scripts/tei.py csl_record:
#: a chapter in the volume, with the volume's number and title, the
#: document's number, and the day of the document as event-date).
FRUS = {"id": "frus1969-76ve04d301", "type": "chapter",
        "title": "Telegram From the Embassy in Iraq to the Department of State",
        "container-title": "Foreign Relations of the United States, 1969–1976",
        "volume": "E-4", "volume-title": "Documents on Iran and Iraq, 1969–1972", "number": "301",
        "editor": [{"family": "Howland", "given": "Douglas"}], "publisher": "Government Printing Office",
        "publisher-place": "Washington", "issued": {"date-parts": [[2006]]},
        "event-date": {"date-parts": [[1972, 4, 9]]}}

HOSTILE = "<img src=x onerror=alert(1)> {a}} & 50% #1 \\end\nTY  - JOUR\r\nER  - "


CHICAGO = [
    # CMOS 14.107 (chapter); the 16th-edition style puts the edition after the editors.
    (CHAPTER,
     "Smith, John A., and Maria Petrova. “Soviet Arms and the Iraqi Army, 1958–1990.” In <em>The Soviet Union "
     "and the Middle East</em>, edited by Anne Jones and Karim Haddad, 2nd ed., 145–72. Oxford: Oxford "
     "University Press, 2004."),
    # A web page (14.206): headline-style title in quotation marks, the
    # publisher, the access date, then the address as a browser shows it
    # (not percent-encoded: issue 12); & escaped for HTML.
    (WIKI_REVISION,
     "“Iraq–Russia Relations.” Wikipedia. Accessed May 2, 2024. "
     "https://en.wikipedia.org/w/index.php?title=Iraq–Russia_relations&amp;oldid=1187654321."),
    # The venue in italics, the publisher after it; "1990?" keeps its
    # question mark, which stands for the period (6.119).
    (entry(title="Moscow's Oil Diplomacy", authors=(Author("Lena Ivanova"),), publisher="Eurasia Review",
           venue="Energy Notes", published="1990?"),
     "Ivanova, Lena. “Moscow's Oil Diplomacy.” <em>Energy Notes</em>. Eurasia Review, 1990?"),
    (entry(title="Baghdad Pact Memoirs", publisher="Gulf Press", published="1990~"),
     "“Baghdad Pact Memoirs.” Gulf Press, ca. 1990."),
    (entry(title="Arms and Oil", authors=(Author("A B"), Author("C D"), Author("E F")), publisher="P",
           published="2018-05-03"),
     "B, A, C D, and E F. “Arms and Oil.” P, May 3, 2018."),
    (entry(title="Why Moscow?", publisher="P"),
     "“Why Moscow?” P, n.d."),
]


@pytest.mark.parametrize(("source", "expected"), CHICAGO, ids=[s.title for s, _ in CHICAGO])
def test_chicago(source, expected):
    assert chicago_source(source) == expected


def test_chicago_of_a_document_made_elsewhere():
    # CMOS 14.107 (a part of an edited volume) with the volume's number and
    # title and the document's number as its locator ("doc. 301"), as CMOS
    # cites the documents of FRUS; the record of a document made elsewhere
    # goes through the same formatter.
    text = csl.chicago_text(FRUS)
    assert text.startswith("Howland, Douglas, ed. “Telegram From the Embassy in Iraq to the Department of State.”")
    assert "In Foreign Relations of the United States, 1969–1976, Vol. E-4, Documents on Iran and Iraq, " \
           "1969–1972, doc. 301. " in text                    # one volume ("Vol."), its title, the document
    assert "Vol. E-4, <em>Documents on Iran and Iraq, 1969–1972</em>, doc. 301" in csl.chicago_html(FRUS)
    assert text.endswith("Washington: Government Printing Office, 2006.")
    assert "1972" not in text.split("doc. 301")[1]          # the document's own date is not the edition's


def test_chicago_escapes_every_value():
    text = csl.chicago_html(csl.source_record(entry(title=HOSTILE, publisher="<b>P</b>")))
    assert "<img" not in text and "<b>" not in text and "&lt;img" in text and "&lt;b&gt;" in text


def test_no_clock_in_a_citation(monkeypatch):
    # A page is dated by the build (SOURCE_DATE_EPOCH), never by the clock.
    import datetime as dt

    from scripts.model import BuildInfo
    build = BuildInfo(date=dt.date(2001, 2, 3), commit="c", version="1.2", site_url="https://e.org/", repo_url=None)
    record = csl.page_record("event-x", "X", "https://e.org/events/x.html", build)
    assert record["issued"] == {"date-parts": [[2001, 2, 3]]}
    assert "accessed" not in record
    assert csl.chicago_text(record) == csl.chicago_text(json.loads(json.dumps(record)))


def test_bibtex_of_a_chapter():
    text = bibtex_source(CHAPTER)
    assert text.startswith("@incollection{smith-2004-soviet-arms,\n")
    for line in ("  author = {Smith, John A. and Petrova, Maria},", "  editor = {Jones, Anne and Haddad, Karim},",
                 "  title = {Soviet Arms and the Iraqi Army, 1958–1990},",
                 "  booktitle = {The Soviet Union and the Middle East},", "  edition = {2},",
                 "  publisher = {Oxford University Press},", "  address = {Oxford},", "  pages = {145--72},",
                 "  year = {2004},"):
        assert line in text.splitlines()


def test_bibtex_of_a_web_page_revision():
    text = bibtex_source(WIKI_REVISION)
    assert text.startswith("@misc{wikipedia-rev,\n")
    assert "  urldate = {2024-05-02},\n" in text
    assert "Revision 1187654321" in text
    assert "  publisher = {Wikipedia},\n" in text


@pytest.mark.parametrize(("published", "year"), [("1990?", "1990"), ("1990~", "1990"), ("1990%", "1990"),
                                                  ("2018-05", "2018")])
def test_bibtex_keeps_the_uncertainty_of_a_date(published, year):
    text = bibtex_source(entry(published=published))
    assert f"  year = {{{year}}},\n" in text
    assert f"  date = {{{published}}},\n" in text       # EDTF, which biblatex reads with its qualifier


def test_bibtex_escapes_latex_specials():
    text = bibtex_source(entry(title="Oil & Gas: 50% of {exports}", publisher="A_B #1"))
    assert r"title = {Oil \& Gas: 50\% of \{exports\}}" in text
    assert r"publisher = {A\_B \#1}" in text


def test_untitled_source_is_not_an_empty_entry():
    text = bibtex_source(entry(title=None))
    assert "title = {{[}Untitled{]}}" in text


# --- every format read back by its parser ----------------------------------------------------

RECORDS = [csl.source_record(CHAPTER, "https://e.org/sources/smith.html"),
           csl.source_record(WIKI_REVISION, "https://e.org/sources/wiki.html"),
           csl.passage_record(CHAPTER, Passage("smith-2004-soviet-arms/p3", "smith-2004-soviet-arms", 3, "p3",
                                               "paragraph", "text", None, (1,), ()),
                              "https://e.org/sources/smith.html#p3"),
           FRUS,
           csl.source_record(entry(id="hostile", title=HOSTILE, authors=(Author("Ann {O}}'Neil\nX"),),
                                   publisher="P}\n{", published="1990~", url="https://e.org/a}b"))]


def _one_line(text: str) -> str:
    """What a one-line format keeps of a value: line breaks become spaces."""
    return re.sub(r"[\r\n\v\f\x85\u2028\u2029]+", " ", text).strip()


def _bibtex_back(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library.entries


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_bibtex_reads_back(record):
    (back,) = _bibtex_back(csl.bibtex(record))
    fields = {f.key: f.value for f in back.fields}
    assert back.key == csl.bibtex_key(record["id"])
    # LaTeX decoding gives the title back, brackets and specials included,
    # on one line (a line break in a value is a space).
    assert fields["title"].replace("{", "").replace("}", "") == \
        _one_line(record["title"]).replace("{", "").replace("}", "")
    if record.get("publisher"):
        assert "publisher" in fields


@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_ris_reads_back(record):
    (back,) = rispy.loads(csl.ris(record))
    assert back["id"] == record["id"]
    assert back["title"] == _one_line(record["title"])
    assert back["type_of_reference"] == csl.RIS_TYPES.get(record["type"], "GEN")
    assert back.get("authors", []) == [_one_line(csl._ris_name(n)) for n in record.get("author", [])]
    if "issued" in record and "date-parts" in record["issued"]:
        assert back["year"] == str(record["issued"]["date-parts"][0][0])


def test_a_line_break_never_starts_a_ris_field():
    text = csl.ris(RECORDS[-1])
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in text.splitlines()), text
    assert len(rispy.loads(text)) == 1


@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
@pytest.mark.parametrize("record", RECORDS, ids=[r["id"] for r in RECORDS])
def test_csl_json_reads_back(record):
    data = json.loads(json.dumps([record], ensure_ascii=False))
    source = CiteProcJSON(data)
    (key,) = list(source)
    assert key == record["id"].lower()
    assert str(source[key]["title"]) == record["title"]


def test_highwire_tags_of_a_chapter():
    tags = csl.highwire(RECORDS[0])
    assert ["citation_title", "Soviet Arms and the Iraqi Army, 1958–1990"] in tags
    assert [t for t in tags if t[0] == "citation_author"] == [["citation_author", "Smith, John A."],
                                                             ["citation_author", "Petrova, Maria"]]
    assert ["citation_publication_date", "2004"] in tags
    assert ["citation_inbook_title", "The Soviet Union and the Middle East"] in tags
    assert ["citation_public_url", "https://e.org/sources/smith.html"] in tags


@pytest.mark.parametrize(("published", "iso"), [("1990?", "1990"), ("1990~", "1990"), ("2018-05", "2018-05"),
                                                 ("2012-10-25", "2012-10-25"), ("197X", None), ("1990/1991", None),
                                                 (None, None)])
def test_jsonld_dates_are_valid_iso_8601(published, iso):
    data = jsonld_source(entry(published=published), "https://example.org/sources/x.html")
    assert data.get("datePublished") == iso


def test_jsonld_of_a_chapter():
    data = jsonld_source(CHAPTER, "https://example.org/sources/smith.html")
    assert data["@type"] == "Chapter"
    assert data["isPartOf"] == {"@type": "Book", "name": "The Soviet Union and the Middle East",
                                "editor": [{"@type": "Person", "name": "Anne Jones"},
                                           {"@type": "Person", "name": "Karim Haddad"}],
                                "bookEdition": "2nd ed."}
    assert data["pagination"] == "145–72"
    assert data["publisher"] == {"@type": "Organization", "name": "Oxford University Press"}
    assert data["datePublished"] == "2004"


def _with_catalog_lines(root, source_id: str, after: str, lines: str) -> None:
    path = root / f"sources/catalog/{source_id}.yml"
    text = path.read_text("utf-8")
    assert after in text
    path.write_text(text.replace(after, after + lines, 1), "utf-8")


def test_the_catalog_describes_a_web_page_revision_and_a_container(project_copy, cli):
    _with_catalog_lines(project_copy, "wikipedia-iraq-russia-relations",
                        "url: https://en.wikipedia.org/wiki/Iraq%E2%80%93Russia_relations\n",
                        'accessed: "2024-05-02"\nrevision: "1187654321"\n')
    _with_catalog_lines(project_copy, "riac-mamedov-2018", "first_published_in: Al-Monitor\n",
                        "container:\n  title: Russia in the Middle East\n  editors: [Anne Jones]\n"
                        "  edition: null\n  publisher: RIAC\n  place: Moscow\n  pages: 12–19\n")
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    wiki = (project_copy / "out/sources/wikipedia-iraq-russia-relations.md").read_text("utf-8")
    assert "Wikipedia. Accessed May 2, 2024." in wiki
    assert "Revision 1187654321" in wiki           # BibTeX's note
    assert '"version": "1187654321"' in wiki
    riac = (project_copy / "out/sources/riac-mamedov-2018.md").read_text("utf-8")
    # A chapter's imprint gives the year only (CMOS 14.107).
    assert "In <em>Russia in the Middle East</em>, edited by Anne Jones, 12–19. Moscow: RIAC, 2018." in riac
    assert '["citation_inbook_title", "Russia in the Middle East"]' in riac
    assert '"@type": "Chapter"' in riac


def test_a_wrong_container_is_reported_at_its_line(project_copy, cli):
    _with_catalog_lines(project_copy, "riac-mamedov-2018", "first_published_in: Al-Monitor\n",
                        "container:\n  editors: [Anne Jones]\n  pages: twelve\n")
    result = cli(project_copy, "check")
    assert result.returncode == 1
    text = (project_copy / "sources/catalog/riac-mamedov-2018.yml").read_text("utf-8").split("\n")
    container_line = text.index("container:") + 1
    pages_line = text.index("  pages: twelve") + 1
    path = "sources/catalog/riac-mamedov-2018.yml"
    assert f"{path}:{container_line}: " in result.stderr and "'title' is missing" in result.stderr
    assert f"{path}:{pages_line}: " in result.stderr and "'twelve' is not valid" in result.stderr
    assert "Traceback" not in result.stderr



def test_hostile_catalog_values_reach_every_citation_format_intact(project_copy, cli):
    """From sources/ to the pages and the downloads: a title with braces, a
    backslash, a percent sign, an HTML tag and a RIS tag, and a publisher
    that closes a BibTeX brace, read back by each format's parser. (A line
    break in a title is refused by the check; the serialisers' handling of
    one is tested on records above.)"""
    title = 'Oil } and {gas} \\\\end 50% <img src=x onerror=alert(1)> ER  - TY  - JOUR'
    path = project_copy / "sources/catalog/lse-mahmoudian-2021.yml"
    text = path.read_text("utf-8")
    assert "title: Russia and Iran’s Relations in Iraq\n" in text and "publisher: LSE Middle East Centre\n" in text
    path.write_text(text.replace("title: Russia and Iran’s Relations in Iraq\n", f'title: "{title}"\n', 1)
                    .replace("publisher: LSE Middle East Centre\n", 'publisher: "LSE } Centre"\n', 1), "utf-8")
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    expected = "Oil } and {gas} \\end 50% <img src=x onerror=alert(1)> ER  - TY  - JOUR"
    cite = project_copy / "out/data/cite/sources"
    (ris,) = rispy.loads((cite / "lse-mahmoudian-2021.ris").read_text("utf-8"))
    assert ris["title"] == expected and ris["publisher"] == "LSE } Centre"
    assert ris["type_of_reference"] == "ELEC"           # the tags inside the value started nothing
    (bib,) = _bibtex_back((cite / "lse-mahmoudian-2021.bib").read_text("utf-8"))
    fields = {f.key: f.value for f in bib.fields}
    assert fields["publisher"] == "LSE } Centre"
    assert "<img src=x onerror=alert(1)>" in fields["title"] and "50%" in fields["title"]
    (record,) = json.loads((cite / "lse-mahmoudian-2021.csl.json").read_text("utf-8"))
    assert record["title"] == expected
    page = (project_copy / "out/sources/lse-mahmoudian-2021.md").read_text("utf-8").split("\n---\n", 1)[1]
    # The BibTeX is a fenced code block, which Markdown escapes: one line
    # per field, so no value can start a line that closes the fence.
    fence = re.search(r"\n    ```bibtex\n(.*?)\n    ```\n", page, re.S)
    assert fence and all(not line.strip().startswith("```") for line in fence.group(1).split("\n"))
    html_part = page.replace(fence.group(0), "")
    assert "<img src=x" not in html_part and html_part.count("&lt;img src=x") >= 1
    assert "&lt;img Src=x Onerror=alert(1)&gt;" in html_part           # the Chicago entry (headline style)
