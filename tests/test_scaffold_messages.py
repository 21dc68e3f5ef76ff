"""What an editor who follows the scaffolding is told: a new entry that is
not finished fails at its file and line with what to write, and an entry the
schema refuses is said to be unread, in the dry run and in the gate (issue
21, items 3 and 4). In-process, on a copy with the fixture knowledge layer."""

from __future__ import annotations

import re

import pytest

from tests.helpers import FIXTURES, cli_in_process, copy_project, entry_path, use_fixture_knowledge

#: A short news report of 1994 written for these tests (not a real text).
REPORT = FIXTURES / "new-sources-1994" / "moscow-talks-1994.txt"


@pytest.fixture
def project(tmp_path):
    return use_fixture_knowledge(copy_project(tmp_path / "project"))


def _line(path, pattern: str) -> int:
    lines = path.read_text("utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if re.search(pattern, line))


def test_a_new_actors_placeholder_summary_asks_for_the_summary_at_its_line(project):
    assert cli_in_process(project, "new-source", REPORT).returncode == 0       # a text that names him
    made = cli_in_process(project, "new-actor", "Tariq Aziz", "--kind", "person")
    assert made.returncode == 0, made.describe()
    path = entry_path(project, "actors", "tariq-aziz")
    gate = cli_in_process(project, "check", "--strict")
    assert gate.returncode == 1, gate.describe()
    body = _line(path, r"^TODO editor:")
    said = [line for line in gate.stderr.splitlines() if "sources/actors/tariq-aziz.md:" in line]
    assert len(said) == 1, gate.describe()             # one cause, one message
    assert f"sources/actors/tariq-aziz.md:{body}: actor 'tariq-aziz': summary: not written yet" in said[0]
    assert "replace it with your own text" in said[0]
    assert "is neither a passage id" not in gate.stderr


def test_a_new_events_placeholder_summary_asks_for_the_summary_once_its_citation_is_written(project):
    made = cli_in_process(project, "new-event", "Iraq and Russia talk about oil", "--date", "2018")
    assert made.returncode == 0, made.describe()
    path = entry_path(project, "events", "iraq-and-russia-talk-about-oil")
    # A real quotation of a fixture source, so that only the summary is left.
    text = path.read_text("utf-8")
    other = entry_path(project, "events", next(p.stem for p in sorted((project / "sources/events").glob("*.md"))
                                               if p.name != "README.md" and p.stem != path.stem))
    source = re.search(r"^  - source: (\S+)$", other.read_text("utf-8"), re.M).group(1)
    quote = re.search(r"^    quote: (.+)$", other.read_text("utf-8"), re.M).group(1)
    text = re.sub(r"^  - source: null.*$", f"  - source: {source}", text, flags=re.M)
    text = re.sub(r"^    quote: null.*$", lambda _m: f"    quote: {quote}", text, flags=re.M)
    text = re.sub(r"^      date: .*$", '      date: "XXXX"', text, flags=re.M)
    path.write_text(text, "utf-8")
    gate = cli_in_process(project, "check", "--strict")
    said = [line for line in gate.stderr.splitlines() if f"{path.name}:" in line]
    body = _line(path, r"^TODO editor:")
    assert any(f"{path.name}:{body}: event '{path.stem}': summary: not written yet" in line for line in said), \
        gate.describe()
    assert "is neither a passage id" not in gate.stderr


def test_a_new_notes_placeholder_text_is_refused_at_its_line_even_with_passages(project):
    some_passage = "wikipedia-iraq-russia-relations/p2"
    made = cli_in_process(project, "new-note", "a-new-note", "--kind", "context", "--target", f"passage:{some_passage}")
    assert made.returncode == 0, made.describe()
    path = entry_path(project, "notes", "a-new-note")
    path.write_text(path.read_text("utf-8").replace("passages: []", f"passages: [{some_passage}]"), "utf-8")
    gate = cli_in_process(project, "check", "--strict")
    body = _line(path, r"^TODO editor:")
    assert f"sources/notes/a-new-note.md:{body}: note 'a-new-note': text: not written yet" in gate.stderr, \
        gate.describe()


def _refused_entry(project):
    """A new source whose catalog entry the scaffold wrote, then a field the
    schema refuses (as a scaffold that wrote an invalid value would)."""
    made = cli_in_process(project, "new-source", REPORT)
    assert made.returncode == 0, made.describe()
    path = project / "sources/catalog/moscow-talks-1994.yml"
    assert "title-line" in path.read_text("utf-8")      # the title line is moved by the entry's own rule
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^url: .*$", "url: ftp://example.invalid/x", text, flags=re.M), "utf-8")
    return path, _line(path, r"^url:")


def test_the_dry_run_says_when_the_entry_is_refused_and_its_cleaning_rules_unused(project):
    path, line = _refused_entry(project)
    dry = cli_in_process(project, "dry-run", project / "sources/texts/moscow-talks-1994.txt")
    assert dry.returncode == 1, dry.describe()
    assert f"sources/catalog/moscow-talks-1994.yml:{line}: url:" in dry.stderr, dry.describe()
    assert "NOT the entry's own `cleaning:` rules" in dry.stderr
    # What the editor then sees is the text without the entry's rules: the
    # title line is kept as a paragraph.
    assert re.search(r"line +1 +KEPT", dry.stdout), dry.stdout


def test_the_gate_says_the_refused_entry_is_not_read_at_its_line(project):
    path, line = _refused_entry(project)
    gate = cli_in_process(project, "check", "--strict")
    assert gate.returncode == 1
    said = [s for s in gate.stderr.splitlines() if "sources/catalog/moscow-talks-1994.yml:" in s]
    assert len(said) == 1, gate.describe()
    assert f"sources/catalog/moscow-talks-1994.yml:{line}: url:" in said[0]
    assert "the whole catalog entry is not read" in said[0] and "`cleaning:` rules are not applied" in said[0]


@pytest.mark.parametrize("option, value, said", [
    ("--url", "ftp://example.invalid/x", "new-source: URL: 'ftp://example.invalid/x' is not valid for `url:`"),
    ("--title", "A <img src=x onerror=alert(1)>\nsecond line", "new-source: TITLE: 'A <img src=x onerror=alert(1)>"
                                                               "\\nsecond line' runs over several lines"),
])
def test_new_source_refuses_a_value_the_catalog_would_refuse_and_writes_nothing(project, option, value, said):
    made = cli_in_process(project, "new-source", REPORT, option, value)
    assert made.returncode == 1
    assert said in made.stderr, made.describe()
    assert not (project / "sources/catalog/moscow-talks-1994.yml").exists()
    assert not (project / "sources/texts/moscow-talks-1994.txt").exists()


def test_while_the_inputs_fail_the_editorial_check_is_not_reported_as_ok(project):
    assert cli_in_process(project, "new-source", REPORT).returncode == 0       # its unfinished fields are open items
    assert cli_in_process(project, "new-actor", "Tariq Aziz", "--kind", "person").returncode == 0
    gate = cli_in_process(project, "check", "--strict")
    assert gate.returncode == 1 and "FAIL inputs" in gate.stderr, gate.describe()
    assert "ok   editorial" not in gate.stdout, gate.describe()
    assert "skip editorial: not checked while the inputs check fails" in gate.stderr


def test_a_new_events_empty_citation_says_what_to_write_at_each_line(project):
    assert cli_in_process(project, "new-event", "Iraq and Russia talk about oil", "--date", "2018").returncode == 0
    path = entry_path(project, "events", "iraq-and-russia-talk-about-oil")
    gate = cli_in_process(project, "check", "--strict")
    display = f"sources/events/{path.name}"
    assert (f"{display}:{_line(path, r'^  - source: null')}: citation 1, source: not filled in yet (null); write "
            "the id of the source quoted") in gate.stderr, gate.describe()
    assert (f"{display}:{_line(path, r'^    quote: null')}: citation 1, quote: not filled in yet (null); write "
            "words copied exactly") in gate.stderr, gate.describe()


def test_every_command_the_gate_tells_an_editor_to_run_is_a_make_target(project):
    from tests.helpers import ROOT

    assert cli_in_process(project, "new-source", REPORT).returncode == 0
    assert cli_in_process(project, "new-actor", "Tariq Aziz", "--kind", "person").returncode == 0
    path = entry_path(project, "actors", "tariq-aziz")
    text = path.read_text("utf-8")
    path.write_text(text[: text.index("TODO editor:")] + "An Iraqi minister.[[moscow-talks-1994/p1]]\n", "utf-8")
    gate = cli_in_process(project, "check", "--strict")
    assert "tariq-aziz.md" in gate.stderr and "has no pin" in gate.stderr, gate.describe()
    # A fresh clone has its Python only in .venv: "python -m scripts …" is
    # not a command an editor can run; a make target is.
    targets = set(re.findall(r"(?m)^([a-z][\w-]*):", (ROOT / "Makefile").read_text("utf-8")))
    told = set(re.findall(r"`make ([a-z][\w-]*)", gate.stderr))
    assert "pin-refs" in told, gate.describe()
    assert told <= targets, told - targets
    assert "`python -m scripts" not in gate.stderr, gate.describe()


def test_make_diff_names_a_new_note_by_its_number_kind_and_target_not_a_bare_number():
    from scripts.sitediff import compare, markdown

    note = {"id": "talks-context", "number": 45, "kind": "context", "target": "event:talks-in-moscow"}
    report = compare(({"notes.json": []}, [], ""), ({"notes.json": [note]}, [], ""), "origin/main", "the working tree")
    text = markdown(report)
    assert "- added `talks-context`: note 45 (context, on event:talks-in-moscow)" in text, text


def test_an_anonymous_byline_without_an_article_is_not_taken_for_an_author(project):
    # "By Staff Correspondent" (no "a"): the byline rule read it as the
    # name of an author, "Staff Correspondent".
    assert cli_in_process(project, "new-source", REPORT).returncode == 0
    entry = (project / "sources/catalog/moscow-talks-1994.yml").read_text("utf-8")
    assert "Staff Correspondent" not in entry, entry
    dry = cli_in_process(project, "dry-run", project / "sources/texts/moscow-talks-1994.txt")
    assert re.search(r"line +3 +DROPPED +'By Staff Correspondent'", dry.stdout), dry.stdout
    assert "[anonymous-byline]" in dry.stdout


def test_a_new_sources_placeholder_assessment_is_one_item_per_line(project):
    assert cli_in_process(project, "new-source", REPORT).returncode == 0
    gate = cli_in_process(project, "check", "--strict")
    lines = re.findall(r"(?m)^  sources/catalog/moscow-talks-1994\.yml:(\d+): (\S+):", gate.stderr)
    assert ("unassessed-source" in {kind for _n, kind in lines}), gate.describe()
    numbers = [n for n, _kind in lines]
    assert len(numbers) == len(set(numbers)), sorted(numbers)     # each line once, whatever its cause


def test_make_diff_says_how_many_passages_an_actor_gained_or_lost():
    from scripts.sitediff import compare, markdown

    # actors.json counts an actor's passages; an event lists its tags.
    before = {"id": "iraq", "name": "Iraq", "passages": 147}
    after = {"id": "iraq", "name": "Iraq", "passages": 149}
    old_event = {"id": "talks", "title": "Talks", "tags": ["diplomacy", "oil"]}
    new_event = {"id": "talks", "title": "Talks", "tags": ["diplomacy", "sanctions", "arms-trade"]}
    report = compare(({"actors.json": [before], "events.json": [old_event]}, [], ""),
                     ({"actors.json": [after], "events.json": [new_event]}, [], ""), "main", "head")
    text = markdown(report)
    assert "- changed `iraq` (passages 147 → 149): Iraq" in text, text
    assert "- changed `talks` (tags +2 −1): Talks" in text, text


def test_a_new_note_that_rests_on_nothing_is_named_at_its_references_line(project):
    target = "passage:wikipedia-iraq-russia-relations/p2"
    assert cli_in_process(project, "new-note", "a-new-note", "--kind", "context", "--target", target).returncode == 0
    path = entry_path(project, "notes", "a-new-note")
    gate = cli_in_process(project, "check", "--strict")
    assert f"sources/notes/a-new-note.md:{_line(path, r'^references:')}: note 'a-new-note' rests on nothing" \
        in gate.stderr, gate.describe()


def test_a_new_event_lists_only_the_sources_that_can_tell_of_its_date(project):
    import yaml

    published = {path.stem: (yaml.safe_load(path.read_text("utf-8")) or {}).get("published")
                 for path in (project / "sources/catalog").glob("*.yml") if path.name != "README.md"}
    from datetime import date

    from scripts.dates import parse_edtf

    assert cli_in_process(project, "new-event", "Talks of 2019", "--date", "2019").returncode == 0
    text = entry_path(project, "events", "talks-of-2019").read_text("utf-8")
    listed = re.search(r"source: null  # TODO editor: the id of a source: (.*)$", text, re.M).group(1).split(", ")
    too_early = [i for i, when in published.items() if when and parse_edtf(str(when)).end < date(2019, 1, 1)]
    assert too_early, "the corpus has a source published before 2019"
    assert not set(listed) & set(too_early), sorted(set(listed) & set(too_early))
    assert set(listed) == set(published) - set(too_early), listed
