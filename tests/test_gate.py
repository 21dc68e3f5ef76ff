"""The content gate (`make check`, scripts/gate.py): red while anything is
unfinished, naming each thing at its file and line; green for a finished
project. Run as an editor runs it, on a copy of the repository."""

from __future__ import annotations

import pytest

from tests.helpers import (
    check_in_process,
    cli_in_process,
    copy_repository,
    edit_entry,
    entry_path,
    knowledge_copy,
    run_cli,
)


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    return copy_repository(tmp_path_factory.mktemp("gate") / "repository")


def _gate(root, in_process: bool = True):
    """The gate's run on *root*: in this process (what the gate finds is the
    subject), or as the command an editor types (*in_process* False: the
    first test, whose subject is `make check` itself)."""
    result = check_in_process(root, "--strict") if in_process else run_cli(root, "check", "--strict")
    assert "Traceback" not in result.output, result.describe()
    return result


def test_a_finished_project_passes_every_check(repository):
    result = _gate(repository, in_process=False)
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
    added = cli_in_process(root, "new-source", "sources/texts/a-new-report.txt")
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


def _replace_field(text: str, key: str, value: str | None) -> tuple[str, int]:
    """*text* with the top-level field *key* (and its continuation lines)
    replaced by ``key: value`` (None: removed); and the field's line."""
    lines = text.split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith((" ", "-")):
        end += 1
    return "\n".join(lines[:start] + ([f"{key}: {value}"] if value is not None else []) + lines[end:]), start + 1


#: (file, field, wrong value, words of the message): one mistake per field;
#: each is reported at the line of its field (a missing one where it goes).
CATALOG = "sources/catalog/riac-mamedov-2018.yml"
CATALOG_MISTAKES = [
    (CATALOG, "title", "12", "title: must be text"),
    (CATALOG, "sha256", "abc", "sha256: 'abc' is not valid"),
    (CATALOG, "authors", "12", "authors: must be a list"),
    (CATALOG, "publisher", "[RIAC]", "publisher: must be text or null"),
    (CATALOG, "published", "2018-13", "published: '2018-13' is not a valid EDTF"),
    (CATALOG, "language", "12", "language: must be text"),
    (CATALOG, "kind", "blog", "kind: 'blog' is not allowed"),
    (CATALOG, "url", "www.example.org", "url: 'www.example.org' is not valid"),
    (CATALOG, "cleaning", "12", "cleaning: must be a list"),
    (CATALOG, "file", "texts/no-such-text.txt", "does not exist"),
]
EVENT_MISTAKES = [
    ("sources/events/baath-party-seizes-power-1968.md", "title", "The Ba'ath Party takes power in Iraq in 1970",
     "title: “1970” is not in what the sentence cites"),
    ("sources/events/baath-party-seizes-power-1968.md", "date", '"1968-13"', "is not a valid EDTF date"),
    ("sources/events/baath-party-seizes-power-1968.md", "actors", "[no-such-actor]", "unknown actor 'no-such-actor'"),
    ("sources/events/baath-party-seizes-power-1968.md", "tags", "[Bad Tag]", "lowercase words joined by hyphens"),
]


def _lines_named(root, relative: str) -> tuple[set, str]:
    """The lines of *relative* that the gate's messages name, and its stderr."""
    import re

    result = _gate(root)
    found = {int(n) for n in re.findall(rf"^\s*{re.escape(relative)}:(\d+):", result.stderr, re.M)}
    return found, result.stderr


def _each_mistake_at_its_line(root, mistakes) -> None:
    """Make each mistake alone (the file is restored before the next), run the
    gate: the message is there, and names the field's line and no other line
    of the file."""
    for relative, key, value, words in mistakes:
        path = root / relative
        original = path.read_text("utf-8")
        changed, line = _replace_field(original, key, value)
        path.write_text(changed, "utf-8")
        try:
            found, output = _lines_named(root, relative)
        finally:
            path.write_text(original, "utf-8")
        assert words in output, (key, value, output)
        assert found == {line}, (key, value, found, line, output)


@pytest.fixture(scope="module")
def knowledge_project(tmp_path_factory):
    """The real catalog and texts with the fixture knowledge layer
    (tests/fixtures/knowledge/): what the gate says of a catalog file does not
    depend on the curated layer, and a run costs a fourth of the real
    corpus's. Its gate is not green (the fixture layer's references carry no
    pins, its queue is open), so the test first shows that nothing names the
    catalog file it changes."""
    return knowledge_copy(tmp_path_factory.mktemp("gate-knowledge"))


def test_every_catalog_field_mistake_is_reported_at_the_line_of_its_field(knowledge_project):
    """A wrong catalog field is named at its own line, never at the file's
    first line (a title problem was reported at ':1'); the assessment of a
    source at the line of its unfinished part; a missing field after the
    field it follows."""
    root = knowledge_project
    assert _lines_named(root, CATALOG)[0] == set(), "the unchanged catalog file is named already"
    _each_mistake_at_its_line(root, CATALOG_MISTAKES)
    catalog = root / CATALOG
    original = catalog.read_text("utf-8")
    try:
        # A missing field: at the line of the field it follows ("add `title:` after `sha256:`").
        without_title, title_line = _replace_field(original, "title", None)
        catalog.write_text(without_title, "utf-8")
        found, output = _lines_named(root, CATALOG)
        assert found == {title_line - 1} and "add `title:` after `sha256:`" in output, output
        # An unfinished part of the source criticism: at its own line.
        lines = original.split("\n")
        kind_line = next(n for n, text in enumerate(lines) if text.startswith("  kind:"))
        end = kind_line + 1
        while lines[end].startswith("    "):
            end += 1
        catalog.write_text("\n".join(lines[:kind_line] + ["  kind: Not yet assessed."] + lines[end:]), "utf-8")
        found, output = _lines_named(root, CATALOG)
        assert found == {kind_line + 1} and "unassessed-source" in output, output
    finally:
        catalog.write_text(original, "utf-8")


def test_every_event_field_mistake_is_reported_at_the_line_of_its_field(repository, tmp_path):
    """A wrong event field is named at its own line (on the real corpus: the
    title's date is checked against what the event's citations say)."""
    import shutil

    root = tmp_path / "repository"
    shutil.copytree(repository, root, symlinks=True)
    _each_mistake_at_its_line(root, EVENT_MISTAKES)


def test_an_unused_alias_is_named_at_the_aliases_line_of_its_actor(repository, tmp_path):
    import shutil

    root = tmp_path / "repository"
    shutil.copytree(repository, root, symlinks=True)
    edit_entry(root, "actors", "kuwait", lambda a: a.__setitem__("aliases", [*a.get("aliases", []), "Zzyzx Emirate"]))
    lines = entry_path(root, "actors", "kuwait").read_text("utf-8").split("\n")
    aliases = next(n for n, line in enumerate(lines, start=1) if line.startswith("aliases:"))
    result = _gate(root)
    assert result.returncode == 1, result.describe()
    assert f"sources/actors/kuwait.md:{aliases} (actor kuwait): unused-alias: Zzyzx Emirate" in result.stderr, \
        result.describe()
