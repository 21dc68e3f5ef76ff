"""The editors' workflow (CONTRIBUTING.md), run as an editor runs it, in a
temporary copy of the project: ``make new-source`` / ``new-actor`` /
``new-event`` / ``new-note``, then the build. Each helper writes one new file
(sources/catalog/<id>.yml, sources/actors/<id>.md …) and touches no other.

The commands run in this process (:func:`cli`) where what they do is the
subject; each one runs as the subprocess an editor starts (:func:`command`)
in at least one test (new-source, new-actor, new-event, new-note, explain,
number-notes; ``check`` in tests/test_gate.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from slugify import slugify

from scripts.errors import ProblemLog
from scripts.paths import ProjectPaths
from scripts.scaffold import Refused, new_event
from scripts.stages.load import load
from scripts.stages.validate import validate
from scripts.yamlformat import check_file, field_order
from tests.helpers import (
    ROOT,
    Run,
    catalogued_ids,
    check_in_process,
    cli_in_process,
    entry_ids,
    mkdocs_build,
    read_entry,
    run_cli,
    tree_digest,
)

#: A small text as captured from a web page: site chrome around two paragraphs,
#: curly quotes and Windows line endings (the copy must keep every byte).
CAPTURED = (
    "Share this article\r\n"
    "\r\n"
    "When the Soviet delegation arrived in Baghdad in March 1959, the new republic’s\r\n"
    "leaders spoke of “a friendship without conditions”.\r\n"
    "\r\n"
    "Within a year Soviet engineers were surveying sites for a steel works and a\r\n"
    "radio station, and Iraqi students had begun to travel to Moscow.\r\n"
    "\r\n"
    "- Advertisement -\r\n"
    "Leave a Reply\r\n"
    "Please enter your comment!\r\n"
).encode()


@pytest.fixture
def project(project_copy) -> Path:
    return project_copy


def command(root: Path, *args: str) -> Run:
    """``python -m scripts --root ROOT ARGS`` in *root*, as the Makefile runs
    it: a new interpreter (exit code, stdout and stderr as the editor sees them)."""
    return run_cli(root, *args)


def cli(root: Path, *args: str) -> Run:
    """The same command in this process (tests.helpers.cli_in_process)."""
    return cli_in_process(root, *args)


def add_source(project: Path, tmp_path: Path, run=cli) -> tuple[Path, Run, bytes]:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    original = incoming / "Moscow & Baghdad, 1959.txt"
    original.write_bytes(CAPTURED)
    catalog_before = tree_digest(project / "sources")
    result = run(project, "new-source", str(original))
    return original, result, catalog_before


def test_new_source_copies_writes_one_catalog_file_and_dry_runs(project, tmp_path):
    original, result, sources_before = add_source(project, tmp_path, run=command)
    assert result.returncode == 0, result.stderr

    # The text is copied byte for byte under a slug name.
    copied = project / "sources/texts/moscow-baghdad-1959.txt"
    assert copied.read_bytes() == original.read_bytes() == CAPTURED

    # The catalog entry is a new file: no other file under sources/ changed.
    catalog_path = project / "sources/catalog/moscow-baghdad-1959.yml"
    after = tree_digest(project / "sources")
    assert set(after) - set(sources_before) == {"texts/moscow-baghdad-1959.txt", "catalog/moscow-baghdad-1959.yml"}
    assert {k: v for k, v in after.items() if k in sources_before} == sources_before
    entry = read_entry(project, "catalog", "moscow-baghdad-1959")
    assert list(entry) == field_order("catalog"), "every field, in the documented order"
    assert entry["file"] == "texts/moscow-baghdad-1959.txt"
    assert entry["sha256"] == hashlib.sha256(CAPTURED).hexdigest()
    assert entry["title"] is None and entry["published"] is None and entry["url"] is None
    for line in catalog_path.read_text("utf-8").splitlines():
        if line.rstrip().endswith(": null") or ": null " in line:
            assert "# TODO editor:" in line, f"an unknown field without a TODO comment: {line!r}"
    assert check_file(catalog_path, ProjectPaths(project)) == [], "the new entry keeps the layout"
    assert "sources/catalog/moscow-baghdad-1959.yml" in result.stdout

    # The dry run names every dropped line, with the rule's reason.
    out = result.stdout
    assert "Dry run of the cleaner" in out
    for number, text, reason in ((1, "Share this article", "Share / print buttons of the publishing site."),
                                 (9, "- Advertisement -", "Advertisement placeholder."),
                                 (10, "Leave a Reply", "Comment form of the publishing site."),
                                 (11, "Please enter your comment!", "Comment form of the publishing site.")):
        assert re.search(rf"line +{number} +DROPPED +'{re.escape(text)}'\n +why: {re.escape(reason)}", out), out
    assert "kept: 2 passages" in out

    # An editor fills in the title; the pipeline accepts the new source.
    text = catalog_path.read_text("utf-8")
    text = re.sub(r"(?m)^title: null  # TODO editor:.*$", "title: Moscow and Baghdad in 1959", text)
    catalog_path.write_text(text, "utf-8")
    check = cli(project, "check")
    assert check.returncode == 0, check.stderr
    count_before = len([k for k in sources_before if k.startswith("catalog/") and k.endswith(".yml")])
    assert f"{count_before + 1} sources" in check.stdout, "the new source is counted with the others"


@pytest.mark.slow
def test_new_source_builds_with_mkdocs(fixture_project, tmp_path):
    project = fixture_project           # what the source page shows does not depend on the curated layer
    _, result, _ = add_source(project, tmp_path)
    assert result.returncode == 0, result.stderr
    catalog_path = project / "sources/catalog/moscow-baghdad-1959.yml"
    text = catalog_path.read_text("utf-8")
    text = re.sub(r"(?m)^title: null  # TODO editor:.*$", "title: Moscow and Baghdad in 1959", text)
    catalog_path.write_text(text, "utf-8")
    site = tmp_path / "site"
    build = mkdocs_build(project, site)
    assert build.returncode == 0, build.describe()
    page = (site / "sources/moscow-baghdad-1959.html").read_text("utf-8")
    assert "Moscow and Baghdad in 1959" in page
    assert "Soviet engineers were surveying sites" in page
    assert "Comment form of the publishing site." in page, "the removed lines are listed with their reason"


def test_new_source_refuses_to_overwrite(project, tmp_path):
    original, first, _ = add_source(project, tmp_path)
    assert first.returncode == 0, first.stderr
    catalog = tree_digest(project / "sources")

    # The same file again: a source with that id exists.
    again = cli(project, "new-source", str(original))
    assert again.returncode == 1
    assert "sources/catalog/moscow-baghdad-1959.yml:1: a source with the id 'moscow-baghdad-1959' already exists" \
        in again.stderr, again.stderr

    # Another text whose name makes the same id.
    other = tmp_path / "elsewhere" / "moscow-baghdad-1959.txt"
    other.parent.mkdir()
    other.write_text("A different text.\n", "utf-8")
    clash = cli(project, "new-source", str(other))
    assert clash.returncode == 1
    assert clash.stderr.strip(), "a refusal says why"

    # A file already in sources/texts/ but not catalogued is never overwritten.
    squatter = project / "sources/texts/baghdad-notes.txt"
    squatter.write_text("Somebody's unfinished text.\n", "utf-8")
    catalog = tree_digest(project / "sources")
    third = tmp_path / "elsewhere" / "Baghdad notes.txt"
    third.write_text("Another text with the same slug.\n", "utf-8")
    refused = cli(project, "new-source", str(third))
    assert refused.returncode == 1
    assert "sources/texts/baghdad-notes.txt:0: already exists; refusing to overwrite" in refused.stderr
    assert squatter.read_text("utf-8") == "Somebody's unfinished text.\n"
    assert tree_digest(project / "sources") == catalog, "nothing is written when the helper refuses"


def test_new_source_catalogues_a_text_already_in_sources_texts(project):
    """The build's message for an uncatalogued text says to run
    `make new-source FILE=sources/texts/…`: that must work, without copying."""
    text = project / "sources/texts/new-capture.txt"
    text.write_bytes(CAPTURED)
    refused = cli(project, "check")
    assert refused.returncode == 1
    assert "make new-source FILE=sources/texts/new-capture.txt" in refused.stderr
    result = cli(project, "new-source", "sources/texts/new-capture.txt")
    assert result.returncode == 0, result.stderr
    assert "Catalogued sources/texts/new-capture.txt" in result.stdout
    assert sorted(p.name for p in (project / "sources/texts").iterdir() if "capture" in p.name) == ["new-capture.txt"]
    assert text.read_bytes() == CAPTURED
    assert read_entry(project, "catalog", "new-capture")["file"] == "texts/new-capture.txt"
    check = cli(project, "check")
    assert check.returncode == 0, check.stderr


def test_new_source_rejects_text_that_is_not_utf8(project, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("First line\nCaf\xe9 in Baghdad\n".encode("latin-1"))
    catalog = tree_digest(project / "sources")
    result = cli(project, "new-source", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2: not valid UTF-8" in result.stderr
    assert "iconv" in result.stderr
    assert tree_digest(project / "sources") == catalog


def _existing_actor(project: Path):
    from slugify import slugify
    for actor_id in entry_ids(project, "actors"):
        actor = read_entry(project, "actors", actor_id)
        if slugify(actor["name"]) == actor["id"]:
            return actor
    pytest.skip("no actor whose id is the slug of its name")


def test_new_actor_refuses_an_existing_id():
    actor = _existing_actor(ROOT)
    result = command(ROOT, "new-actor", actor["name"], "--kind", actor["kind"])
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"sources/actors/{actor['id']}.md:1: an actor with the id '{actor['id']}' already exists" \
        in result.stderr


def test_new_actor_and_new_note_write_their_files_that_build_once_filled(project):
    before = tree_digest(project / "sources")
    result = command(project, "new-actor", "Yevgeny Primakov-Test", "--kind", "person")
    assert result.returncode == 0, result.stderr
    actor_path = project / "sources/actors/yevgeny-primakov-test.md"
    assert set(tree_digest(project / "sources")) - set(before) == {"actors/yevgeny-primakov-test.md"}
    assert "sources/actors/yevgeny-primakov-test.md" in result.stdout
    entry = read_entry(project, "actors", "yevgeny-primakov-test")
    assert list(entry) == field_order("actors")
    assert entry["summary"].startswith("TODO editor:"), "the summary is left for the editor"
    refused = cli(project, "check")
    assert refused.returncode == 1 and "yevgeny-primakov-test.md" in refused.stderr and "summary" in refused.stderr

    # The name occurs in no text: it needs a note that gives its reference.
    template = actor_path.read_text("utf-8")
    filled = (template.replace(template[template.index("TODO editor:"):], "A Soviet and Russian statesman "
                               "(test entry).[[riac-mamedov-2018/p3]]\n")
              .replace(re.search(r"name_note: null  # .*", template).group(0), "name_note: primakov-test-name"))
    actor_path.write_text(filled, "utf-8")
    numbers = [read_entry(project, "notes", n)["number"] for n in entry_ids(project, "notes")]
    note = command(project, "new-note", "primakov-test-name", "--target", "actor:yevgeny-primakov-test")
    assert note.returncode == 0, note.stderr
    note_path = project / "sources/notes/primakov-test-name.md"
    # No number is written (two branches would take the same one): it is shown with the next free one.
    assert "number" not in read_entry(project, "notes", "primakov-test-name")
    assert f"shown as note {max(numbers, default=0) + 1} until it is published" in note.stdout, note.describe()
    text = note_path.read_text("utf-8")
    note_path.write_text(text.replace("references: []", 'references: [{type: web, author: Test, title: "A test page", '
                                      'identifier: "https://example.org/", year: null, checked: null}]')
                         .replace(text[text.index("TODO editor:"):], "Yevgeny Primakov-Test is the name of a test entry.\n"), "utf-8")
    assert check_file(actor_path, ProjectPaths(project)) == []
    assert check_file(note_path, ProjectPaths(project)) == []
    check = cli(project, "check")
    assert check.returncode == 0, check.stderr
    after = tree_digest(project / "sources")
    assert {k: v for k, v in after.items() if k in before} == before, "no existing file changed"


def test_new_event_rejects_a_bad_date_with_exit_1():
    result = command(ROOT, "new-event", "Something happened", "--date", "1972-13")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("new-event: --date: '1972-13' is not a valid EDTF date")
    assert "1944-09-09" in result.stderr and "197X" in result.stderr, "the message shows how to write dates"


@pytest.mark.parametrize("date, hint", [("1972-04-09x", "e.g."), ("1988/1986", "swap"),
                                        ("around 1970", "e.g."), ("", "e.g."), ("1990/..", "both ends")])
def test_new_event_explains_bad_dates(date, hint):
    with pytest.raises(Refused) as refusal:
        new_event(ProjectPaths(ROOT), "Something happened", date)
    message = str(refusal.value)
    assert message.startswith("new-event: --date: ") and hint in message, message


@pytest.mark.parametrize("date, words", [("1944-09-09", "9 September 1944"), ("1972-04", "April 1972"),
                                         ("1986/1988", "1986–1988"), ("1970~", "c. 1970"),
                                         ("197X", "1970s"), ("08XX", "9th century")])
def test_new_event_accepts_the_documented_edtf_examples(date, words, project_copy):
    paths = ProjectPaths(project_copy)
    log = ProblemLog()
    periods = validate(load(paths, log), log).periods
    if not periods:
        pytest.skip("sources/periods/ has no periods yet")
    template = new_event(paths, "A test event that happened", date).read_text("utf-8")
    assert f'date: "{date}"  # {words}' in template
    derived = re.search(r"# period: ([a-z0-9-]+)", template)
    assert derived and derived.group(1) in {p.id for p in periods}


def test_new_event_writes_its_file_that_builds_once_filled(project):
    # A model whose first quotation states the event's own date (the template's
    # says.date is the event's date; "since June 2024" would be 2024-06/..).
    model = next(e for e in (read_entry(project, "events", i) for i in entry_ids(project, "events"))
                 if e["citations"][0]["says"]["date"] == e["date"])
    before = tree_digest(project / "sources")
    result = command(project, "new-event", "A test event citing an existing quote", "--date", model["date"])
    assert result.returncode == 0, result.stderr
    events_path = project / "sources/events/a-test-event-citing-an-existing-quote.md"
    assert set(tree_digest(project / "sources")) - set(before) == {"events/" + events_path.name}
    template = events_path.read_text("utf-8")
    entry = read_entry(project, "events", "a-test-event-citing-an-existing-quote")
    assert [k for k in field_order("events") if k not in ("period", "summary")] == \
        [k for k in entry if k != "summary"]
    cite = model["citations"][0]
    passage = "wikipedia-iraq-russia-relations/p1"
    filled = (template
              .replace(template[template.index("TODO editor: 1–3"):], f"A test entry.[[{passage}]]\n")
              .replace(re.search(r"source: null  # TODO editor:.*", template).group(0), f"source: {cite['source']}")
              .replace(re.search(r"quote: null  # TODO editor:.*", template).group(0),
                       "quote: " + yaml.safe_dump(cite["quote"], default_style='"', width=10**6).strip()))
    events_path.write_text(filled, "utf-8")
    assert check_file(events_path, ProjectPaths(project)) == []
    check = cli(project, "check")
    assert check.returncode == 0, check.stderr


def test_new_event_refuses_an_existing_id(project):
    event = read_entry(project, "events", entry_ids(project, "events")[0])
    with pytest.raises(Refused) as refusal:
        new_event(ProjectPaths(project), event["id"].replace("-", " "), event["date"])
    assert f"sources/events/{event['id']}.md:1: an event with the id '{event['id']}'" in str(refusal.value)


@pytest.mark.slow
def test_a_build_prints_the_first_open_items_and_counts_the_rest(tmp_path):
    """Every build names the first open editorial items and counts the
    others (a corpus mid-import has thousands); `check` lists them all."""
    from tests.helpers import knowledge_copy
    from tests.test_live_preview import append_paragraph

    project = knowledge_copy(tmp_path)           # any corpus: the items are the test's own
    unknown = [f"Zor{c}blat Quen{c}tino" for c in "bcdfghjklmnprstvwxz"]
    append_paragraph(project, ", ".join(unknown))
    listed = [line for line in check_in_process(project).stdout.splitlines() if line.startswith("  ")]
    assert len(listed) >= len(unknown)
    build = mkdocs_build(project, tmp_path / "site", quiet=False)
    assert build.returncode == 0, build.describe()
    items = [line for line in build.output.splitlines() if "  editorial queue: " in line]
    from scripts.plugin import OPEN_ITEMS_LOGGED

    assert len(items) == OPEN_ITEMS_LOGGED + 1, items
    assert f"… and {len(listed) - OPEN_ITEMS_LOGGED:,} more: `make check` lists them all" in items[-1], items[-1]


def test_new_source_asks_once_and_moves_the_title_line_into_the_record(project, tmp_path):
    """`make new-source FILE=… URL=… DATE=… PUBLISHER=…`: what the editor knows
    is written once, without a TODO, and listed as supplied; a text that opens
    with a title line gets it as its title, and the line is no paragraph."""
    from scripts.buildinfo import build_info
    from scripts.pipeline import run as run_pipeline

    news = tmp_path / "Oil deal 1994.txt"
    news.write_text("Russia and Iraq Sign an Oil Deal\n\nMOSCOW — Russia and Iraq signed a deal on oil in "
                    "1994, officials said.\n\nThe deal covers the West Qurna field.\n", "utf-8")
    result = cli(project, "new-source", str(news), "--url", "https://example.org/oil", "--date", "1994-03-02",
                 "--publisher", "Example News")
    assert result.returncode == 0, result.describe()
    entry = read_entry(project, "catalog", "oil-deal-1994")
    assert entry["title"] == "Russia and Iraq Sign an Oil Deal"
    assert (entry["url"], entry["published"], entry["publisher"]) == ("https://example.org/oil", "1994-03-02",
                                                                      "Example News")
    assert {"url", "published", "publisher"} <= set(entry["editor_supplied"]) and "title" not in entry["editor_supplied"]
    text = (project / "sources/catalog/oil-deal-1994.yml").read_text("utf-8")
    for field in ("url", "published", "publisher"):
        line = next(line for line in text.splitlines() if line.startswith(f"{field}:"))
        assert "TODO" not in line, line
    assert "METADATA title: Russia and Iraq Sign an Oil Deal  [title-line]" in result.stdout
    corpus = run_pipeline(ProjectPaths(project), build_info(project)).corpus
    source = next(s for s in corpus.sources if s.id == "oil-deal-1994")
    assert source.entry.title == "Russia and Iraq Sign an Oil Deal"
    assert source.passages[0].text.startswith("MOSCOW"), "the title line is not paragraph 1"


def test_new_source_refuses_a_date_that_is_not_edtf(project, tmp_path):
    news = tmp_path / "note.txt"
    news.write_text("A line.\n", "utf-8")
    result = cli(project, "new-source", str(news), "--date", "2 March 1994")
    assert result.returncode == 1 and "new-source: DATE:" in result.stderr and "e.g." in result.stderr
    assert not (project / "sources/catalog/note.yml").exists()


# ------------------------------------------------------------------ make explain

def _open_items(root: Path) -> list[str]:
    result = cli(root, "check", "--strict")
    return [line for line in result.stderr.splitlines() if "make explain KIND=" in line]


def test_the_gate_prints_the_explain_command_and_running_it_closes_the_item(project):
    """An open item's message carries the `make explain` line with the item's
    kind and words; running it writes one new file, after which the gate no
    longer lists the item (and nothing else changed under sources/)."""
    import shlex

    from tests.test_live_preview import append_paragraph

    append_paragraph(project, "Zorblat Quentino spoke; it's \"odd\" — said Zorblat Quentino.")
    items = [line for line in _open_items(project) if "Zorblat Quentino" in line]
    assert items, _open_items(project)
    words = shlex.split(items[0].split("make explain ", 1)[1].removesuffix(")"))
    given = dict(word.split("=", 1) for word in words)
    assert given["KIND"] == "unknown-name" and given["TEXT"] == "Zorblat Quentino", items[0]
    assert given["SOURCE"] in catalogued_ids(project), items[0]           # where the item was found
    before = {p.name for p in (project / "sources").rglob("*")}
    result = command(project, "explain", given["KIND"], given["TEXT"], "--why", "An invented name of the test.",
                 "--source", given["SOURCE"])
    assert result.returncode == 0, result.describe()
    added = {p.name for p in (project / "sources").rglob("*")} - before
    name = f"{given['SOURCE']}--unknown-name-zorblat-quentino.yml"
    assert added == {name}
    assert yaml.safe_load((project / "sources/editorial" / name).read_text("utf-8")) == {
        "kind": "unknown-name", "text": "Zorblat Quentino", "why": "An invented name of the test."}
    assert not [line for line in _open_items(project) if "Zorblat Quentino" in line]


def test_explain_refuses_an_unknown_kind_and_an_item_explained_already(project):
    bad = cli(project, "explain", "no-such-kind", "Middle East", "--why", "x")
    assert bad.returncode == 1 and "unknown-name" in bad.stderr, bad.describe()
    twice = cli(project, "explain", "unknown-name", "Middle East", "--why", "x")
    assert twice.returncode == 1, twice.describe()
    assert "sources/editorial/unknown-name-middle-east.yml:2: the unknown-name item 'Middle East' is explained " \
           "here already" in twice.stderr, twice.describe()


def test_two_files_explaining_one_item_are_no_problem_and_the_first_applies(project):
    """Two branches that each met the same item explain it in files of their
    own sources: after the merge both are kept, without a problem."""
    (project / "sources/editorial/zz-copy.yml").write_text(
        "kind: unknown-name\ntext: Middle East\nwhy: Again.\n", "utf-8")
    log = ProblemLog()
    valid = validate(load(ProjectPaths(project), log), log)
    assert not [p for p in log.problems if "editorial" in p.path], log.problems
    assert valid.explained[("unknown-name", "Middle East")] != "Again."


def test_the_longer_explanation_applies_whatever_the_file_names(project):
    """Two explanations fit an item: the more specific (longer text) one is
    shown, also when its file sorts first or last."""
    from tests.test_live_preview import append_paragraph

    append_paragraph(project, "Zorblat Quentino Vantablack met them.")
    for name in ("a-first.yml", "z-last.yml"):
        (project / "sources/editorial" / name).write_text(
            "kind: unknown-name\ntext: Zorblat Quentino Vantablack\nwhy: The specific reason.\n", "utf-8")
        (project / "sources/editorial" / ("z-" + name)).write_text(
            "kind: unknown-name\ntext: Quentino\nwhy: The general reason.\n", "utf-8")
        lines = cli(project, "check", "-v").output.splitlines()
        shown = [lines[n + 1] for n, line in enumerate(lines[:-1])
                 if line.startswith("  explained unknown-name") and "Zorblat Quentino Vantablack" in line]
        assert shown and all("The specific reason." in line for line in shown), lines
        (project / "sources/editorial" / name).unlink()
        (project / "sources/editorial" / ("z-" + name)).unlink()


# ------------------------------------------- two pull requests, each adding a source

#: Two short news reports of the 1990s, one per branch (written for this test).
REPORTS = {
    "a": ("lukoil-west-qurna-1997.txt",
          "Russian oil firms sign West Qurna contract with Iraq\n\nBy a staff correspondent\n\n"
          "MOSCOW, 24 March 1997 — A consortium led by Lukoil signed a contract with Iraq on Monday to "
          "develop the West Qurna oil field once United Nations sanctions are lifted.\n",
          "1997-03-24", "MOSCOW, 24 March 1997 — A consortium led by Lukoil signed a contract with Iraq",
          "Lukoil signs a West Qurna contract with Iraq, according to Example Wire"),
    "b": ("duma-sanctions-1998.txt",
          "Duma urges end to Iraq sanctions\n\nBy a staff correspondent\n\n"
          "MOSCOW, 16 December 1998 — The State Duma called on the government on Wednesday to work for an end "
          "to the sanctions against Iraq.\n",
          "1998-12-16", "MOSCOW, 16 December 1998 — The State Duma called on the government on Wednesday",
          "The State Duma calls for an end to the sanctions against Iraq, according to Example Wire"),
}


def _git(root: Path, *args: str) -> Run:
    from tests.helpers import run

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t.invalid", "HOME": str(root.parent), "PATH": "/usr/bin:/bin",
           "GIT_CONFIG_NOSYSTEM": "1"}
    return run(["git", "-C", root, *args], root, env=env)


def _finish_catalog(path: Path) -> None:
    """What an editor writes in place of each `# TODO editor:` comment of a
    news report's catalog entry."""
    filled = {"kind": "news report", "language": "en", "rights": "null", "accessed": '"2026-12-07"'}
    lines = []
    for line in path.read_text("utf-8").split("\n"):
        key = line.split(":", 1)[0].strip()
        if "# TODO editor:" in line:
            line = line.split("  # TODO editor:", 1)[0]
            if key in filled:
                line = f"{line.split(':', 1)[0]}: {filled[key]}"
            elif "Not yet assessed." in line:
                line = line.replace("Not yet assessed.", f"The report's {key}, as the test states it.")
        lines.append(line)
    text = "\n".join(lines)
    # Each field the editor supplied says what it rests on.
    text = re.sub(r"^editor_supplied: \[(.*)\]$", lambda m: "editor_supplied:\n" + "".join(
        f"  - field: {f.strip()}\n    reason: \"given by the editor of this test\"\n" for f in m.group(1).split(",")
    ).rstrip("\n"), text, flags=re.M)
    path.write_text(text, "utf-8")


def _add_a_source_the_documented_way(root: Path, tmp_path: Path, branch: str) -> Run:
    """CONTRIBUTING.md's steps: make new-source (URL, DATE, PUBLISHER), finish
    the catalog entry, make new-event and fill it, make new-note, pin the
    references, a CHANGELOG line, explain the open items the gate names.
    Returns the gate's last run (after the last explanation)."""
    import shlex

    name, text, date, quote, title = REPORTS[branch]
    incoming = tmp_path / f"incoming-{branch}" / name
    incoming.parent.mkdir()
    incoming.write_text(text, "utf-8")
    source_id = name.removesuffix(".txt")
    added = cli(root, "new-source", str(incoming), "--url", f"https://example.org/{source_id}", "--date", date,
                "--publisher", "Example Wire")
    assert added.returncode == 0, added.describe()
    _finish_catalog(root / "sources/catalog" / f"{source_id}.yml")
    event = cli(root, "new-event", title, "--date", date)
    assert event.returncode == 0, event.describe()
    event_path = root / "sources/events" / f"{slugify(title)}.md"
    event_id = event_path.stem
    body = event_path.read_text("utf-8")
    body = re.sub(r"  - source: null  # TODO editor:.*", f"  - source: {source_id}", body)
    body = re.sub(r"    quote: null  # TODO editor:.*", f'    quote: "{quote}"', body)
    body = re.sub(r"(      date: \"[^\"]+\")  # TODO editor:.*", r"\1", body)
    body = body[: body.index("TODO editor: 1–3")] + f"{title}.[[{source_id}/p1]]\n"
    event_path.write_text(body, "utf-8")
    note = cli(root, "new-note", f"{source_id}-dateline", "--target", f"event:{event_id}")
    assert note.returncode == 0, note.describe()
    note_path = root / "sources/notes" / f"{source_id}-dateline.md"
    note_text = note_path.read_text("utf-8").replace("passages: []", f"passages: [{source_id}/p1]")
    note_path.write_text(note_text[: note_text.index("TODO editor:")]
                         + f"The day is the report's dateline.[[{source_id}/p1]]\n", "utf-8")
    assert cli(root, "pin-refs").returncode == 0
    changelog = root / "CHANGELOG.md"
    changelog.write_text(changelog.read_text("utf-8").replace(
        "## [Unreleased]\n\n", f"## [Unreleased]\n\n- New source `{source_id}`: \"{title}\".\n\n", 1), "utf-8")
    for _round in range(3):          # an explanation may reveal nothing new; three rounds are plenty
        gate = cli(root, "check", "--strict")
        lines = [line for line in gate.stderr.splitlines() if "make explain KIND=" in line]
        if not lines:
            return gate
        for line in lines:
            given = dict(w.split("=", 1) for w in shlex.split(line.split("make explain ", 1)[1].removesuffix(")")))
            done = cli(root, "explain", given["KIND"], given["TEXT"], "--why", f"Explained on branch {branch}.",
                       *(["--source", given["SOURCE"]] if "SOURCE" in given else []))
            assert done.returncode == 0, done.describe()
    return cli(root, "check", "--strict")


@pytest.mark.slow
def test_two_branches_that_each_add_a_source_merge_without_conflict_and_stay_green(tmp_path):
    """Two pull requests, each adding a different source the documented way
    (new-source, new-event, new-note, explanations, changelog), touch no
    common file but the union-merged CHANGELOG.md; git merges them without
    a conflict, the gate is green on each branch and after the merge, and
    the two new notes are shown with different numbers."""
    from tests.helpers import copy_repository

    root = copy_repository(tmp_path / "repository")
    assert _git(root, "init", "-q", "-b", "main").returncode == 0
    _git(root, "add", "-A")
    assert _git(root, "commit", "-qm", "base").returncode == 0
    published = {n: read_entry(root, "notes", n)["number"] for n in entry_ids(root, "notes")}
    touched = {}
    for branch in ("a", "b"):
        _git(root, "checkout", "-q", "-b", branch, "main")
        green = _add_a_source_the_documented_way(root, tmp_path, branch)
        assert green.returncode == 0, green.describe()
        _git(root, "add", "-A")
        assert _git(root, "commit", "-qm", f"add source {branch}").returncode == 0
        touched[branch] = set(_git(root, "diff", "--name-only", "main", branch).stdout.split())
    assert touched["a"] & touched["b"] == {"CHANGELOG.md"}, touched["a"] & touched["b"]
    _git(root, "checkout", "-q", "a")
    merged = _git(root, "merge", "-q", "--no-edit", "b")
    assert merged.returncode == 0, merged.describe()
    green = cli(root, "check", "--strict")
    assert green.returncode == 0, green.describe()
    assert {n: read_entry(root, "notes", n)["number"] for n in published} == published
    numbered = command(root, "number-notes")
    shown = sorted(int(line.rsplit(" ", 1)[1]) for line in numbered.stdout.splitlines())
    assert shown == [max(published.values()) + 1, max(published.values()) + 2], numbered.describe()
    assert cli(root, "check", "--strict").returncode == 0


def test_how_prose_names_a_source_is_in_its_own_catalog_file(project):
    """`prose_names` in a catalog file names the source for the hedging
    check; the old shared list in sources/claims.yml is refused at its line
    with the line to write instead (a PR adding a source edits no shared file)."""
    from scripts.claims.attribution import source_names

    log = ProblemLog()
    valid = validate(load(ProjectPaths(project), log), log)
    blog = next(e for e in valid.catalog if e.id == "blog-strain-after-iran-iraq-war")
    assert "the blog post" in blog.prose_names and "the blog post" in source_names(blog)
    claims = project / "sources/claims.yml"
    claims.write_text(claims.read_text("utf-8") + "source_names:\n  - source: riac-mamedov-2018\n"
                      "    names: [the analysis]\n", "utf-8")
    line = claims.read_text("utf-8").split("\n").index("  - source: riac-mamedov-2018") + 1
    log = ProblemLog()
    validate(load(ProjectPaths(project), log), log)
    assert [(p.path, p.line) for p in log.problems if "source_names" in p.message] == [("sources/claims.yml", line)]
    assert "`prose_names: [the analysis]` in sources/catalog/riac-mamedov-2018.yml" in log.problems[0].message
