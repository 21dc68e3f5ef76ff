"""One cause, one message (issue 21): a file that does not parse gives one
message at its line with the likely fix, and nothing that depends on it is
reported as a consequence (an entry whose file cannot be read is unknown,
not absent). In-process, on one copy of the project, each mutation undone
after its case."""

from __future__ import annotations

import pytest

from scripts.buildinfo import build_info
from scripts.errors import BuildFailed
from scripts.paths import ProjectPaths
from scripts.pipeline import run
from tests.helpers import copy_project, entry_path


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("one-cause") / "project")


def _problems(root) -> list:
    try:
        run(ProjectPaths(root), build_info(root))
    except BuildFailed as failure:
        return list(failure.problems)
    return []


#: (kind, entry, the line as the file has it, the line broken, what the message must say)
CASES = [
    ("actors", "iraq", "name: Iraq", "name: 'Iraq's state'", "apostrophe inside a single-quoted value"),
    ("actors", "iraq", "kind: state", "\tkind: state", "a tab in the indentation"),
    ("actors", "iraq", "name: Iraq", 'name: "Iraq', "never closed"),
    ("actors", "iraq", "name: Iraq", "name: Iraq: the state", "must be quoted"),
    ("actors", "iraq", "kind: state", "   kind: state", "indentation of this line"),
    ("catalog", "wikipedia-iraq-russia-relations", "publisher: Wikipedia", "publisher: 'Wikipedia's'",
     "double it ('')"),
    ("events", "rus-merchants-in-baghdad", "tags: [trade]", 'tags: ["trade]', "never closed"),
    ("periods", "iran-iraq-war", 'start: "1980"', "start: '1980's'", "double it ('')"),
    ("notes", "il-38-first-flight", "kind: correction", "kind: 'editors' correction'", "double it ('')"),
]


@pytest.mark.parametrize(("kind", "entry", "line", "broken", "says"), CASES,
                         ids=[f"{c[0]}-{c[4][:20]}" for c in CASES])
def test_a_file_that_does_not_parse_gives_one_message_with_the_likely_fix(project, kind, entry, line, broken,
                                                                          says):
    path = entry_path(project, kind, entry)
    original = path.read_bytes()
    lines = original.decode("utf-8").split("\n")
    number = lines.index(line) + 1          # precondition: the real file has this line
    lines[number - 1] = broken
    path.write_text("\n".join(lines), "utf-8")
    try:
        problems = _problems(project)
    finally:
        path.write_bytes(original)
    display = f"sources/{kind}/{path.name}"
    assert [(p.path, p.line) for p in problems] == [(display, number)], "\n".join(map(str, problems))
    assert says in problems[0].message, problems[0].message
    assert _problems(project) == [], "the copy builds again once the line is restored"


def test_an_entry_that_is_read_but_wrong_is_not_reported_again_where_it_is_named(project):
    """An actor left out for its own problem (no name) is not an 'unknown
    actor' in the many events that name it."""
    path = entry_path(project, "actors", "soviet-union")
    original = path.read_bytes()
    path.write_text(original.decode("utf-8").replace("\nname: Soviet Union\n", "\n", 1), "utf-8")
    try:
        problems = _problems(project)
    finally:
        path.write_bytes(original)
    assert problems and all(p.path == "sources/actors/soviet-union.md" for p in problems), \
        "\n".join(map(str, problems))
