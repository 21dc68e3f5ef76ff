"""Persons of a document of an edition (scripts/tei.py: person_actors,
edition_mentions; scripts/pipeline.py: _edition_pins; document.html block
persons): an actor may carry the name as an edition's list of persons prints
it (``edition_names``), so a ``<persName corresp>`` to that entry names the
actor, whatever the spelling in the paragraph; a person of the list who is
no actor still shows the office the list gives, cited to the list. From the
invented memorandum of tests/fixtures/tei/memorandum-conversation.xml:
nothing here assumes FRUS, the corpus or a count."""

from __future__ import annotations

from types import SimpleNamespace

from scripts.buildinfo import build_info
from scripts.paths import ProjectPaths
from scripts.pipeline import run as run_pipeline
from scripts.tei import edition_mentions, person_actors, read_tei, unknown_edition_names
from tests.helpers import FIXTURES, copy_project, write_entry

MEMORANDUM = FIXTURES / "tei" / "memorandum-conversation.xml"
SOURCE_ID = "memorandum-conversation"


def actor(actor_id, name, aliases=(), edition_names=()):
    return SimpleNamespace(id=actor_id, name=name, aliases=tuple(aliases), edition_names=tuple(edition_names),
                           origin=f"sources/actors/{actor_id}.md", edition_names_line=4, line=1)


def doc():
    return read_tei(MEMORANDUM.read_bytes(), "x.xml")


def test_an_entry_is_an_actor_by_its_printed_label_or_by_a_full_name():
    # "Vole, General Cato" folds to no name of the actor "Kato Wohl": only the label makes them one.
    actors = [actor("kato-wohl", "Kato Wohl", edition_names=["Vole, General Cato"]), actor("amos-quill", "Amos Quill")]
    assert person_actors(doc(), actors) == {"p_VC1": "kato-wohl", "p_QA1": "amos-quill"}
    assert person_actors(doc(), [actor("kato-wohl", "Kato Wohl")]) == {}


def test_a_surname_alone_or_two_candidates_identify_nobody():
    assert person_actors(doc(), [actor("someone", "Someone Else", aliases=["Quill"])]) == {}
    twins = [actor("a", "Amos Quill"), actor("b", "Quill Amos Junior", edition_names=["Quill, Amos"])]
    # The label decides before the names: the one whose edition_names print it.
    assert person_actors(doc(), twins) == {"p_QA1": "b"}
    assert person_actors(doc(), [actor("a", "Amos Quill"), actor("c", "Amos Quill Senior", aliases=["Amos Quill"])]) == {}


def test_mentions_are_the_marked_words_with_their_occurrence():
    actors = [actor("kato-wohl", "Kato Wohl", edition_names=["Vole, General Cato"])]
    assert edition_mentions(doc(), actors) == [(0, "Vole", "kato-wohl", 1, "Vole, General Cato")]


def test_an_edition_name_no_list_prints_is_named():
    wrong = actor("kato-wohl", "Kato Wohl", edition_names=["Vole, Cato General"])
    assert unknown_edition_names([doc()], [wrong]) == [(wrong, "Vole, Cato General")]


def test_in_a_build_the_marked_words_link_and_the_page_cites_the_list(tmp_path):
    from scripts.scaffold_tei import new_document

    root = copy_project(tmp_path / "project")
    new_document(ProjectPaths(root), MEMORANDUM)
    write_entry(root, "actors", {"id": "kato-wohl", "name": "Kato Wohl", "kind": "person",
                                 "edition_names": ["Vole, General Cato"], "aliases": [],
                                 "summary": "An invented person of the test suite."})
    write_entry(root, "actors", {"id": "nobody-listed", "name": "Nobody Listed", "kind": "person",
                                 "edition_names": ["Listed, Nobody"], "aliases": [],
                                 "summary": "An invented person of the test suite."})
    built = run_pipeline(ProjectPaths(root), build_info(root), keep_going=True)
    first = next(p for p in built.corpus.passages if p.passage.id == f"{SOURCE_ID}/p1")
    assert [(m.actor_id, m.surface) for m in first.mentions if m.actor_id == "kato-wohl"] == [("kato-wohl", "Vole")]
    problems = [str(p) for p in built.problems if "nobody-listed" in str(p)]
    assert problems and "sources/actors/nobody-listed.md:" in problems[0] and "'Listed, Nobody'" in problems[0]


def test_persons_section_links_actors_and_escapes_the_list():
    from scripts.renderer.document import document_of
    from scripts.renderer.templates import environment

    data = MEMORANDUM.read_bytes().replace(b"Minister of Tests of Exampleland",
                                           b"Minister &lt;img src=x onerror=alert(1)&gt; of\nTests")
    source = SimpleNamespace(entry=SimpleNamespace(file="documents/m.xml"),
                             raw=SimpleNamespace(text=data.decode(), path="sources/documents/m.xml", document=None))
    actors = [actor("kato-wohl", "Kato Wohl", edition_names=["Vole, General Cato"])]
    context = document_of(source, actors, lambda a: SimpleNamespace(href=f"../actors/{a}.html", text=a))
    template = environment().get_template("document.html")
    html = "".join(template.blocks["persons"](template.new_context({"document": context})))
    assert '<dt><a href="../actors/kato-wohl.html">Vole, General Cato</a></dt>' in html
    assert "<dt>Quill, Amos</dt>" in html                          # no actor: the office all the same
    assert "Minister &lt;img src=x onerror=alert(1)&gt; of Tests from May 1999" in html and "<img" not in html
    assert "<cite>Synthetic Series, 1999, vol. II, Second Test Region</cite>" in html
