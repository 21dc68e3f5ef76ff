"""The content gate (`make check`, scripts/gate.py): red while anything is
unfinished, naming each thing at its file and line; green for a finished
project. Run as an editor runs it, on a copy of the repository."""

from __future__ import annotations

import pytest

from tests.helpers import copy_repository, edit_entry, entry_path, run_cli


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return copy_repository(tmp_path_factory.mktemp("gate") / "repository")


def _gate(root):
    result = run_cli(root, "check", "--strict")
    assert "Traceback" not in result.output, result.describe()
    return result


def test_a_finished_project_passes_every_check(repository):
    result = _gate(repository)
    assert result.returncode == 0, result.describe()
    for name in ("inputs", "editorial", "layout", "pins", "changelog"):
        assert f"ok   {name}" in result.stdout


def test_each_unfinished_thing_fails_its_check_at_its_line(repository, tmp_path):
    import shutil

    root = tmp_path / "repository"
    shutil.copytree(repository, root, symlinks=True)
    # A new source whose catalog entry is unfinished, not in the changelog.
    text = root / "sources/texts/a-new-report.txt"
    text.write_text("A new report\n\nIn 1994 Russia and Iraq talked about oil.\n", "utf-8")
    added = run_cli(root, "new-source", "sources/texts/a-new-report.txt")
    assert added.returncode == 0, added.describe()
    # A field moved out of its documented order.
    actor = entry_path(root, "actors", "iraq")
    lines = actor.read_text("utf-8").split("\n")
    name = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    kind = next(i for i, line in enumerate(lines) if line.startswith("kind:"))
    lines[name], lines[kind] = lines[kind], lines[name]
    actor.write_text("\n".join(lines), "utf-8")
    result = _gate(root)
    assert result.returncode == 1, result.describe()
    assert "FAIL editorial" in result.stderr and "FAIL layout" in result.stderr and "FAIL changelog" in result.stderr
    assert "ok   inputs" in result.stdout
    assert "sources/catalog/a-new-report.yml:" in result.stderr and "unfinished-source" in result.stderr
    assert any(f"sources/actors/iraq.md:{n + 1}: field '" in result.stderr for n in (name, kind))
    assert "is out of order in this actor" in result.stderr
    assert "CHANGELOG.md:" in result.stderr and "the source 'a-new-report' is not named" in result.stderr
    # An item about a paragraph is at the text's file and line too, then the paragraph.
    line = text.read_text("utf-8").split("\n").index("In 1994 Russia and Iraq talked about oil.") + 1
    assert f"sources/texts/a-new-report.txt:{line} (¶" in result.stderr, result.describe()


def test_an_unpinned_reference_fails_the_pins_check(repository, tmp_path):
    import shutil

    root = tmp_path / "repository"
    shutil.copytree(repository, root, symlinks=True)
    path = entry_path(root, "events", "rus-merchants-in-baghdad")
    text = path.read_text("utf-8")
    unpinned = text.replace("relations/p2#", "relations/p2#", 1)
    start = unpinned.index("relations/p2#") + len("relations/p2")
    path.write_text(unpinned[:start] + unpinned[start + 7:], "utf-8")
    result = _gate(root)
    assert result.returncode == 1 and "FAIL pins" in result.stderr
    assert "sources/events/rus-merchants-in-baghdad.md:" in result.stderr and "has no pin" in result.stderr


def test_inputs_that_do_not_build_fail_the_first_check_and_the_others_still_run(repository, tmp_path):
    import shutil

    root = tmp_path / "repository"
    shutil.copytree(repository, root, symlinks=True)
    edit_entry(root, "events", "rus-merchants-in-baghdad", lambda e: e.__setitem__("actors", ["iraqq"]))
    result = _gate(root)
    assert result.returncode == 1
    assert "FAIL inputs" in result.stderr and "unknown actor 'iraqq'" in result.stderr
    assert "ok   changelog" in result.stdout and "ok   layout" in result.stdout


@pytest.mark.parametrize("mistake, fix", [
    ("title: 'The treaty, according to Wikipedia's article'", "double it ('')"),
    ("tags:\n\t- treaty", "a tab in the indentation; YAML indents with spaces only"),
])
def test_a_file_that_does_not_parse_gives_one_message_at_its_line_with_the_fix(repository, tmp_path, mistake, fix):
    import shutil

    root = tmp_path / "repository"
    shutil.copytree(repository, root, symlinks=True)
    event = entry_path(root, "events", "rus-merchants-in-baghdad")
    lines = event.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[at:at + 1] = [lines[at]] + mistake.split("\n") if mistake.startswith("tags") else [mistake]
    if mistake.startswith("tags"):
        lines = [line for n, line in enumerate(lines) if n == at + 1 or not line.startswith("tags:")]
    event.write_text("\n".join(lines), "utf-8")
    wrong_line = next(n for n, line in enumerate(lines, start=1) if line in mistake.split("\n")[-1:])
    result = _gate(root)
    assert result.returncode == 1
    about = [line for line in result.stderr.splitlines() if "rus-merchants-in-baghdad" in line]
    assert len(about) == 1, result.describe()
    assert f"sources/events/rus-merchants-in-baghdad.md:{wrong_line}:" in about[0] and fix in about[0], about
