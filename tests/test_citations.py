"""Citations for every kind of source, against citations written by hand from
the rules of *The Chicago Manual of Style* (17th ed., bibliography form:
14.65-14.76 authors, 14.107 chapter in an edited book, 14.115 editions,
14.206-14.207 web pages, 14.233 wikis, 10.43/14.145 "ca." and "n.d.") and
from BibTeX's and schema.org's field definitions. Not copied from output.
"""

from __future__ import annotations

import pytest

from scripts.model import Author, CatalogEntry, Container
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


CHICAGO = [
    (CHAPTER,
     "Smith, John A., and Maria Petrova. “Soviet Arms and the Iraqi Army, 1958–1990.” In *The Soviet Union and "
     "the Middle East*, 2nd ed., edited by Anne Jones and Karim Haddad, 145–72. Oxford: Oxford University "
     "Press, 2004."),
    (WIKI_REVISION,
     "“Iraq–Russia relations.” Wikipedia, n.d. Revision 1187654321. Accessed May 2, 2024. "
     "https://en.wikipedia.org/w/index.php?title=Iraq%E2%80%93Russia_relations&oldid=1187654321."),
    (entry(title="Moscow's Oil Diplomacy", authors=(Author("Lena Ivanova"),), publisher="Eurasia Review",
           venue="Energy Notes", published="1990?"),
     "Ivanova, Lena. “Moscow's Oil Diplomacy.” *Energy Notes*. Eurasia Review, 1990?"),
    (entry(title="Baghdad Pact Memoirs", publisher="Gulf Press", published="1990~"),
     "“Baghdad Pact Memoirs.” Gulf Press, ca. 1990."),
    (entry(title="Arms and Oil", authors=(Author("A B"), Author("C D"), Author("E F")), publisher="P",
           published="2018-05-03"),
     "B, A, C D, and E F. “Arms and Oil.” P, May 3, 2018."),
    (entry(title="[Notes on a treaty]", published="1972-04"),
     "[Notes on a treaty]. April 1972."),
    (entry(title="Why Moscow?", publisher="P"),
     "“Why Moscow?” P, n.d."),
]


@pytest.mark.parametrize(("source", "expected"), CHICAGO, ids=[s.title for s, _ in CHICAGO])
def test_chicago(source, expected):
    assert chicago_source(source) == expected


def test_bibtex_of_a_chapter():
    assert bibtex_source(CHAPTER) == (
        "@incollection{smith-2004-soviet-arms,\n"
        "  author = {John A. Smith and Maria Petrova},\n"
        "  title = {Soviet Arms and the Iraqi Army, 1958–1990},\n"
        "  booktitle = {The Soviet Union and the Middle East},\n"
        "  editor = {Anne Jones and Karim Haddad},\n"
        "  edition = {2nd ed.},\n"
        "  publisher = {Oxford University Press},\n"
        "  address = {Oxford},\n"
        "  pages = {145--72},\n"
        "  year = {2004},\n"
        "  date = {2004},\n"
        "}")


def test_bibtex_of_a_web_page_revision():
    text = bibtex_source(WIKI_REVISION)
    assert text.startswith("@misc{wikipedia-rev,\n")
    assert "  urldate = {2024-05-02},\n" in text
    assert "  note = {Revision 1187654321},\n" in text
    assert "  publisher = {Wikipedia},\n" in text


@pytest.mark.parametrize(("published", "year"), [("1990?", "1990?"), ("1990~", "ca. 1990"), ("1990%", "ca. 1990?"),
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


def _with_catalog_lines(root, after: str, lines: str) -> None:
    path = root / "sources/catalog.yml"
    text = path.read_text("utf-8")
    assert after in text
    path.write_text(text.replace(after, after + lines, 1), "utf-8")


def test_the_catalog_describes_a_web_page_revision_and_a_container(project_copy, cli):
    _with_catalog_lines(project_copy, "    url: https://en.wikipedia.org/wiki/Iraq%E2%80%93Russia_relations\n",
                        '    accessed: "2024-05-02"\n    revision: "1187654321"\n')
    _with_catalog_lines(project_copy, "    first_published_in: Al-Monitor\n",
                        "    container:\n      title: Russia in the Middle East\n      editors: [Anne Jones]\n"
                        "      edition: null\n      publisher: RIAC\n      place: Moscow\n      pages: 12–19\n")
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    wiki = (project_copy / "out/sources/wikipedia-iraq-russia-relations.md").read_text("utf-8")
    assert "Revision 1187654321. Accessed May 2, 2024." in wiki
    assert '"version": "1187654321"' in wiki
    riac = (project_copy / "out/sources/riac-mamedov-2018.md").read_text("utf-8")
    assert "In <em>Russia in the Middle East</em>, edited by Anne Jones, 12–19. Moscow: RIAC, May 2018." in riac
    assert '"@type": "Chapter"' in riac


def test_a_wrong_container_is_reported_at_its_line(project_copy, cli):
    _with_catalog_lines(project_copy, "    first_published_in: Al-Monitor\n",
                        "    container:\n      editors: [Anne Jones]\n      pages: twelve\n")
    result = cli(project_copy, "check")
    assert result.returncode == 1
    text = (project_copy / "sources/catalog.yml").read_text("utf-8").split("\n")
    container_line = text.index("    container:") + 1
    pages_line = text.index("      pages: twelve") + 1
    assert f"sources/catalog.yml:{container_line}: " in result.stderr and "'title' is missing" in result.stderr
    assert f"sources/catalog.yml:{pages_line}: " in result.stderr and "'twelve' is not valid" in result.stderr
    assert "Traceback" not in result.stderr

