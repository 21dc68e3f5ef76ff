"""Stage 1, *load*: read every input file, decode it, and remember where each
value came from. No judgement yet, except what makes a file unreadable.

In: :class:`~scripts.paths.ProjectPaths`. Out: :class:`LoadedInputs`, plus
problems for files that are missing or are not YAML / not UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scripts.errors import ProblemLog
from scripts.paths import REQUIRED_YAML, YAML_FILES, ProjectPaths
from scripts.yamlio import read_yaml_file


@dataclass(frozen=True)
class TextFile:
    """The raw bytes of a file under ``sources/texts/``."""

    path: Path
    display: str
    data: bytes | None              # None: missing


@dataclass(frozen=True)
class LoadedInputs:
    paths: ProjectPaths
    yaml: dict                      # short name → parsed data (LineDict) or None
    yaml_display: dict              # short name → "sources/x.yml"
    texts: dict                     # "texts/x.txt" → TextFile (every file present on disk)


def load(paths: ProjectPaths, log: ProblemLog) -> LoadedInputs:
    documents, displays = {}, {}
    for name in YAML_FILES:
        path = paths.yaml(name)
        display = paths.display(path)
        displays[name] = display
        if not path.exists() and name not in REQUIRED_YAML:
            documents[name] = None
            continue
        data, problems = read_yaml_file(path, display)
        log.extend(problems)
        documents[name] = data
    texts = {}
    text_dir = paths.sources / "texts"
    if text_dir.is_dir():
        for path in sorted(text_dir.iterdir()):
            if path.is_file():
                key = f"texts/{path.name}"
                texts[key] = TextFile(path, paths.display(path), path.read_bytes())
    return LoadedInputs(paths, documents, displays, texts)
