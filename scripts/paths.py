"""Where the inputs live. One object, so tests can point the pipeline at a
temporary copy of the project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Input YAML files kept whole (small, rarely edited), by short name,
#: relative to ``sources/``. Every other kind of entry is one file per entry
#: in a folder of its own (scripts/entryfiles.py: ``sources/events/<id>.md`` …).
#: ``claims`` is the editors' vocabulary of claim keys (scripts/claims/keys.py).
#: The explanations of editorial items are one file each (``sources/editorial/``).
YAML_FILES = ("cleaning", "claims")

#: Files that must exist; the others may be absent (an empty knowledge layer).
REQUIRED_YAML = ("cleaning",)

#: A source text larger than this is refused: it is almost certainly not one
#: article (a dump, a binary, a mistake), and it would make every page slow.
MAX_TEXT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def yaml(self, name: str) -> Path:
        return self.sources / f"{name}.yml"

    def entries(self, kind: str) -> Path:
        """The folder of one kind of entry (``sources/events``)."""
        return self.sources / kind

    def display(self, path: Path) -> str:
        """Project-relative POSIX path for messages (``sources/events/the-id.md``).
        The last part is not resolved: a symbolic link is named by its own
        path, never by its target's (which may be outside the repository)."""
        return self._display(path, path.parent.resolve(), self.root.resolve())

    def display_function(self) -> Callable[[Path], str]:
        """:meth:`display` for one reading of the inputs: the root and each
        folder are resolved once, and a folder's part of the path found once,
        not for each of its thousands of files."""
        root, prefixes = self.root.resolve(), {}

        def display(path: Path) -> str:
            prefix = prefixes.get(path.parent)
            if prefix is None:
                # Each way display() names a file is its folder's part, then
                # its name: the folder's part is found once, with any name.
                prefix = prefixes[path.parent] = self._display(path.parent / "_", path.parent.resolve(), root)[:-1]
            return prefix + path.name
        return display

    def _display(self, path: Path, folder: Path, root: Path) -> str:
        """:meth:`display` of *path* in the resolved *folder* of the resolved project *root*."""
        try:
            return (folder / path.name).relative_to(root).as_posix()
        except ValueError:
            pass
        try:    # a folder on the way is a link out of the project: its path as written
            return path.absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            return path.name if path.is_absolute() else path.as_posix()   # never the machine's own path


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
