"""Time-scoped identity of plain aliases (scripts/timescope.py: ruled_out;
scripts/stages/link.py): an alias that only one actor with ``exists``
carries does not link at a date that actor does not exist ("the Russians"
in a memorandum of 1958 are not the Russian Federation): it goes to the
editorial queue; the actor's own name always links; once a second actor of
the lineage carries the alias, the date decides between them. Invented
actors and the invented memorandum of tests/fixtures/tei/ (dated 2 May
1999): nothing here assumes the corpus, FRUS or Russia."""

from __future__ import annotations

from datetime import date

from scripts.buildinfo import build_info
from scripts.model import Lifespan
from scripts.paths import ProjectPaths
from scripts.pipeline import run as run_pipeline
from scripts.timescope import ruled_out
from tests.helpers import FIXTURES, copy_project, write_entry

MEMORANDUM = FIXTURES / "tei" / "memorandum-conversation.xml"
SOURCE_ID = "memorandum-conversation"
SECOND = f"{SOURCE_ID}/p2"


def test_the_first_dated_context_rules_out_an_actor_that_does_not_exist_then():
    federation = Lifespan("2001/..", date(2001, 1, 1), None)
    in_1999 = [(date(1999, 5, 2), date(1999, 5, 2))]
    assert ruled_out(federation, ([], [], [], in_1999))
    assert not ruled_out(federation, ([], [(date(2005, 1, 1), date(2005, 12, 31))], [], in_1999))
    # One of the dates of the context may be the actor's: not ruled out.
    assert not ruled_out(federation, (in_1999 + [(date(2003, 1, 1), date(2003, 12, 31))],))
    assert not ruled_out(federation, ([], [], []))
    assert not ruled_out(None, (in_1999,))


def _build(tmp_path, union_aliases):
    from scripts.scaffold_tei import new_document

    root = copy_project(tmp_path / "project")
    xml = tmp_path / f"{SOURCE_ID}.xml"
    xml.write_bytes(MEMORANDUM.read_bytes().replace(
        b"The Ambassador answered that the tests would be held soon.",
        b"The Ambassador answered that the Testians and the Test Federation would hold the tests soon."))
    new_document(ProjectPaths(root), xml)
    write_entry(root, "actors", {"id": "test-federation", "name": "Test Federation", "kind": "state",
                                 "exists": {"date": "2001/..", "support": [SECOND]},
                                 "aliases": ["Testians"], "summary": "An invented state of the test suite."})
    write_entry(root, "actors", {"id": "test-union", "name": "Test Union", "kind": "state",
                                 "exists": {"date": "1950/2000", "support": [SECOND]},
                                 "aliases": union_aliases, "summary": "An invented state of the test suite."})
    built = run_pipeline(ProjectPaths(root), build_info(root), keep_going=True)
    passage = next(p for p in built.corpus.passages if p.passage.id == SECOND)
    return built, {(m.surface, m.actor_id, m.how) for m in passage.mentions}


def test_an_alias_of_one_actor_is_not_linked_where_it_does_not_exist(tmp_path):
    built, mentions = _build(tmp_path, [])
    assert not [m for m in mentions if m[0] == "Testians"], mentions
    assert ("Test Federation", "test-federation", "name") in mentions      # its own name links
    queued = [i.text for i in built.corpus.editorial if i.where == SECOND and i.kind == "ambiguous-name"]
    assert any(t.startswith("Testians (only test-federation carries this name") for t in queued), queued


def test_an_alias_of_the_lineage_resolves_by_the_documents_date(tmp_path):
    built, mentions = _build(tmp_path, ["Testians"])
    assert ("Testians", "test-union", "date") in mentions, mentions
    assert not [i for i in built.corpus.editorial if i.where == SECOND and "Testians" in i.text]
