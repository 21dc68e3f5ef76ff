"""Write the data files MkDocs does not handle into the site folder.

MkDocs writes pages and the files it knows (``Files``). The citation files
of every source, paragraph, event and period are tens of thousands of small
files that no Markdown link names (the renderer links them in HTML it
writes itself: :attr:`scripts.model.GeneratedFile.markdown_target`), so the
plugin writes them here, after MkDocs wrote its own.

Under ``mkdocs serve`` the site folder stays from one build to the next
(the preview's dirty builds): only the files whose content changed are
written again, and the files no longer produced are deleted.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from scripts.model import GeneratedFile


def write_files(site_dir: Path, files: list[GeneratedFile], previous: dict[str, bytes] | None) -> dict[str, bytes]:
    """Write *files* under *site_dir*; with *previous* (what the last call
    returned, its files still in place) only those that changed, and delete
    the previous ones no longer in *files*. Out: path → content written."""
    written = {}
    for file in files:
        written[file.path] = file.content
        if previous is not None and previous.get(file.path) == file.content:
            continue
        target = _inside(site_dir, file.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)
    for path in sorted((previous or {}).keys() - written.keys()):
        target = _inside(site_dir, path)
        if target.is_file():
            target.unlink()
    return written


def _inside(site_dir: Path, path: str) -> Path:
    """*site_dir*/*path*, for a relative path that stays inside it (the
    path is made of ids the inputs were checked for, and checked again)."""
    parts = PurePosixPath(path).parts
    if not parts or PurePosixPath(path).is_absolute() or ".." in parts:
        raise ValueError(f"a generated file's path must stay inside the site folder: {path!r}")
    return site_dir.joinpath(*parts)
