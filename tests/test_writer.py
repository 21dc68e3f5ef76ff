"""scripts/writer.py: the data files MkDocs does not handle are written into
the site folder; with the last build's record only what changed is
written again, and what is no longer produced is deleted."""

from __future__ import annotations

import pytest

from scripts.model import GeneratedFile
from scripts.writer import write_files


def _tree(root) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_first_build_writes_every_file(tmp_path):
    files = [GeneratedFile("data/cite/events/a.ris", b"A", False), GeneratedFile("data/cite/events/b.ris", b"B", False)]
    written = write_files(tmp_path, files, None)
    assert _tree(tmp_path) == {"data/cite/events/a.ris": b"A", "data/cite/events/b.ris": b"B"}
    assert written == {"data/cite/events/a.ris": b"A", "data/cite/events/b.ris": b"B"}


def test_a_rebuild_writes_what_changed_and_deletes_what_is_gone(tmp_path):
    first = write_files(tmp_path, [GeneratedFile("data/a.ris", b"A", False), GeneratedFile("data/b.ris", b"B", False),
                                   GeneratedFile("data/c.ris", b"C", False)], None)
    (tmp_path / "data" / "a.ris").write_bytes(b"edited by hand")        # unchanged content: not written again
    write_files(tmp_path, [GeneratedFile("data/a.ris", b"A", False), GeneratedFile("data/b.ris", b"B2", False)],
                first)
    assert _tree(tmp_path) == {"data/a.ris": b"edited by hand", "data/b.ris": b"B2"}
    write_files(tmp_path, [GeneratedFile("data/a.ris", b"A", False)], None)     # no record: everything written
    assert (tmp_path / "data" / "a.ris").read_bytes() == b"A"


@pytest.mark.parametrize("path", ["../outside.ris", "/etc/outside.ris", "data/../../outside.ris", ""])
def test_a_path_leaving_the_site_folder_is_refused(tmp_path, path):
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(ValueError, match="inside the site folder"):
        write_files(site, [GeneratedFile(path, b"x", False)], None)
    assert _tree(tmp_path) == {}
