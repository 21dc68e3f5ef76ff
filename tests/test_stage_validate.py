"""The validate stage (scripts/stages/validate.py), called in-process on the
loaded fixture project: valid inputs become the model's objects with no
problem; a mistake in one entry's file is one problem at that file and the
line of the field, and names the fix."""

from __future__ import annotations

import pytest

from scripts.errors import ProblemLog
from scripts.paths import ProjectPaths
from scripts.stages.load import load
from scripts.stages.validate import validate
from tests.helpers import (
    entry_ids,
    find_entry_line,
    knowledge_copy,
    replace_entry_line,
)


@pytest.fixture
def project(tmp_path):
    return knowledge_copy(tmp_path)


def _validate(root):
    log = ProblemLog()
    valid = validate(load(ProjectPaths(root), log), log)
    return valid, log.problems


def test_valid_inputs_become_the_model_with_no_problem(project):
    valid, problems = _validate(project)
    assert problems == ()
    assert sorted(e.id for e in valid.events) == entry_ids(project, "events")
    assert sorted(a.id for a in valid.actors) == entry_ids(project, "actors")
    assert sorted(p.id for p in valid.periods) == entry_ids(project, "periods")
    assert {c.id for c in valid.catalog} <= set(entry_ids(project, "catalog"))
    for event in valid.events:
        assert event.origin == f"sources/events/{event.id}.md"
        assert event.period_id in {p.id for p in valid.periods}
        assert set(event.actors) <= {a.id for a in valid.actors}


def test_an_unknown_actor_is_one_problem_at_its_line(project):
    event_id = next(e for e in entry_ids(project, "events")
                    if find_entry_line_or_none(project, e, r"actors: \[.+\]"))
    where = replace_entry_line(project, "events", r"actors: \[(.+)\]", "actors: [zzq-no-such-actor]", event_id)
    _valid, problems = _validate(project)
    located = [p for p in problems if "zzq-no-such-actor" in p.message]
    assert [(p.path, p.line) for p in located] == [(where.path, int(where))], problems
    assert event_id in located[0].message


def find_entry_line_or_none(project, event_id: str, pattern: str):
    try:
        return find_entry_line(project, "events", pattern, event_id)
    except AssertionError:
        return None


def test_two_new_notes_with_the_same_number_are_told_the_next_free_one(project):
    # Two branches each ran `make new-note` and took the same next number;
    # after the merge, the message says which number to give instead.
    import json

    from tests.helpers import read_entry, write_entry

    ids = entry_ids(project, "notes")
    numbers = [read_entry(project, "notes", note_id)["number"] for note_id in ids]
    twin = dict(json.loads(json.dumps(read_entry(project, "notes", ids[0]))), id="zz-merged-twin")
    write_entry(project, "notes", twin)
    _valid, problems = _validate(project)
    duplicate = [p for p in problems if "duplicate note number" in p.message]
    assert len(duplicate) == 1 and f"the next free number, {max(numbers) + 1}" in duplicate[0].message, problems
