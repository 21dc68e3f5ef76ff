"""One file per entry (issue 21): how an entry of the knowledge layer is
written, and the reader that turns one file back into the entry.

An event, actor, period, note or glossary term is a Markdown file::

    ---
    title: The Soviet Union and Iraq sign a treaty
    date: "1972-04-09"
    ---

    The editors' summary, with its references.[[wikipedia-iraq-russia-relations/p12]]

The front matter (between the two ``---`` lines) holds the structured fields
in YAML, read by the bounded reader of :mod:`scripts.yamlio`; the body holds
the prose field (``summary``, a note's ``text``, a term's ``note``). A catalog
entry is mostly structured: it is a plain YAML file. The id is the file name
(``sources/events/<id>.md``); a glossary file is named by the slug of its
``term:``, which the front matter keeps (case and punctuation matter).

In: the bytes of one file, its stem and kind. Out: the entry as a
:class:`~scripts.yamlio.LineDict` with the lines *of that file* (so problems
read ``sources/events/the-id.md:LINE: …``) and ``origin``, its display path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.errors import Problem
from scripts.yamlio import LineDict, parse_yaml_bytes


@dataclass(frozen=True)
class Kind:
    """One kind of entry and where its files live."""

    name: str                   # folder under sources/ (and the old YAML file's name)
    list_key: str               # the entries' key in the old single file (and in the schema's words)
    body: str | None            # the prose field written as the Markdown body; None: a YAML file
    suffix: str                 # ".md" or ".yml"
    id_key: str | None          # the field the file name gives; None: the name is a slug of `term:`
    title: str                  # heading of the folder's README.md
    layout: str                 # how an entry file is laid out (for the README)


KINDS = {kind.name: kind for kind in (
    Kind("catalog", "sources", None, ".yml", "id", "Catalog of source texts",
         ": `<id>.yml`, a YAML mapping of the fields below (without `id:`, which is the file name)"),
    Kind("periods", "periods", "summary", ".md", "id", "Periods",
         ": `<id>.md`, the fields below (without `id:`, the file name, and `summary:`) as YAML "
         "front matter between two `---` lines, then the summary as the Markdown body"),
    Kind("actors", "actors", "summary", ".md", "id", "Actors",
         ": `<id>.md`, the fields below (without `id:`, the file name, and `summary:`) as YAML "
         "front matter between two `---` lines, then the summary as the Markdown body"),
    Kind("events", "events", "summary", ".md", "id", "Events",
         ": `<id>.md`, the fields below (without `id:`, the file name, and `summary:`) as YAML "
         "front matter between two `---` lines, then the summary as the Markdown body"),
    Kind("glossary", "terms", "note", ".md", None, "Glossary",
         ": `<slug of the term>.md`, the fields below (without `note:`) as YAML front matter between "
         "two `---` lines, then the note as the Markdown body"),
    Kind("notes", "notes", "text", ".md", "id", "Editors' notes",
         ": `<id>.md`, the fields below (without `id:`, the file name, and `text:`) as "
         "YAML front matter between two `---` lines, then the note's text as the Markdown body. "
         "`number` is the note's published number, never changed or reused; a new note has none "
         "(`make new-note`) and is shown with the next free one until `make number-notes` writes it "
         "when the note is merged"),
    Kind("editorial", "explained", None, ".yml", None, "Explanations of editorial items",
         ": `[<source-id>--]<kind>-<slug of the text>.yml` (`make explain` names it), a YAML mapping "
         "of the fields below; the file name is only a label. One explanation per file: two pull "
         "requests that add different sources never touch the same file"),
)}

#: Files in an entry folder that are documentation, not entries.
NOT_ENTRIES = frozenset({"README.md"})

_FENCE = re.compile(r"---[ \t]*\r?$")


def entry_files(folder, kind: Kind) -> list:
    """The entry files of *folder* (a Path), sorted by name: every file with
    the kind's suffix but README.md. Hidden files (an editor's swap file) are
    left out."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(path for path in folder.iterdir()
                  if path.name.endswith(kind.suffix) and path.name not in NOT_ENTRIES
                  and not path.name.startswith("."))


def body_to_text(lines: list[str]) -> str:
    """The prose value of a body: its paragraphs (separated by blank lines),
    each paragraph's lines joined by one space; paragraphs joined by a
    newline, as YAML's folded ``>-`` style read them."""
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n".join(paragraphs)


def parse_entry(raw: bytes, stem: str, kind: Kind, display: str) -> tuple[LineDict | None, list[Problem]]:
    """Read one entry file (see the module docstring); ``(None, problems)``
    when it cannot be read at all."""
    if kind.body is None:
        data, problems = parse_yaml_bytes(raw, display)
        return _finish(data, problems, stem, kind, display, None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return parse_yaml_bytes(raw, display)           # words the problem
    lines = text.split("\n")
    if not lines or not _FENCE.fullmatch(lines[0]):
        return None, [Problem(display, 1, "the file must start with a line `---`: add it, then the fields "
                              f"(YAML), then a line `---`, then the {_prose(kind)} (see "
                              f"sources/{kind.name}/README.md)")]
    close = next((i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i])), None)
    if close is None:
        return None, [Problem(display, 1, "the front matter opened by `---` on line 1 is never closed: add a "
                              f"line `---` after the last field, before the {_prose(kind)}")]
    # One empty line for the opening `---`: the YAML parser then counts
    # the lines of the file itself.
    front = ("\n" + "\n".join(lines[1:close])).encode("utf-8")
    data, problems = parse_yaml_bytes(front, display) if any(
        line.strip() and not line.lstrip().startswith("#") for line in lines[1:close]) else (_empty(), [])
    if problems:
        return None, problems
    body_lines = lines[close + 1:]
    first = next((i for i, line in enumerate(body_lines) if line.strip()), None)
    body = None
    if first is not None:
        body = (body_to_text(body_lines), close + 2 + first)
    return _finish(data, problems, stem, kind, display, body)


def _empty() -> LineDict:
    """Front matter without fields (only blank lines or comments)."""
    empty = LineDict()
    empty.line, empty.key_lines = 1, {}
    return empty


def _body_required(kind: Kind) -> bool:
    from scripts.schemacheck import input_schema

    return kind.body in input_schema(kind.name).get("required", ())


def _prose(kind: Kind) -> str:
    return {"summary": "summary", "text": "note's text", "note": "term's note"}.get(kind.body, "body")


def _finish(data, problems, stem: str, kind: Kind, display: str, body) -> tuple[LineDict | None, list[Problem]]:
    if problems or data is None:
        if data is None and not problems:
            problems = [Problem(display, 1, "the file is empty; write its fields (see "
                                f"sources/{kind.name}/README.md)")]
        return None, problems
    if not isinstance(data, LineDict):
        shown = "a list" if isinstance(data, list) else "text"
        return None, [Problem(display, getattr(data, "line", 1) or 1, f"the fields must be `key: value` lines; "
                              f"this is {shown} (see sources/{kind.name}/README.md)")]
    found = []
    if kind.id_key and kind.id_key in data:
        found.append(Problem(display, data.line_of(kind.id_key), f"`{kind.id_key}:` is the file name; remove "
                             f"this line (rename the file to change the {kind.id_key})"))
    if kind.body and kind.body in data:
        found.append(Problem(display, data.line_of(kind.body), f"`{kind.body}:` is the text after the "
                             f"front matter; move it below the closing `---` (without `{kind.body}:`)"))
    if kind.body and body is None and _body_required(kind):
        found.append(Problem(display, len(data.key_lines) and max(data.key_lines.values()) + 1 or 2,
                             f"the {_prose(kind)} is missing: write it after the closing `---`"))
    if found:
        return None, found
    entry = LineDict()
    entry.line = 1
    entry.key_lines = {}
    if kind.id_key:
        entry[kind.id_key] = stem
        entry.key_lines[kind.id_key] = 1
    for key, value in data.items():
        entry[key] = value
        entry.key_lines[key] = data.line_of(key)
    if kind.body and body is not None:
        entry[kind.body] = body[0]
        entry.key_lines[kind.body] = body[1]
    entry.origin = display
    return entry, []


# --------------------------------------------------------------- whole kinds
# For programs that write or read many entries at once (bench/corpus.py,
# the tests' helpers): plain data in, plain data out.

#: The longest slug of an explanation's text in its file name.
EXPLANATION_SLUG_LENGTH = 60


def entry_stem(kind: Kind, entry: dict) -> str:
    """The file name (without suffix) of *entry*, a plain mapping: its id; a
    glossary term: the slug of the term; an explanation: its item kind and
    the slug of (the start of) its text (``unknown-name-middle-east``)."""
    from slugify import slugify

    if kind.id_key:
        return entry[kind.id_key]
    if kind.name == "editorial":
        return f"{entry['kind']}-{slugify(entry['text'], max_length=EXPLANATION_SLUG_LENGTH, word_boundary=True)}"
    return slugify(entry["term"])


def file_name(kind: Kind, entry: dict) -> str:
    """The file name of *entry* (a plain mapping with its id or term)."""
    return f"{entry_stem(kind, entry)}{kind.suffix}"


def dump_entry(kind: Kind, entry: dict) -> str:
    """The text of *entry*'s file: the fields but the id as YAML (front
    matter for a Markdown kind) in the documented layout (list items two
    spaces under their key), the prose field as the body."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow=False, **options):
            # Never indentless: list items two spaces under their key.
            return super().increase_indent(flow, **{**options, "indentless": False})

    fields = {k: v for k, v in entry.items() if k != kind.id_key and k != kind.body}
    front = yaml.dump(fields, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=4096) if fields else ""
    if kind.body is None:
        return front
    body = entry.get(kind.body)
    if body is None:
        return f"---\n{front}---\n"
    return "---\n" + front + "---\n\n" + "\n\n".join(str(body).split("\n")) + "\n"


def write_entries(sources, name: str, entries: list[dict]) -> list:
    """Write each entry of kind *name* to its own file under *sources*
    (a Path to a ``sources/`` folder), replacing the folder's entry files.
    Notes without ``number`` are numbered in list order. Returns the paths."""
    kind = KINDS[name]
    folder = sources / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in entry_files(folder, kind):
        old.unlink()
    written = []
    for index, entry in enumerate(entries, start=1):
        if name == "notes" and "number" not in entry:
            entry = {"number": index, **entry}
        path = folder / file_name(kind, entry)
        if path in written:         # two explanations whose texts start alike
            path = folder / f"{entry_stem(kind, entry)}-{index}{kind.suffix}"
        path.write_text(dump_entry(kind, entry), "utf-8")
        written.append(path)
    return written


def read_entries(sources, name: str) -> list[dict]:
    """The entries of kind *name* under *sources* as plain data (with their
    id), in file-name order (notes: in number order). Unreadable files are
    left out."""
    import json

    kind = KINDS[name]
    found = []
    for path in entry_files(sources / name, kind):
        entry, _problems = parse_entry(path.read_bytes(), path.name[: -len(kind.suffix)], kind, str(path))
        if entry is not None:
            found.append(json.loads(json.dumps(entry)))
    if name == "notes":
        found.sort(key=lambda n: n.get("number") if isinstance(n.get("number"), int) else 0)
    return found
