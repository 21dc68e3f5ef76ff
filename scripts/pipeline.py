"""Run the stages in order: load → validate → clean → segment → link →
claims → outside → export → render (this module is where the order is
defined and told; :func:`run`). No MkDocs here: the CLI and the MkDocs plugin both call
:func:`run`.

Problems of all stages are collected in one log and raised together as
:class:`~scripts.errors.BuildFailed` before anything is written.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager

from scripts import tei
from scripts.errors import BuildFailed, ProblemLog
from scripts.folding import normalize_key
from scripts.model import BuildInfo, BuildResult, Pin, SourceDocument
from scripts.paths import ProjectPaths
from scripts.renderer.templates import OVERRIDES
from scripts.reuse import reusable, settled
from scripts.stages import claims as claims_stage
from scripts.stages import outside as outside_stage
from scripts.stages.clean import clean
from scripts.stages.export import export
from scripts.stages.link import link
from scripts.stages.load import load
from scripts.stages.render import render
from scripts.stages.segment import segment
from scripts.stages.validate import validate


def run(paths: ProjectPaths, build: BuildInfo, keep_going: bool = False) -> BuildResult:
    """Build everything in memory. Raises :class:`BuildFailed` with every problem,
    unless *keep_going* (reports such as ``claims-report``): then the result
    holds the checked corpus and the problems, and no page or file.

    The stages keep nothing; under ``mkdocs serve`` the preview runs this
    inside :func:`scripts.reuse.reusing`, and what the last run computed is
    reused where the inputs are equal."""
    # Performance (bench/README.md): the pipeline allocates millions of small
    # objects that all live until it returns; Python's cyclic garbage collector
    # kept re-scanning them to find almost nothing. It is paused while the
    # pipeline runs and restored afterwards (at the cost of a little more
    # memory at the peak).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(paths, build, keep_going)
    finally:
        if enabled:
            gc.enable()


def _run(paths: ProjectPaths, build: BuildInfo, keep_going: bool) -> BuildResult:
    log = ProblemLog()
    timings: list[tuple[str, float]] = []

    @contextmanager
    def stage(name: str):
        started = time.perf_counter()
        yield
        timings.append((name, time.perf_counter() - started))

    with stage("load"):
        loaded = load(paths, log)
    with stage("validate"):
        valid = validate(loaded, log)
    cleaned = []
    with stage("clean"):
        for entry in valid.catalog:
            raw = valid.texts.get(entry.id)
            if raw is not None:
                cleaned.append((entry, raw, clean_body(entry, raw, entry.rules + valid.generic_rules)))
    sources = []
    with stage("segment"):
        for entry, raw, clean_text in cleaned:
            body, passages = segment(clean_text)
            sources.append(SourceDocument(entry, raw, clean_text, body, passages))
    with stage("link"):
        corpus = link(tuple(sources), valid.actors, valid.events, valid.periods, valid.glossary,
                      valid.explained, build, log,
                      loaded.catalog_lines,
                      valid.pins + _edition_pins(sources, valid.actors, valid.pins, log),
                      identified=_identified(sources))
    with stage("claims"):
        corpus = claims_stage.check(corpus, valid.notes, valid.displays or {}, loaded.docs_pages, log,
                                    valid.explained, _raw_ids(loaded), valid.claims)
    with stage("outside facts"):
        # With a catalog file that does not read, a text is missing: the
        # checks that need every text say nothing (one cause, one message).
        complete = _raw_ids(loaded)["source"] <= {s.id for s in corpus.sources}
        corpus = outside_stage.check(corpus, valid.displays or {}, log, texts_complete=complete)
    if keep_going and log:
        return BuildResult(pages=(), files=(), corpus=corpus, timings=tuple(timings), problems=log.problems)
    log.raise_if_any()
    corpus = settled(corpus)
    with stage("export"):
        files = export(corpus)
    with stage("render"):
        pages, blocks = render(corpus, files, paths.root / OVERRIDES)
    return BuildResult(pages=pages, files=files, corpus=corpus, timings=tuple(timings),
                       blocks=blocks)


def clean_body(entry, raw, rules):
    """The clean body of a source: a TEI document's paragraphs as they are
    (scripts/tei.py: nothing to clean), a text's through its rules."""
    return _clean(entry.file, entry.id, raw, rules)


@reusable
def _clean(file: str, source_id: str, raw, rules):
    if tei.is_document_file(file):
        return tei.clean_text(tei.parsed(raw), source_id)
    return clean(raw, rules)


def _identified(sources) -> dict:
    """Per passage of a TEI document, the folded names of the persons its
    edition marks in that paragraph (``<persName corresp>`` → the entry of
    the volume's list of persons): a name the edition identifies is not an
    unknown name for the editorial queue. In: the segmented sources. Out:
    {passage id: {folded name}}."""
    found = {}
    for source, doc in tei.documents(sources, whole=True):
        for passage, paragraph in zip(source.passages, doc.paragraphs, strict=True):
            names = {normalize_key(name) for person in paragraph.persons
                     if (entry := doc.person_entry(person)) is not None for name in tei.entry_names(entry)}
            if names:
                found[passage.id] = names
    return found


def _edition_pins(sources, actors, pins, log: ProblemLog) -> tuple[Pin, ...]:
    """The persons a TEI edition marks (``<persName corresp>``) that are
    actors (scripts/tei.py: person_actors; an actor's ``edition_names`` or
    its names), as pins of those words to the actor, so that "Kassim" or
    "HENRY A. KISSINGER" link where the edition says who they are, whatever
    the spelling. An editor's pin of the same words wins. Each of an
    actor's ``edition_names`` that no captured list prints is a problem at
    the actor's file. In: the segmented sources, the actors, the editors'
    pins. Out: the pins to add."""
    pinned = {(pin.passage_id, pin.words) for pin in pins}
    documents, found = [], []
    for source, doc in tei.documents(sources, whole=True):
        documents.append(doc)
        for index, words, actor_id, occurrence, label in tei.edition_mentions(doc, actors):
            passage = source.passages[index]
            if (passage.id, words) in pinned:
                continue
            found.append(Pin(passage.id, words, occurrence, actor_id,
                             f"the edition's list of persons identifies it: {label}", source.raw.path,
                             doc.paragraphs[index].line))
    for actor, name in tei.unknown_edition_names(documents, actors):
        log.add(actor.origin or "sources/actors", actor.edition_names_line or actor.line,
                f"actor '{actor.id}': edition_names: {name!r} is the label of no entry of the persons lists of "
                "the documents in sources/documents/; copy the name exactly as the list prints it "
                "(\"Family, Given\"), or remove it")
    return tuple(found)


def _raw_ids(loaded) -> dict:
    """Ids of every entry file, also of entries left out for another problem
    or whose file could not be read (the id is the file's name): a note about
    such an entry is not reported as pointing nowhere."""
    found = {kind: set(loaded.file_ids.get(name, ())) for kind, name in
             (("event", "events"), ("actor", "actors"), ("period", "periods"), ("source", "catalog"),
              ("note files", "notes"))}
    # A glossary file is named by a slug of its term: an unreadable one
    # leaves its term unknown, so nothing can be said about terms then.
    terms = loaded.yaml.get("glossary")
    items = terms.get("terms") if isinstance(terms, dict) else None
    found["glossary"] = None if loaded.unreadable.get("glossary") else {
        i.get("term") for i in items or [] if isinstance(i, dict) and isinstance(i.get("term"), str)}
    return found


__all__ = ["run", "BuildFailed"]
