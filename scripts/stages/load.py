"""Stage 1, *load*: read every input file, decode it, and remember where each
value came from. No judgement yet, except what makes a file unreadable.

In: :class:`~scripts.paths.ProjectPaths`. Out: :class:`LoadedInputs`, plus
problems for files that are missing or are not YAML / not UTF-8.

The knowledge layer and the catalog are one file per entry
(scripts/entryfiles.py); each kind is handed on as one document
``{list key: [entries]}``, entries sorted by file name, each entry knowing
its file (``origin``) and its lines in that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scripts.entryfiles import KINDS, Kind, entry_files, parse_entry
from scripts.errors import Problem, ProblemLog
from scripts.paths import REQUIRED_YAML, YAML_FILES, ProjectPaths
from scripts.rawtext import read_regular_file
from scripts.reuse import reusable
from scripts.yamlio import LineDict, LineList, parse_yaml_bytes, read_yaml_file


@dataclass(frozen=True)
class TextFile:
    """The raw bytes of a file under ``sources/texts/``."""

    path: Path
    display: str
    data: bytes | None              # None: unreadable (reported by load)


@dataclass(frozen=True)
class LoadedInputs:
    paths: ProjectPaths
    yaml: dict                      # short name → parsed data (LineDict) or None
    yaml_display: dict              # short name → "sources/x.yml" (a folder for the entry kinds)
    texts: dict                     # "texts/x.txt", "documents/x.xml" → TextFile (every file on disk)
    #: "sources/pins/<source-id>.yml" → parsed data (or None: unreadable, reported)
    pins: dict = field(default_factory=dict)
    #: The hand-written pages: path under docs/ ("index.md") → text (the
    #: claims stage checks the references of their prose; MkDocs reports
    #: unreadable pages itself).
    docs_pages: dict = field(default_factory=dict)
    #: kind → the ids of every entry file present (its name), read or not:
    #: an entry whose file could not be read is unreadable, not absent.
    file_ids: dict | None = None
    #: kind → display paths of the entry files that could not be read.
    unreadable: dict | None = None
    #: Display path of each catalog file read → its lines as written
    #: (comments included: the parsed data has none), for the editorial
    #: queue's unfinished-entry items.
    catalog_lines: dict = field(default_factory=dict)


#: A single file of the old layout (before issue 21), by kind.
_OLD_FILES = {"catalog": "catalog.yml", "periods": "periods.yml", "actors": "actors.yml",
              "events": "events.yml", "glossary": "glossary.yml", "notes": "notes.yml",
              "editorial": "editorial.yml"}


def load(paths: ProjectPaths, log: ProblemLog) -> LoadedInputs:
    """Read every input. Parsing is reusable (scripts/reuse.py): under
    ``mkdocs serve`` only the files whose bytes changed are parsed again,
    and an unchanged file's document is the very object of the last run
    (validate checks such a document once). The parsed data is shared
    between runs then: nothing downstream may modify it."""
    documents, displays = {}, {}
    file_ids, unreadable, raws = {}, {}, {}
    display_of = paths.display_function()
    for kind in KINDS.values():
        folder = paths.entries(kind.name)
        displays[kind.name] = display_of(folder)
        old = paths.sources / _OLD_FILES[kind.name]
        if old.exists() or old.is_symlink():
            log.add(display_of(old), 1, f"this file is no longer read: each entry is a file of its own in "
                    f"sources/{kind.name}/ (see sources/{kind.name}/README.md); move its entries there with "
                    "`python -m scripts.migrate_entries sources`, then delete it")
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            log.add(display_of(folder), 0, f"sources/{kind.name} must be a folder inside the repository "
                    "(not a symbolic link or a file): replace it by the folder itself")
            documents[kind.name] = None
            file_ids[kind.name], unreadable[kind.name] = set(), set()
            continue
        documents[kind.name], file_ids[kind.name], unreadable[kind.name] = _load_entries(
            display_of, folder, kind, log, raws.setdefault(kind.name, {}))
    for name in YAML_FILES:
        path = paths.yaml(name)
        display = display_of(path)
        displays[name] = display
        if not path.exists() and not path.is_symlink() and name not in REQUIRED_YAML:
            documents[name] = None
            continue
        data, problems = _read_yaml(path, display)
        log.extend(problems)
        documents[name] = data
    texts = {}
    # Plain texts and TEI documents of editions (scripts/tei.py) are read
    # the same way: raw bytes, never through a link.
    for folder in ("texts", "documents"):
        texts.update(_read_folder(paths, display_of, folder, log))
    catalog_lines = {display: tuple(raw.decode("utf-8", "replace").split("\n"))
                     for display, raw in raws.get("catalog", {}).items()}
    return LoadedInputs(paths, documents, displays, texts, _load_pins(paths, display_of, log), _docs_pages(paths.docs),
                        file_ids, unreadable, catalog_lines)


def _read_folder(paths: ProjectPaths, display_of, folder: str, log: ProblemLog) -> dict:
    """Every entry of ``sources/<folder>/`` as "folder/name" → TextFile."""
    found = {}
    directory = paths.sources / folder
    if directory.is_dir() and not directory.is_symlink():
        for path in sorted(directory.iterdir()):
            # Every entry, through the one reader that refuses symbolic links,
            # folders and named pipes (each is reported here, once).
            display = display_of(path)
            data = read_regular_file(path, display)
            if isinstance(data, Problem):
                log.extend([data])
                data = None
            found[f"{folder}/{path.name}"] = TextFile(path, display, data)
    elif directory.is_symlink():
        log.add(display_of(directory), 0, f"sources/{folder} is a symbolic link; sources must be regular "
                "files inside the repository: replace the link by the folder itself")
    return found


def _docs_pages(docs: Path) -> dict:
    """Every ``*.md`` under docs/, by its path there, that reads as UTF-8."""
    pages = {}
    if docs.is_dir():
        for page in sorted(docs.rglob("*.md")):
            try:
                pages[page.relative_to(docs).as_posix()] = page.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
    return pages


def _load_pins(paths: ProjectPaths, display_of, log: ProblemLog) -> dict:
    """The editors' pins, one YAML file per source under ``sources/pins/``
    (one file per source: two pull requests pinning names in different
    sources never touch the same file)."""
    folder = paths.sources / "pins"
    if folder.is_symlink():
        log.add(display_of(folder), 0, "sources/pins is a symbolic link; replace the link by the folder itself")
        return {}
    if not folder.is_dir():
        return {}
    documents = {}
    for path in sorted(folder.iterdir()):
        display = display_of(path)
        if path.suffix != ".yml":
            log.add(display, 0, "sources/pins/ holds one <source-id>.yml per source; rename or remove this file")
            continue
        data, problems = _read_yaml(path, display)
        log.extend(problems)
        documents[display] = data
    return documents


def _load_entries(display_of, folder: Path, kind: Kind, log: ProblemLog, raws: dict):
    """One kind's entries as a document ``{list key: [entries]}`` (None when
    its folder is absent), the ids of all its files and the unreadable ones;
    the bytes of each file read go into *raws* (display path → bytes)."""
    if not folder.exists():
        return None, set(), set()
    entries, ids, unreadable = LineList(), set(), set()
    entries.line, entries.item_lines = 1, []
    for path in entry_files(folder, kind):
        display = display_of(path)
        stem = path.name[: -len(kind.suffix)]
        ids.add(stem)
        raw = read_regular_file(path, display, limit=None)
        if isinstance(raw, Problem):
            log.extend([raw])
            unreadable.add(display)
            continue
        raws[display] = raw
        entry, problems = _parsed_entry(raw, stem, kind, display)
        log.extend(problems)
        if entry is None:
            unreadable.add(display)
            continue
        entries.append(entry)
        entries.item_lines.append(1)
    document = LineDict({kind.list_key: entries})
    document.line, document.key_lines = 1, {kind.list_key: 1}
    return document, ids, unreadable


def _read_yaml(path: Path, display: str):
    raw = read_regular_file(path, display, limit=None)
    if isinstance(raw, Problem):
        return read_yaml_file(path, display)        # words the problem
    return _parsed_yaml(raw, display)


_parsed_entry = reusable(parse_entry)
_parsed_yaml = reusable(parse_yaml_bytes)
