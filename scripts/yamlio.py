"""YAML loading that remembers line numbers, and problems for bad YAML.

PyYAML's plain ``safe_load`` forgets where a value came from; editors need
``sources/events/the-id.md:12`` to find their typo. :func:`load_yaml` returns
ordinary dicts and lists of subclasses that carry ``line`` (of the node) and
``key_lines`` / ``item_lines`` (of each key or item), so every later stage can
point at the exact line.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from scripts.errors import Problem
from scripts.rawtext import read_regular_file


class LineDict(dict):
    """A mapping from YAML with ``line`` and ``key_lines`` (1-based)."""

    line: int = 0
    key_lines: dict
    #: The display path of the file an entry was read from (scripts/entryfiles.py).
    origin: str = ""

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML with ``line`` and ``item_lines`` (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


# libyaml's C parser when PyYAML was built with it (the wheels are): several
# times faster on large files, with the same marks and the same safety.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """SafeLoader whose mappings and sequences know their line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            # Every key of the portal's files is a word; a list, a number or
            # `yes` as a key is a typo (and a list cannot even be a key).
            shown = "a list" if isinstance(key, list) else "a mapping" if isinstance(key, dict) else repr(key)
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {shown} is not text; keys are words such as `title:`. Write the "
                "key as text (quote it), or remove the stray `?`/`[`/`{`", key_node.start_mark)
        if key in result:
            # PyYAML silently keeps the last duplicate key; an editor almost
            # certainly pasted an entry twice, so say so.
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {result.key_lines[key]}); "
                "remove one of them", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp_as_string(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay strings: they are EDTF, checked by the EDTF library, and an
    # unquoted 2012-10-25 must not silently become a datetime.date.
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_string)


#: Bounded work (bench/hostile.py). Nesting deeper than this is not data an
#: editor writes (the portal's files nest 5 deep) and would exhaust Python's
#: recursion; anchors and aliases may repeat a value, but what they expand to
#: is limited, so that a small file of nested anchors ("billion laughs")
#: cannot make gigabytes.
MAX_DEPTH = 50
MAX_EXPANDED_NODES = 1_000_000


def _limit_problem(text: str, display_path: str) -> Problem | None:
    """Walk the YAML *events* once (no recursion, no construction): a
    problem at the line where nesting gets too deep or aliases expand to
    too much, else ``None``. Syntax errors are left to the loader."""
    sizes: dict = {}                # anchor → nodes it expands to
    stack: list = []                # [anchor, nodes so far] per open collection
    total = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    return Problem(display_path, event.start_mark.line + 1, f"the data is nested more than "
                                   f"{MAX_DEPTH} levels deep here; the portal's files need a few levels: remove "
                                   "the extra brackets or indentation")
                continue
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                anchor, size = event.anchor, 1
            elif isinstance(event, yaml.AliasEvent):
                anchor, size = None, sizes.get(event.anchor, 1)
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
            total += size
            if total > MAX_EXPANDED_NODES or size > MAX_EXPANDED_NODES:
                return Problem(display_path, event.start_mark.line + 1, "anchors and aliases (&name, *name) "
                               f"expand to more than {MAX_EXPANDED_NODES:,} values here; write the values out "
                               "instead of nesting aliases")
    except yaml.YAMLError:
        return None
    return None


def parse_yaml(text: str, display_path: str) -> tuple[object | None, list[Problem]]:
    """Parse YAML *text*; return ``(data, problems)``.

    On a syntax error the data is ``None`` and the one problem names the line
    and column PyYAML stopped at, with a hint about the usual causes. Too
    deep nesting and too large alias expansion are problems too (checked
    before anything is built), so no input can exhaust time, memory or the
    recursion limit.
    """
    too_much = _limit_problem(text, display_path)
    if too_much:
        return None, [too_much]
    try:
        return yaml.load(text, Loader=_LineLoader), []  # noqa: S506 - SafeLoader subclass
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps well below the limit
        return None, [Problem(display_path, 0, "the data is nested too deeply; remove the extra nesting")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        opened = error.context_mark
        if (opened and error.problem_mark and opened.line < error.problem_mark.line
                and error.context and ("flow" in error.context or "quoted" in error.context)):
            # An unclosed bracket or quotation mark is noticed lines later;
            # the mistake is where it was opened.
            what += f" (noticed at line {error.problem_mark.line + 1}; is a bracket or quote left open?)"
            mark = opened
        line = mark.line + 1 if mark else 0
        column = f" (column {mark.column + 1})" if mark else ""
        if what.startswith(("duplicate key", "the key ")):
            return None, [Problem(display_path, line, what)]
        fix = likely_fix(text, error)
        if fix:
            # The likely cause, at the line where it is: the editor reads one
            # message that says what to change.
            line = fix[0]
            return None, [Problem(display_path, line, f"YAML syntax error{column}: {what}. Likely cause: {fix[1]}")]
        return None, [Problem(display_path, line, f"YAML syntax error{column}: {what}. "
                              "Check indentation (spaces, not tabs), a missing ':' after a key, "
                              "or quote values that contain ': ' or start with a special character.")]
    except yaml.YAMLError as error:  # pragma: no cover - non-marked errors are rare
        return None, [Problem(display_path, 0, f"YAML error: {error}")]


#: A single-quoted value that goes on after its closing quote: an apostrophe
#: inside it ended it ('Iraq's state').
_SINGLE_QUOTED_CUT = re.compile(r"""(?:^|[:\[{,-]\s)\s*'(?:[^']|'')*'[ \t]*[^\s,\]}#:]""")
_DOUBLE_QUOTED_CUT = re.compile(r"""(?:^|[:\[{,-]\s)\s*"(?:[^"\\]|\\.)*"[ \t]*[^\s,\]}#:]""")
_DOUBLE_QUOTE = re.compile(r'(?<!\\)"')
_PLAIN_WITH_COLON = re.compile(r"^\s*(?:- )?[\w-]+: [^'\"\[{>|#][^#]*: ")


def likely_fix(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """The usual cause of a YAML syntax error an editor makes, and the line
    it is on: (line, what to do), or None when none of them fits."""
    lines = text.split("\n")
    marks = [m for m in (error.problem_mark, error.context_mark) if m is not None]
    candidates = sorted({m.line for m in marks}, reverse=True)
    problem = (error.problem or "") + " " + (error.context or "")
    # A double quote opened and not closed on its line: YAML reads on, over
    # the following lines, and stops far below; the mistake is where it opened.
    last = max(candidates) if candidates else -1
    for index, line in enumerate(lines[: last + 1]):
        if line.lstrip().startswith("#") or "'" in line.split('"')[0]:
            continue
        if len(_DOUBLE_QUOTE.findall(line)) % 2 and not _DOUBLE_QUOTED_CUT.search(line):
            return index + 1, "a quotation mark opened on this line is never closed; close it at the end of the value"
    for index in candidates:
        line = lines[index] if 0 <= index < len(lines) else ""
        if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in problem:
            return index + 1, ("a tab in the indentation; YAML indents with spaces only: replace the tab "
                               "by spaces (two per level)")
        if _SINGLE_QUOTED_CUT.search(line):
            return index + 1, ("an apostrophe inside a single-quoted value ends the value; double it ('') or "
                               "put the value in double quotes instead")
        if _DOUBLE_QUOTED_CUT.search(line):
            return index + 1, ("a double quote inside a double-quoted value ends the value; write it as \\\" "
                               "or put the value in single quotes instead")
    if "quoted scalar" in problem and "end of stream" in problem and error.context_mark is not None:
        return error.context_mark.line + 1, ("a quotation mark opened here is never closed; close it at the end "
                                             "of the value")
    for index in candidates:
        line = lines[index] if 0 <= index < len(lines) else ""
        if "mapping values are not allowed" in problem and _PLAIN_WITH_COLON.search(line):
            return index + 1, "a value containing ': ' must be quoted; put the whole value in double quotes"
    if "expected key" in problem or "expected <block end>" in problem or "mapping values" in problem:
        index = candidates[0] if candidates else 0
        return index + 1, ("the indentation of this line does not match the lines above it; indent a field "
                           "like the other fields of its entry (two spaces per level, never tabs)")
    return None


def read_yaml_file(path: Path, display_path: str) -> tuple[object | None, list[Problem]]:
    """Read and parse a YAML file; problems for missing files, symbolic
    links, folders, bad bytes and an empty file too."""
    if not path.exists() and not path.is_symlink():
        return None, [Problem(display_path, 0, "file not found; create it (see CONTRIBUTING.md) "
                              "or restore it with `git checkout -- " + display_path + "`")]
    raw = read_regular_file(path, display_path, limit=None)
    if isinstance(raw, Problem):
        return None, [raw]
    return parse_yaml_bytes(raw, display_path)


def parse_yaml_bytes(raw: bytes, display_path: str) -> tuple[object | None, list[Problem]]:
    """Decode UTF-8 *raw* and parse it (problems for bytes that are not UTF-8
    and for an empty file)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(display_path, line, "not valid UTF-8 "
                              f"(byte 0x{raw[error.start]:02x}); save the file as UTF-8")]
    data, problems = parse_yaml(text, display_path)
    if data is None and not problems:
        problems = [Problem(display_path, 1, "the file is empty (or holds only comments); write its "
                            "top-level key and entries (see CONTRIBUTING.md), or restore it with "
                            f"`git checkout -- {display_path}`")]
    return data, problems
