"""`make diff` (scripts/sitediff.py) on real changes: a temporary repository
with the project, then two small commits; the report lists exactly what each
changed on the site, as Markdown and as an HTML page with values escaped."""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

import pytest

from scripts.sitediff import html_page, markdown, run
from tests.helpers import copy_repository, edit_entry, use_fixture_knowledge, write_entry


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t.invalid", "HOME": str(root), "PATH": "/usr/bin:/bin"})


#: The title of the fixture event the second commit changes.
BASE_TITLE = next(line.split(":", 1)[1].strip().strip('"')
                  for line in (Path(__file__).parent / "fixtures/knowledge/events/friendship-treaty.md")
                  .read_text("utf-8").splitlines() if line.startswith("title:"))


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    # The fixture knowledge layer: what is compared is the data files, and a
    # small corpus builds in a fraction of the curated one's time.
    root = use_fixture_knowledge(copy_repository(tmp_path_factory.mktemp("diff") / "repository"))
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    # Commit 2: an event's title changes (a hostile value), a note is added.
    edit_entry(root, "events", "friendship-treaty",
               lambda e: e.__setitem__("title", "Friendship <img src=x onerror=alert(1)> treaty"))
    write_entry(root, "notes", {"id": "a-test-note", "number": 999, "kind": "context",
                                "target": "event:friendship-treaty", "passages": ["riac-mamedov-2018/p3"],
                                "text": "A test note."})
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "change")
    return root


def test_the_report_lists_exactly_what_the_commit_changed(repository):
    report = run(repository, "HEAD~1", "HEAD")
    assert not report.problems, report.problems
    added, removed, changed = report.records["events"]
    assert added == [] and removed == []
    assert [(i, [f.split()[0] for f in fields]) for i, _label, fields in changed] == [("friendship-treaty", ["title"])]
    assert report.records["notes"][0] == [("a-test-note", "note 999 (context, on event:friendship-treaty)")]
    assert all(report.records[k] == ([], [], []) for k in ("sources", "actors", "periods"))
    text = markdown(report)
    assert "changed `friendship-treaty` (title" in text and "added `a-test-note`" in text
    # A short field is shown before and after (the reviewer reads what the title was).
    assert f"title “{html.escape(BASE_TITLE, quote=False)}” → “Friendship &lt;img" in text
    assert "<img" not in text and "&lt;img src=x" in text
    page = html_page(report)
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;lt;" not in page, "escaped once"
    assert "changed <code>friendship-treaty</code> (title" in page, "ids are set as code, not with backticks"
    assert "`" not in page.split("</style>")[1]


def test_no_change_is_said_so(repository):
    report = run(repository, "HEAD", "HEAD")
    assert report.empty() and "No change" in markdown(report)


def test_a_change_that_does_not_build_is_reported(repository, tmp_path):
    path = repository / "sources/events/friendship-treaty.md"
    original = path.read_bytes()
    path.write_text(original.decode("utf-8").replace("\ntitle:", "\ntitle: 'it's'\ntitl:", 1), "utf-8")
    try:
        report = run(repository, "HEAD", None)      # the working tree
    finally:
        path.write_bytes(original)
    assert report.problems and "sources/events/friendship-treaty.md:" in report.problems
    assert "does not build" in markdown(report)
    # Nothing else: the sources of the base are not "removed" by a change that does not build.
    assert not any(added or removed or changed for added, removed, changed in report.records.values())
    assert report.links == ((), ()) and "removed" not in markdown(report)


def test_new_explanations_are_said_to_be_explained_and_quotes_stay_readable():
    """A pull request that adds an explanation makes an item explained (not
    "opened"); an item that appears is opened. A title's apostrophe is
    written as typed (only what Markdown reads as HTML is escaped)."""
    from scripts.sitediff import Report

    report = Report("origin/main", "the working tree",
                    records={"events": ([("e", "Iraq recognises Kuwait's borders <b>")], [], [])},
                    queue=(("explained unknown-name: news/p1: National Assembly", "unknown-name: news/p2: Zorblat"),
                           ("explained unknown-name: old/p3: Gone", "undated-sentence: old/p4: In 1994 …")))
    text = markdown(report)
    assert "- explained: unknown-name: news/p1: National Assembly" in text
    assert "- opened: unknown-name: news/p2: Zorblat" in text
    assert "- no longer explained: unknown-name: old/p3: Gone" in text
    assert "- closed: undated-sentence: old/p4: In 1994 …" in text
    assert "Kuwait's borders &lt;b&gt;" in text and "opened: explained" not in text
