"""The editor's helpers (``dry-run``, ``new-source``) given what is not a
text file: each ends at once with exit 1 and the right hint (a named pipe
used to block them for ever; a folder was "missing"; UTF-16 was told to
convert from windows-1252), and ``new-source`` writes nothing."""

from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import ROOT, copy_texts_only, run, subprocess_env, tree_digest

CASES = {
    "named-pipe": ("not a regular file", lambda p: os.mkfifo(p)),
    "folder": ("this is a folder", lambda p: p.mkdir()),
    "missing": ("no such file", lambda p: None),
    "utf-16": ("iconv -f UTF-16LE", lambda p: p.write_bytes("A text in UTF-16.\n".encode("utf-16"))),
    "utf-16-without-bom": ("iconv -f UTF-16BE", lambda p: p.write_bytes("A text in UTF-16.\n".encode("utf-16-be"))),
    "c1-control": ("U+0085", lambda p: p.write_bytes("Line one.\nLine\x85two.\n".encode())),
}


@pytest.mark.parametrize("command", ["dry-run", "new-source"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_helper_refuses_what_is_not_a_text(case, command, tmp_path):
    root = copy_texts_only(tmp_path / "project")
    hint, make = CASES[case]
    target = tmp_path / "input.txt"
    make(target)
    catalog = tree_digest(root / "sources" / "catalog")
    texts = sorted(p.name for p in (root / "sources" / "texts").iterdir())
    result = run([sys.executable, "-m", "scripts", "--root", root, command, target], cwd=ROOT,
                 env=subprocess_env(), timeout=60)
    assert result.returncode == 1, result.describe()
    assert "Traceback" not in result.output, result.describe()
    assert f"{target}:" in result.stderr and hint in result.stderr, result.describe()
    assert tree_digest(root / "sources" / "catalog") == catalog
    assert sorted(p.name for p in (root / "sources" / "texts").iterdir()) == texts
