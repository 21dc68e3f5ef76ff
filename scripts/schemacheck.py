"""JSON Schema validation of the curated YAML, with messages for editors.

``jsonschema`` says *what* is wrong in its own terms ("'persn' is not one of
[...]"); an editor who just made a typo needs *where* (file:line) and *how to
fix it*. This module turns one into the other.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path

import jsonschema

from scripts.errors import Problem
from scripts.reuse import Same, reusable
from scripts.yamlio import LineDict, LineList

SCHEMA_DIR = Path(__file__).parent / "schemas"


@cache
def input_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / "inputs" / f"{name}.schema.json").read_text("utf-8"))


def _line_at(document, path) -> int:
    """Line of the deepest node of *path* that we know a line for."""
    node, line = document, getattr(document, "line", 0)
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line = node.line_of(step)
            node = node[step]
        else:
            break
    return line


_SINGULAR = {"actors": "actor", "events": "event", "periods": "period", "sources": "source",
             "terms": "term", "rules": "rule", "explained": "item", "citations": "citation",
             "roles": "role", "authors": "author", "cleaning": "rule", "native_names": "name",
             "readings": "reading", "quantities": "quantity", "notes": "note"}

#: Fields that the format no longer has, and what replaces them.
_REMOVED = {"disputed": "remove it: `disputed` is computed (an event is disputed when it has a `dispute:` "
                        "block with kind, assessment and readings)"}
#: Values a field no longer allows, and what to do instead (a near spelling
#: would send the editor the wrong way).
_RETIRED = {"unpaged-reference": "a reference without its page cannot be explained: give the page in the note "
                                 "(`pages:`), cite what you checked (a document by number, a web page by its "
                                 "address) or drop the fact and its reference, and delete this entry "
                                 "(check: unpaged-reference)"}


def _missing_line(error, missing: str, line: int) -> tuple[int, str]:
    """Where a missing field goes: the line of the field before it in the
    documented order (the schema's), and words saying so; else *line*."""
    order = list(error.schema.get("properties", {}))
    instance = error.instance
    if missing not in order or not isinstance(instance, LineDict):
        return line, ""
    before = [key for key in order[: order.index(missing)] if key in instance and instance.line_of(key)]
    if not before:
        return line, ""
    return instance.line_of(before[-1]), f" after `{before[-1]}:`"


def _where(document, path) -> str:
    """Say where in a document a path points, naming entries by their id:
    ``actor 'ibn-khordadbeh': kind`` rather than ``actors[25].kind``."""
    parts, node, parent_key = [], document, None
    for index, step in enumerate(path):
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            label = _SINGULAR.get(parent_key, "item")
            name = item.get("id") or item.get("term") if isinstance(item, dict) else None
            parts.append(f"{label} {name!r}" if isinstance(name, str) else f"{label} {step + 1}")
            node = item
        else:
            if isinstance(node, dict) and step in node:
                # A list is named by its items ("author 1, name"), unless it
                # is itself what is wrong ("publisher: must be text").
                if not isinstance(node[step], list) or index == len(path) - 1:
                    parts.append(str(step))
                node, parent_key = node[step], step
            else:
                parts.append(str(step))
                node = None
    return ", ".join(parts) or "the file"


_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping (key: value lines)",
               "integer": "a whole number", "boolean": "true or false", "null": "null"}


def _type_words(expected) -> str:
    expected = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(t, t) for t in expected)


def schema_problems(document, schema_name: str, display: str) -> list[Problem]:
    """Every schema violation of *document*, as problems with lines and hints.
    Reusable by the document's identity (scripts/reuse.py): the document of
    an unchanged YAML file is the very object of the last run (stages/load.py)."""
    return list(_kept_schema_problems(Same(document), schema_name, display))


@reusable
def _kept_schema_problems(document: Same, schema_name: str, display: str) -> tuple[Problem, ...]:
    return tuple(_schema_problems(document.value, schema_name, display))


def _schema_problems(document, schema_name: str, display: str) -> list[Problem]:
    schema = input_schema(schema_name)
    problems = []
    errors = jsonschema.Draft202012Validator(schema).iter_errors(document)
    for error in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        line = _line_at(document, path)
        where = _where(document, path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            field_schema = error.schema.get("properties", {}).get(missing, {})
            types = field_schema.get("type", [])
            hint = " (use null if unknown)" if "null" in (types if isinstance(types, list) else [types]) else ""
            if field_schema.get("description"):
                hint += f": {field_schema['description']}"
            line, after = _missing_line(error, missing, line)
            message = ("" if where == "the file" else f"{where}: ") + \
                f"the field '{missing}' is missing; add `{missing}:`{after}{hint}"
        elif error.validator == "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else f"allowed fields: {', '.join(allowed)}"
                fix = _REMOVED.get(key, fix)
                key_line = error.instance.line_of(key) if isinstance(error.instance, LineDict) else line
                problems.append(Problem(display, key_line, f"{where}: unknown field '{key}'; {fix}"))
            continue
        elif error.validator == "enum":
            options = error.validator_value
            hint = difflib.get_close_matches(str(error.instance), [str(o) for o in options], n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else "use one of: " + ", ".join(map(str, options))
            fix = _RETIRED.get(str(error.instance), fix)
            message = f"{where}: {error.instance!r} is not allowed; {fix}"
        elif error.validator == "type":
            got = type(error.instance).__name__.replace("LineDict", "mapping").replace("LineList", "list")
            got = {"str": "text", "NoneType": "nothing (null)", "int": "a number", "bool": "true/false"}.get(got, got)
            message = f"{where}: must be {_type_words(error.validator_value)}, not {got}"
            if error.instance is None and error.schema.get("description"):
                # A field left empty (as a scaffold leaves what only the editor knows): what to write.
                message = f"{where}: not filled in yet (null); write {error.schema['description']}"
            elif error.schema.get("description") and error.validator_value != "string":
                message += f" ({error.schema['description']})"
            if error.validator_value == "array" and isinstance(error.instance, str):
                message += f"; write it as a list: [{error.instance}]"
            elif "string" in (error.validator_value if isinstance(error.validator_value, list)
                              else [error.validator_value]) and isinstance(error.instance, (bool, int, float)):
                example = "" if isinstance(error.instance, bool) else f', e.g. "{error.instance}"'
                message += f"; put the value in quotes{example} (unquoted, YAML reads it as {got})"
        elif error.validator == "pattern":
            described = error.schema.get("description", f"the pattern {error.validator_value}")
            message = f"{where}: {error.instance!r} is not valid; it must be {described}"
        elif error.validator == "minItems":
            key = f"`{path[-1]}:` " if path and isinstance(path[-1], str) else ""
            message = f"{where}: {key}must not be empty; add at least one entry (see CONTRIBUTING.md)"
        elif error.validator == "minLength":
            message = f"{where}: must not be empty; write the text or remove the field"
        elif error.validator == "uniqueItems":
            message = f"{where}: lists the same value twice; remove the repetition"
        else:
            message = f"{where}: {error.message}"
        problems.append(Problem(display, line, message))
    if problems and schema_name in UNREAD_UNTIL_VALID:
        # Said once, with the first problem: an entry the schema refuses is
        # skipped whole (one cause, one message), which would otherwise hide
        # its consequences (a new text's cleaning rules silently unused).
        first = problems[0]
        problems[0] = Problem(first.path, first.line, f"{first.message}; {UNREAD_UNTIL_VALID[schema_name]}")
    return problems


#: What is not done with an entry of a kind while its schema problems last.
UNREAD_UNTIL_VALID = {
    "catalog": "until this is fixed the whole catalog entry is not read: its text is not built, its own "
               "`cleaning:` rules are not applied (the dry run shows the text without them) and its "
               "unfinished fields are not listed",
}
