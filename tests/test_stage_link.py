"""The link stage (scripts/stages/link.py), called in-process on the
fixture project's sources (the stages before it run in-process too): each
mention indexes its surface in the passage and names a known actor, each
citation is located in the one passage that holds its quote, each cited
passage names its events, and a quote that no passage holds is a problem
at the citation's line in the event's file."""

from __future__ import annotations

import dataclasses

import pytest

from scripts.buildinfo import build_info
from scripts.errors import ProblemLog
from scripts.folding import normalize
from scripts.model import SourceDocument
from scripts.paths import ProjectPaths
from scripts.stages.clean import clean
from scripts.stages.link import link
from scripts.stages.load import load
from scripts.stages.segment import segment
from scripts.stages.validate import validate


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """What the pipeline hands the link stage, for the fixture project."""
    from tests.helpers import knowledge_copy

    root = knowledge_copy(tmp_path_factory.mktemp("stage-link"))
    paths, log = ProjectPaths(root), ProblemLog()
    loaded = load(paths, log)
    valid = validate(loaded, log)
    assert not log.problems, log.problems
    sources = []
    for entry in valid.catalog:
        raw = valid.texts.get(entry.id)
        if raw is not None:
            text = clean(raw, entry.rules + valid.generic_rules)
            body, passages = segment(text)
            sources.append(SourceDocument(entry, raw, text, body, passages))
    return {"sources": tuple(sources), "valid": valid, "build": build_info(root)}


def run_link(inputs, events=None):
    valid, log = inputs["valid"], ProblemLog()
    corpus = link(inputs["sources"], valid.actors, events if events is not None else valid.events, valid.periods,
                  valid.glossary, valid.explained, inputs["build"], log, pins=valid.pins)
    return corpus, log


def test_mentions_index_their_surface_and_name_known_actors(inputs):
    corpus, log = run_link(inputs)
    assert not log.problems, log.problems
    actors = {a.id for a in corpus.actors}
    mentions = [(item, m) for item in corpus.passages for m in item.mentions]
    assert mentions, "the fixture texts name no actor"
    for item, mention in mentions:
        assert item.passage.text[mention.start:mention.end] == mention.surface
        assert mention.actor_id in actors


def test_citations_are_located_in_the_passage_that_holds_the_quote(inputs):
    corpus, _log = run_link(inputs)
    texts = {item.passage.id: item.passage.text for item in corpus.passages}
    cited = [(event, c) for event in corpus.events for c in event.citations]
    assert cited, "the fixture events cite nothing"
    for event, citation in cited:
        assert citation.passage_id is not None, (event.id, citation.quote)
        assert citation.passage_id.split("/")[0] == citation.source_id
        assert normalize(citation.quote) in normalize(texts[citation.passage_id])
        assert citation.fragment.startswith(f"#{citation.passage_id.split('/')[1]}")
    events_of = {item.passage.id: item.events for item in corpus.passages}
    for event, citation in cited:
        assert event.id in events_of[citation.passage_id]


def test_a_quote_no_passage_holds_is_a_problem_at_its_line(inputs):
    valid = inputs["valid"]
    event = next(e for e in valid.events if e.citations)
    wrong = dataclasses.replace(event.citations[0], quote="Zzq words that no source of the fixture has written")
    events = tuple(dataclasses.replace(e, citations=(wrong, *e.citations[1:])) if e is event else e
                   for e in valid.events)
    _corpus, log = run_link(inputs, events)
    where = [(p.path, p.line) for p in log.problems if event.id in p.message]
    assert event.origin.startswith("sources/") and (event.origin, wrong.line) in where, log.problems
