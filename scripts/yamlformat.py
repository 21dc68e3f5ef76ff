"""Readable diffs: the curated YAML keeps one layout.

A pull request that moves ``summary:`` above ``name:`` or re-indents a list
shows dozens of changed lines for no change of meaning, and reviewers miss
the one line that matters. This module checks that every file under
``sources/`` keeps

* the documented field order in every entry (and in nested entries:
  authors, roles, native names, citations, cleaning rules). The order is
  the order of ``properties`` in the file's JSON Schema
  (``scripts/schemas/inputs/``), which is also the order documented in the
  comment at the top of each file and in CONTRIBUTING.md;
* 2-space indentation (nested fields 2 spaces deeper than their key, list
  dashes 2 spaces deeper than the key that holds the list, the text of a
  ``>-`` block 2 spaces deeper than its key);
* no tab characters, no trailing spaces, Unix line endings and exactly one
  newline at the end of the file.

For an entry file (``sources/events/<id>.md`` …) the front matter is
checked (at the file's own line numbers); the Markdown body is free.
Every deviation is reported as ``path:line: message``; nothing is rewritten
(``python -m scripts format-check``). Comments and blank lines are free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.entryfiles import KINDS, entry_files
from scripts.errors import Problem
from scripts.paths import YAML_FILES, ProjectPaths
from scripts.schemacheck import input_schema
from scripts.yamlio import parse_yaml

INDENT = 2


@dataclass
class Shape:
    """The documented fields of one kind of mapping, and the shapes of its
    nested mappings (by key)."""

    order: list[str]
    children: dict[str, Shape] = field(default_factory=dict)


def _shape(schema: dict) -> Shape | None:
    """The :class:`Shape` of an object schema, or of the items of an array schema."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        schema = schema["items"]
    if schema.get("type") != "object" or "properties" not in schema:
        return None
    shape = Shape(list(schema["properties"]))
    for key, sub in schema["properties"].items():
        child = _shape(sub)
        if child is not None:
            shape.children[key] = child
    return shape


def shape_of(name: str) -> Shape:
    """Documented layout of ``sources/<name>.yml`` or of one entry file of
    ``sources/<name>/`` (from its input schema)."""
    return _shape(input_schema(name))


def field_order(name: str) -> list[str]:
    """The documented field order of the entries of kind *name* (``events`` …)
    or of the items of ``sources/<name>.yml``."""
    top = shape_of(name)
    if name in KINDS:
        return top.order
    (child,) = top.children.values()
    return child.order


# --------------------------------------------------------------------- lines

def _line_problems(text: str, display: str) -> list[Problem]:
    problems = []
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(display, line, "Windows line endings (CR LF); save the file with Unix "
                                "line endings (LF)"))
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if "\t" in line:
            where = "in the indentation" if line[: len(line) - len(line.lstrip())].count("\t") else "in the line"
            problems.append(Problem(display, number, f"tab character {where}; use spaces (2 per level)"))
        if line != line.rstrip(" \t"):
            problems.append(Problem(display, number, "trailing spaces; remove them"))
    if text and not text.endswith("\n"):
        problems.append(Problem(display, len(lines), "no newline at the end of the file; add one"))
    elif text.endswith("\n\n"):
        last = len(text.rstrip("\n").split("\n"))
        problems.append(Problem(display, last + 1, "blank lines at the end of the file; remove them"))
    return problems


# ------------------------------------------------------------------ structure

def _misplaced(keys: list[str], order: list[str]) -> set[int]:
    """Positions (in *keys*) of documented keys that break the order: the keys
    outside one longest run already in documented order, so that moving a
    single field is reported once, on that field's line."""
    known = [(i, order.index(k)) for i, k in enumerate(keys) if k in order]
    best: list[list[int]] = []          # best[j]: longest increasing chain ending at known[j]
    for j, (_, rank) in enumerate(known):
        chain = []
        for m in range(j):
            if known[m][1] < rank and len(best[m]) > len(chain):
                chain = best[m]
        best.append(chain + [j])
    keep = set(max(best, key=len)) if best else set()
    return {known[j][0] for j in range(len(known)) if j not in keep}


def _order_problems(node: yaml.MappingNode, shape: Shape, display: str, what: str) -> list[Problem]:
    keys = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in node.value]
    problems = []
    for position in sorted(_misplaced(keys, shape.order)):
        key = keys[position]
        rank = shape.order.index(key)
        present = [k for k in keys if k in shape.order and k != key]
        before = [k for k in present if shape.order.index(k) < rank]
        if before:
            where = f"move it just after '{max(before, key=shape.order.index)}'"
        else:
            where = f"move it just before '{min(present, key=shape.order.index)}'"
        line = node.value[position][0].start_mark.line + 1
        problems.append(Problem(display, line, f"field '{key}' is out of order in this {what}; {where} "
                                f"(documented order: {', '.join(shape.order)})"))
    return problems


def _is_block(node) -> bool:
    return isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style


def _first_text_line(lines: list[str], start: int, end: int) -> int | None:
    """0-based index of the first non-blank line in [start, end]."""
    for index in range(start, min(end, len(lines) - 1) + 1):
        if lines[index].strip():
            return index
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _scalar_indent_problems(value: yaml.ScalarNode, column: int, lines, display) -> list[Problem]:
    """Text of a ``>-`` / ``|`` block, or continuation lines of a long value,
    is indented 2 spaces more than its key (at *column*)."""
    first, last = value.start_mark.line, value.end_mark.line
    if value.style in ("|", ">"):
        start = first + 1
    elif last > first:
        start = first + 1
    else:
        return []
    index = _first_text_line(lines, start, last)
    if index is None:
        return []
    expected = column + INDENT
    if _indent(lines[index]) != expected:
        return [Problem(display, index + 1, f"this text is indented {_indent(lines[index])} spaces; indent "
                        f"it {expected} (2 more than its key)")]
    return []


def _walk(node, shape: Shape | None, display: str, lines: list[str], what: str) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        column = node.start_mark.column
        if shape is not None:
            problems += _order_problems(node, shape, display, what)
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child = shape.children.get(key) if shape is not None else None
            if node.flow_style:
                problems += _walk(value, child, display, lines, key or what)
                continue
            if _is_block(value):
                expected = column + INDENT
                actual = value.start_mark.column
                if actual != expected:
                    kind = "list items ('- ')" if isinstance(value, yaml.SequenceNode) else "nested fields"
                    problems.append(Problem(display, value.start_mark.line + 1,
                                            f"{kind} under '{key}' are indented {actual} spaces; indent them "
                                            f"{expected} (2 more than '{key}')"))
            elif isinstance(value, yaml.ScalarNode):
                problems += _scalar_indent_problems(value, column, lines, display)
            problems += _walk(value, child, display, lines, _singular(key) if key else what)
    elif isinstance(node, yaml.SequenceNode):
        dash = node.start_mark.column
        for item in node.value:
            if _is_block(item) and not node.flow_style and item.start_mark.column != dash + INDENT:
                problems.append(Problem(display, item.start_mark.line + 1,
                                        f"write one space after '- ' (the entry's fields start "
                                        f"{item.start_mark.column - dash} columns after the dash, expected {INDENT})"))
            elif isinstance(item, yaml.ScalarNode) and not node.flow_style:
                problems += _scalar_indent_problems(item, dash, lines, display)
            problems += _walk(item, shape, display, lines, what)
    return problems


def _singular(key: str) -> str:
    words = {"sources": "source entry", "actors": "actor", "events": "event", "periods": "period",
             "terms": "glossary term", "rules": "cleaning rule", "cleaning": "cleaning rule",
             "authors": "author", "roles": "role", "native_names": "native name", "citations": "citation",
             "explained": "explanation"}
    return words.get(key, key)


def check_text(text: str, name: str, display: str) -> list[Problem]:
    """Every layout problem of the YAML *text* of ``sources/<name>.yml``, or
    of one entry file of ``sources/<name>/`` (its front matter, for a
    Markdown file)."""
    problems = _line_problems(text, display)
    if name in KINDS and KINDS[name].body:
        lines = text.replace("\r\n", "\n").split("\n")
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if not lines or lines[0].rstrip() != "---" or close is None:
            return sorted(set(problems))    # the loader words what is wrong
        # Blank lines keep the file's line numbers in the front matter.
        text = "\n" * 1 + "\n".join(lines[1:close]) + "\n"
        if not text.strip():
            return sorted(set(problems))
    data, syntax = parse_yaml(text, display)
    if syntax:
        return syntax                   # one cause, one message: the syntax error names the tab too
    if data is None:
        return sorted(set(problems))
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = text.replace("\r\n", "\n").split("\n")
    if isinstance(root, yaml.MappingNode) and root.start_mark.column != 0:
        problems.append(Problem(display, root.start_mark.line + 1, "the top-level key must start at the "
                                "beginning of the line (no indentation)"))
    what = _singular(KINDS[name].list_key) if name in KINDS else "file"
    problems += _walk(root, shape_of(name), display, lines, what)
    return sorted(set(problems))


def _name_of(path: Path) -> str | None:
    """The schema name of a curated file: ``events`` for an event file,
    ``cleaning`` for sources/cleaning.yml; None for any other file."""
    if path.parent.name in KINDS and path.name.endswith(KINDS[path.parent.name].suffix) \
            and path.name != "README.md":
        return path.parent.name
    return path.stem if path.suffix == ".yml" and path.stem in YAML_FILES else None


def check_file(path: Path, paths: ProjectPaths) -> list[Problem]:
    display = paths.display(path)
    name = _name_of(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return [Problem(display, 0, "file not found")]
    except UnicodeDecodeError as error:
        return [Problem(display, 0, f"not valid UTF-8 ({error.reason}); save the file as UTF-8")]
    return check_text(text, name, display)


def default_files(paths: ProjectPaths) -> list[Path]:
    return [paths.yaml(name) for name in YAML_FILES if paths.yaml(name).exists()] + [
        path for kind in KINDS.values() for path in entry_files(paths.entries(kind.name), kind)]


def check(paths: ProjectPaths, files: list[Path] | None = None) -> tuple[list[Problem], list[Path]]:
    """Problems of *files* (default: every curated YAML file that exists)."""
    chosen = default_files(paths) if not files else files
    problems: list[Problem] = []
    checked = []
    for path in chosen:
        if _name_of(path) is None:
            continue                    # not a curated file (pre-commit may pass others)
        checked.append(path)
        problems += check_file(path, paths)
    return problems, checked
