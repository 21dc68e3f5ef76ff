"""Incremental pipeline runs (issue 14): ``mkdocs serve`` runs the pipeline
again in the same process after every save, and it reuses what did not
change (scripts/preview/cache.py: per-text and per-record results;
scripts/preview/memo.py: pages whose recorded reads did not change).

After each edit below, the pipeline's output in the long-running process
(pages, data files, blocks) must equal a run of the same inputs with every
cache, as in a new process, and the run must have reused pages (or
the cache does nothing). The end-to-end check through MkDocs is
tests/test_preview.py; this one is quicker and covers more kinds of edit.
It runs on the fixture knowledge layer (tests/fixtures/knowledge/: 15
events, 8 actors, 9 periods, with the real texts and catalog): every kind
of page is there, continuation pages included, at a third of the real
corpus's cost per run, and no edit depends on what the editors curate.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scripts.buildinfo import build_info
from scripts.errors import BuildFailed
from scripts.paths import ProjectPaths
from scripts.pipeline import run
from scripts.preview.cache import RunCache, reuse_unchanged
from tests.helpers import (
    FIXTURES,
    copy_project,
    edit_entry,
    entry_path,
    explain,
    prefix_entry_value,
    prefix_nth_entry,
    read_entry,
    use_fixture_knowledge,
)
from tests.test_live_preview import append_paragraph


def _output(result) -> dict:
    out = {f"page {p.path}": (p.markdown, p.edit_path, p.title) for p in result.pages}
    out.update({f"file {f.path}": f.content for f in result.files})
    out.update({f"block {k}": v for k, v in result.blocks.items()})
    return out


def _override_template(project: Path, word: str) -> None:
    """A project's own event template (overrides/portal/), with *word* in it."""
    from scripts.renderer.templates import TEMPLATES
    folder = project / "overrides" / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event.html").write_text((TEMPLATES / "event.html").read_text("utf-8") + f"\n{word}\n", "utf-8")


def _cited_by_a_summary(project: Path):
    """(index of the first event in file order whose summary's first
    sentence cites a paragraph of a plain text, that paragraph)."""
    from scripts import tei
    from scripts.claims import references
    corpus = run(ProjectPaths(project), build_info(project)).corpus
    passages = {p.passage.id: p.passage for p in corpus.passages}
    plain = {s.id for s in corpus.sources if not tei.is_document_file(s.entry.file)}
    for index, event in enumerate(sorted(corpus.events, key=lambda e: e.id)):
        first = references.sentences(event.summary)[0][:1]
        for ref in first[0].refs if first else ():
            if ref in passages and passages[ref].source_id in plain and len(passages[ref].lines) == 1:
                return index, passages[ref]
    raise AssertionError("no event summary cites a one-line paragraph of a plain text")


def _year_in_summary(project: Path) -> None:
    prefix_nth_entry(project, "events", _cited_by_a_summary(project)[0], "summary", UNSTATED_YEAR)


def _year_in_cited_paragraph(project: Path) -> None:
    """The year put in the summary, now also in the paragraph it cites (the
    sentence is unchanged: only what it cites changed)."""
    passage = _cited_by_a_summary(project)[1]
    catalog = entry_path(project, "catalog", passage.source_id)
    text = project / "sources" / read_entry(project, "catalog", passage.source_id)["file"]
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    lines = text.read_bytes().decode("utf-8").split("\n")
    lines[passage.lines[0] - 1] = f"In {UNSTATED_YEAR}, {lines[passage.lines[0] - 1]}"
    text.write_bytes("\n".join(lines).encode("utf-8"))
    new = hashlib.sha256(text.read_bytes()).hexdigest()
    catalog.write_text(catalog.read_text("utf-8").replace(old, new), "utf-8")


def _capture_document(project: Path) -> None:
    """The invented memorandum of tests/fixtures/tei/, as `make new-source` adds it."""
    from scripts.scaffold_tei import new_document
    new_document(ProjectPaths(project), FIXTURES / "tei" / "memorandum-conversation.xml")


#: A year no text of the fixture gives: an unsupported detail until a cited paragraph gives it.
UNSTATED_YEAR = "1066"

EDITS = {
    "nothing": lambda project: None,
    "a paragraph added to a source text": lambda project: append_paragraph(project, "Qx5IncText"),
    "an actor's summary": lambda p: prefix_nth_entry(p, "actors", 0, "summary", "Qx5IncActor"),
    # The actor matchers are kept by the names alone (the summary edit above reuses them).
    "an actor's alias (every text is linked again)":
        lambda p: edit_entry(p, "actors", "russia", lambda entry: entry["aliases"].append("Kremlin")),
    # A source page reads the actors' names only (the persons list of a document links them).
    "a document of an edition captured": _capture_document,
    "a persons-list label given to an actor (the document's page links it)":
        lambda p: edit_entry(p, "actors", "vladimir-putin", lambda entry: entry.setdefault("edition_names", [])
                             .append("Vole, General Cato")),
    "an event's title (neighbours, actor and period pages)":
        lambda p: prefix_nth_entry(p, "events", 3, "title", "Qx5IncEventTitle"),
    "an event's summary": lambda p: prefix_nth_entry(p, "events", 5, "summary", "Qx5IncEvent"),
    "a period's title": lambda p: prefix_nth_entry(p, "periods", 1, "title", "Qx5IncPeriod"),
    # (a term whose expansion rests on a note: it need not occur in a text)
    "a glossary expansion": lambda p: prefix_entry_value(p, "glossary", "UN", "expansion", "Qx5IncTerm"),
    "a note's text": lambda p: prefix_nth_entry(p, "notes", 0, "text", "Qx5IncNote"),
    "a source's title (every page that names it)":
        lambda p: prefix_nth_entry(p, "catalog", 1, "title", "Qx5IncTitle"),
    "a template of the project's own": lambda p: _override_template(p, "Qx5IncTemplate"),
    # The claims stage keeps what a sentence's cited texts leave unsupported: kept by
    # the sentence alone, the year would stay unsupported after the second edit.
    "a year in an event's summary that no cited paragraph gives": _year_in_summary,
    # Each item's explanation is kept by the item and the explanations.
    "an explanation of that year's item": lambda p: explain(p, "unsupported-detail", UNSTATED_YEAR, "Qx5IncWhy"),
    "an explanation of an unknown name": lambda p: explain(p, "unknown-name", "Cold War", "Qx5IncWhy"),
    "that year in the paragraph the summary cites": _year_in_cited_paragraph,
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return use_fixture_knowledge(copy_project(tmp_path_factory.mktemp("incremental") / "project"))


def test_every_edit_gives_what_a_clean_run_gives(project):
    paths, info = ProjectPaths(project), build_info(project)
    cache = RunCache()          # as the plugin's Preview keeps one under mkdocs serve
    cache.run(run, paths, info)
    reused_somewhere = False
    for what, edit in EDITS.items():
        edit(project)
        incremental = cache.run(run, paths, info)
        rendered, reused = cache.memo.rendered, cache.memo.reused
        clean = run(paths, info)                # no cache: as in a new process
        got, expected = _output(incremental), _output(clean)
        differ = sorted(k for k in got.keys() | expected.keys() if got.get(k) != expected.get(k))
        assert not differ, f"after {what}: the incremental run differs from a clean one in {differ[:8]}"
        if what != "a template of the project's own":
            # A template edit renders everything again; anything else reuses pages.
            assert reused > rendered, f"after {what}: {rendered} pages rendered, only {reused} reused"
            reused_somewhere = True
        else:
            assert reused == 0, f"after {what}: {reused} pages reused although a template changed"
    assert reused_somewhere


def test_a_save_that_fails_then_its_fix_gives_what_a_clean_run_gives(project):
    """A text saved before its catalog's new sha256: the run in between
    fails (without that source, so with other keys); the next run keeps
    the last good run's results and gives what a clean run gives."""
    paths, info = ProjectPaths(project), build_info(project)
    cache = RunCache()
    cache.run(run, paths, info)
    entry = append_paragraph(project, "Qx5IncFailed")           # the text and its new sha256
    catalog = project / entry.origin
    saved = catalog.read_text("utf-8")
    new = hashlib.sha256((project / "sources" / entry.file).read_bytes()).hexdigest()
    catalog.write_text(saved.replace(new, entry.sha256), "utf-8")       # the catalog not saved yet
    with pytest.raises(BuildFailed):
        cache.run(run, paths, info)
    catalog.write_text(saved, "utf-8")
    incremental = cache.run(run, paths, info)
    got, expected = _output(incremental), _output(run(paths, info))
    assert not sorted(k for k in got.keys() | expected.keys() if got.get(k) != expected.get(k))
    assert cache.memo.reused > cache.memo.rendered


def test_a_failed_run_keeps_the_last_good_runs_results():
    """A run that fails forgets nothing: the next good run finds what the
    last good run computed, whatever the failed run used."""
    cache, computed = RunCache(), []

    def compute():
        computed.append(1)
        return "value"

    cache.get("a result", "the last good run's key", compute)
    cache.finish()
    cache.get("a result", "a key of the failed run only", compute)
    cache.finish(succeeded=False)
    assert cache.get("a result", "the last good run's key", compute) == "value"
    assert len(computed) == 2
    cache.finish()              # a good run forgets what it did not use
    cache.get("a result", "a key of the failed run only", compute)
    assert len(computed) == 3


def test_reuse_unchanged_hands_back_the_previous_objects_of_equal_items():
    """Items equal to the previous run's (same id, else same position) become
    the previous objects; changed or new items stay as they are; values are
    never altered."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Item:
        id: str
        text: str

    @dataclass(frozen=True)
    class Plain:
        text: str

    @dataclass(frozen=True)
    class Whole:
        items: tuple
        plain: tuple
        stamp: str

    old = Whole((Item("a", "1"), Item("b", "2"), Item("c", "3")), (Plain("x"), Plain("y")), "s")
    # Reordered, one changed, one new; the id-less items by position.
    new = Whole((Item("c", "3"), Item("a", "1"), Item("b", "CHANGED"), Item("d", "4")),
                (Plain("x"), Plain("z")), "s")
    out = reuse_unchanged(new, old)
    assert out == new
    assert out.items[0] is old.items[2] and out.items[1] is old.items[0]
    assert out.items[2] is new.items[2] and out.items[3] is new.items[3]
    assert out.plain[0] is old.plain[0] and out.plain[1] is new.plain[1]
    assert reuse_unchanged(new, None) is new
