"""The load stage (scripts/stages/load.py), called in-process on small
project trees: every file under sources/texts/ is read as it is (a
symbolic link, a folder or a named pipe is a problem at its path, never
followed), and the hand-written pages under docs/ are read for the claims
stage (which reads no file itself). The YAML files are tested in
tests/test_hostile_inputs.py."""

from __future__ import annotations

import os

import pytest

from scripts.errors import ProblemLog
from scripts.paths import ProjectPaths
from scripts.stages.load import load


def _tree(root, texts: dict[str, bytes] = None, docs: dict[str, bytes] = None) -> ProjectPaths:
    (root / "sources" / "texts").mkdir(parents=True)
    for name, data in (texts or {}).items():
        (root / "sources" / "texts" / name).write_bytes(data)
    for name, data in (docs or {}).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return ProjectPaths(root)


def _about(log: ProblemLog, display: str) -> list:
    return [p for p in log.problems if p.path == display]


def test_every_text_is_read_as_its_bytes(tmp_path):
    raw = {"a.txt": "Ṣaddām Ḥusayn\r\nСаддам\n".encode(), "b.txt": b"", "c.txt": b"\xff\xfe not utf-8"}
    log = ProblemLog()
    loaded = load(_tree(tmp_path, raw), log)
    assert {name: f.data for name, f in loaded.texts.items()} == {f"texts/{n}": d for n, d in raw.items()}
    assert all(f.display == f"sources/texts/{n}" for n, f in zip(raw, loaded.texts.values(), strict=True))
    assert not [p for p in log.problems if p.path.startswith("sources/texts/")]


def test_a_symbolic_link_is_a_problem_and_is_not_followed(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("SECRET outside the repository", "utf-8")
    paths = _tree(tmp_path / "project", {"a.txt": b"text"})
    os.symlink(secret, paths.sources / "texts" / "link.txt")
    log = ProblemLog()
    loaded = load(paths, log)
    assert loaded.texts["texts/link.txt"].data is None
    [problem] = _about(log, "sources/texts/link.txt")
    assert "symbolic link" in problem.message and "SECRET" not in problem.message
    assert loaded.texts["texts/a.txt"].data == b"text"


def test_a_folder_among_the_texts_is_a_problem(tmp_path):
    paths = _tree(tmp_path, {"a.txt": b"text"})
    (paths.sources / "texts" / "folder").mkdir()
    log = ProblemLog()
    loaded = load(paths, log)
    assert loaded.texts["texts/folder"].data is None
    assert "folder" in _about(log, "sources/texts/folder")[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    paths = _tree(tmp_path)
    os.mkfifo(paths.sources / "texts" / "pipe.txt")
    log = ProblemLog()
    loaded = load(paths, log)           # would hang if the pipe were opened
    assert loaded.texts["texts/pipe.txt"].data is None
    assert _about(log, "sources/texts/pipe.txt")


def test_the_hand_written_pages_are_read_for_the_claims_stage(tmp_path):
    docs = {"index.md": "# Home\n\nСаддам [[a/p1]]\n".encode(), "about/index.md": b"# About\n",
            "notes.txt": b"not a page", "broken.md": b"\xff\xfe"}
    loaded = load(_tree(tmp_path, docs=docs), ProblemLog())
    # Pages by their path under docs/, in order; unreadable ones are left to MkDocs.
    assert loaded.docs_pages == {"about/index.md": "# About\n", "index.md": "# Home\n\nСаддам [[a/p1]]\n"}
    assert list(loaded.docs_pages) == sorted(loaded.docs_pages)


def test_no_docs_folder_means_no_pages(tmp_path):
    assert load(_tree(tmp_path), ProblemLog()).docs_pages == {}


def test_the_load_stages_display_names_every_path_as_display_does(tmp_path):
    """The load stage names its files with ProjectPaths.display_function
    (each folder resolved once): the same names as ProjectPaths.display,
    for a folder that is a link out of the project too."""
    paths = _tree(tmp_path / "project", {"a.txt": b"text"})
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, paths.sources / "linked")
    os.symlink(outside, paths.sources / "texts" / "link.txt")
    display = paths.display_function()
    for path in (paths.sources / "texts" / "a.txt", paths.sources / "texts" / "link.txt",
                 paths.sources / "linked" / "b.txt", paths.sources / "texts", paths.root / "x.md",
                 paths.sources / "texts" / ".." / "c.txt", tmp_path / "elsewhere.txt"):
        assert display(path) == paths.display(path), path
    assert display(paths.sources / "linked" / "b.txt") == "sources/linked/b.txt"
