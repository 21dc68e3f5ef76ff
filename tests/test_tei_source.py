"""A TEI document added the documented way (CONTRIBUTING.md, "Add a document
from a TEI edition"): ``make new-source FILE=….xml`` in a copy of the
project with a document of an edition the portal has never seen
(tests/fixtures/tei/frus-style.xml, an invented edition). The entry is
written from the XML, ``make check`` names what is unfinished, and once the
editor has filled it in the gate is green and the page shows the document as
a document. Holds for any corpus: nothing here assumes FRUS or a count."""

from __future__ import annotations

import re

from scripts.buildinfo import build_info
from scripts.paths import ProjectPaths
from scripts.pipeline import run as run_pipeline
from scripts.tei import read_tei
from tests.helpers import FIXTURES, check_in_process, copy_repository, explain
from tests.test_new_sources import make_new_source

DOCUMENT = FIXTURES / "tei" / "frus-style.xml"

#: What the editor writes in place of the TODO comments (hand-written).
FILLED = {
    "language": "en",
    "rights": "null",
    "assessment": ("assessment:\n  author: An invented embassy of the test suite.\n  kind: Telegram.\n"
                   "  date: Its dateline.\n  independence: None; invented.\n  weaknesses: Invented.\n"),
}
EXPLAINED = (("unknown-name", "Minister Quill", "A person of the invented edition of the test suite."),
             ("unknown-name", "XYZ", "An abbreviation of the invented edition, explained by its own list."),
             ("undated-sentence", "would meet on May 3", "A meeting of the invented edition, not an event of the "
              "portal."))


def finish(entry_text: str) -> str:
    text = re.sub(r"^language: .*$", f"language: {FILLED['language']}", entry_text, flags=re.M)
    text = re.sub(r"^rights: .*$", f"rights: {FILLED['rights']}", text, flags=re.M)
    text = re.sub(r"^assessment:.*?(?=^cleaning:)", FILLED["assessment"], text, flags=re.M | re.S)
    return text


def test_new_tei_document_is_catalogued_from_the_xml_then_red_then_green(tmp_path):
    root = copy_repository(tmp_path / "repo")
    result = make_new_source(root, DOCUMENT)
    assert result.returncode == 0, result.describe()
    copied = root / "sources/documents/frus-style.xml"
    assert copied.read_bytes() == DOCUMENT.read_bytes()                 # byte-identical
    entry_file = root / "sources/catalog/frus-style.yml"
    entry = entry_file.read_text("utf-8")
    doc = read_tei(DOCUMENT.read_bytes(), "x")
    # What the XML says is written, not asked for.
    assert f"title: {doc.title}" in entry and f"pages: doc. {doc.number}" in entry
    assert f"publisher: {doc.publisher}" in entry and f'published: "{doc.pub_date}"' in entry
    assert doc.capture["commit"] in entry
    # Red: the gate names what is unfinished, at its file.
    red = check_in_process(root, "--strict")
    assert red.returncode != 0
    assert "sources/catalog/frus-style.yml" in red.stdout + red.stderr
    assert "unfinished-source" in red.stdout + red.stderr
    # Green once the editor has filled it in (and explained the document's names).
    entry_file.write_text(finish(entry), "utf-8")
    for kind, text, why in EXPLAINED:
        explain(root, kind, text, why)
    changelog = root / "CHANGELOG.md"
    changelog.write_text(changelog.read_text("utf-8").replace(
        "## [Unreleased]\n", f'## [Unreleased]\n\n- New source `frus-style`: "{doc.title}".\n', 1), "utf-8")
    green = check_in_process(root, "--strict")
    assert green.returncode == 0, green.describe()
    # The document is a source: passages, its page laid out as a document.
    built = run_pipeline(ProjectPaths(root), build_info(root))
    source = next(s for s in built.corpus.sources if s.id == "frus-style")
    assert [p.text for p in source.passages] == [p.text for p in doc.paragraphs]
    page = next(p for p in built.pages if p.path == "sources/frus-style.md").markdown
    assert f"Document {doc.number} of" in page and "<dt>Classification</dt>" in page
    assert "## The edition's footnotes" in page and doc.source_note in page
    assert page.count('class="edition-fn-call"') == sum(len(p.notes) for p in doc.paragraphs)
    assert f"doc. {doc.number}" in page                                  # in the citation


def test_hostile_tei_document_is_refused_with_its_line(tmp_path):
    root = copy_repository(tmp_path / "repo")
    for name, line in (("billion-laughs.xml", 2), ("malformed.xml", 5)):
        result = make_new_source(root, FIXTURES / "tei" / name)
        assert result.returncode != 0
        assert f"{name}:{line}:" in result.stdout + result.stderr, result.describe()
        assert not (root / "sources/documents" / name).exists()


def test_a_document_is_written_at_its_own_date_not_when_its_volume_was_printed(tmp_path):
    # An undated paragraph speaks of the time of its writing ("Moscow" in a
    # memorandum of 1958 is the Soviet capital): for a document that is its
    # dateline, not the year the edition printed the volume.
    from scripts.paths import ProjectPaths as Paths
    from scripts.scaffold_tei import new_document
    from scripts.stages.link import _written
    from tests.helpers import copy_project

    root = copy_project(tmp_path / "project")
    new_document(Paths(root), DOCUMENT)
    built = run_pipeline(ProjectPaths(root), build_info(root))
    source = next(s for s in built.corpus.sources if s.id == "frus-style")
    doc = read_tei(DOCUMENT.read_bytes(), "x")
    assert source.entry.published == doc.pub_date != doc.date_min[:4]      # the fixture's premise
    ((first, last),) = _written(source)
    assert (first.isoformat(), last.isoformat()) == (doc.date_min, doc.date_max)


def test_names_the_edition_identifies_are_not_unknown(tmp_path):
    # "Called on Minister <persName corresp="#p_QA1">Quill</persName>": the
    # volume's list of persons says who Quill is ("Quill, Amos"), so the
    # run "Minister Quill" is not an unknown name for the editorial queue.
    from scripts.paths import ProjectPaths as Paths
    from scripts.scaffold_tei import new_document
    from tests.helpers import copy_project

    root = copy_project(tmp_path / "project")
    new_document(Paths(root), DOCUMENT)
    built = run_pipeline(ProjectPaths(root), build_info(root))
    names = [i.text for i in built.corpus.editorial if i.kind == "unknown-name" and i.where.startswith("frus-style/")]
    assert "Minister Quill" not in names and "Quill" not in names, names
