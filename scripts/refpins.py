"""References that cannot drift (issue 21): a paragraph reference may pin the
text it means, ``[[source-id/pN#a1b2c3]]`` in prose, ``source-id/pN#a1b2c3``
in a field that lists passages (``passages:``, a role's ``passage:`` …): the first six hex digits of the
SHA-256 of the paragraph's text (white space folded). When cleaning rules or
a new edition of a text move paragraphs, the claims stage (prose) and the
gate (fields) report each reference whose paragraph no longer holds the
pinned text, with the number where that text is now
(:func:`scripts.claims.references.drift` decides and words it);
``make fix-refs`` rewrites them, and ``make pin-refs`` adds the
pin to references that have none.

The pin is an editors' check only: readers see the same links with or
without it.

In: the project's paths (passages are computed by the load, validate,
clean and segment stages); Out: rewritten files and the list of changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scripts.claims.references import drift, pin_of
from scripts.paths import ProjectPaths

#: A passage reference with an optional pin, inside a [[…]] group.
PINNED_REF = re.compile(r"(?P<source>[a-z0-9]+(?:-[a-z0-9]+)*)/p(?P<number>[1-9][0-9]*)(?:#(?P<pin>[0-9a-f]{6}))?")
REF_GROUP = re.compile(r"\[\[([^\[\]]*)\]\]")

def current_passages(paths: ProjectPaths) -> dict:
    """{source id: {passage number: text}} as the pipeline segments them now."""
    from scripts.errors import ProblemLog
    from scripts.pipeline import clean_body
    from scripts.stages.load import load
    from scripts.stages.segment import segment
    from scripts.stages.validate import validate

    log = ProblemLog()
    valid = validate(load(paths, log), log)
    found = {}
    for entry in valid.catalog:
        raw = valid.texts.get(entry.id)
        if raw is None:
            continue
        # The pipeline's own cleaning (a TEI document's paragraphs, a text's rules).
        _body, passages = segment(clean_body(entry, raw, entry.rules + valid.generic_rules))
        found[entry.id] = {p.number: p.text for p in passages}
    return found


@dataclass(frozen=True)
class Change:
    path: str
    line: int
    old: str
    new: str


def moved(ref: str, passages: dict, add: bool) -> str:
    """*ref* (``source/pN`` or ``source/pN#pin``) moved to the paragraph that
    holds its pinned text now; with *add*, an unpinned one gets its pin.
    Unchanged when its source is unknown or the text is nowhere (the gate
    names it)."""
    found = PINNED_REF.fullmatch(ref)
    if not found or found.group("source") not in passages:
        return ref
    source, number, pin = found.group("source"), int(found.group("number")), found.group("pin")
    numbered = passages[source]
    if pin is None:
        return f"{source}/p{number}#{pin_of(numbered[number])}" if add and number in numbered else ref
    drifted = drift(f"{source}/p{number}", pin, numbered.get(number), numbered.items())
    if drifted is not None and drifted.now is not None:
        return f"{source}/p{drifted.now}#{pin}"
    return ref


def rewrite(text: str, passages: dict, add: bool, fields: tuple[int, int] | None = None
            ) -> tuple[str, list[tuple[int, str, str]]]:
    """*text* with each pinned reference moved to the paragraph that holds
    its pinned text now (and, with *add*, a pin added to each reference
    without one): the ``[[…]]`` groups of prose everywhere, and the bare
    references of the fields that list passages in the span *fields* of the
    text (see :func:`field_span`). Returns the new text and (line, old, new)
    of each change."""
    changes = []

    def note(match: re.Match, old: str, new: str) -> None:
        if new != old:
            changes.append((text.count("\n", 0, match.start()) + 1, old, new))

    def group(match: re.Match) -> str:
        items = []
        for item in match.group(1).split(","):
            stripped = item.strip()
            new = moved(stripped, passages, add)
            note(match, stripped, new)
            items.append(item.replace(stripped, new))
        return "[[" + ",".join(items) + "]]"

    def bare(match: re.Match) -> str:
        if match.group("ref") is None:
            return match.group(0)           # a [[…]] group: done above
        new = moved(match.group("ref"), passages, add)
        note(match, match.group("ref"), new)
        return new

    new_text = REF_GROUP.sub(group, text)
    if fields is not None:
        start, end = fields
        new_text = new_text[:start] + GROUP_OR_BARE.sub(bare, new_text[start:end]) + new_text[end:]
    return new_text, sorted(changes)


#: Outside [[…]] groups, a bare passage reference: what the fields that list
#: passages hold (a note's `passages:` and `target: passage:…`, an event's
#: `inferred.passages`, an actor's role `passage:` and `exists.support`, a
#: pin's `passage:`). They are pinned like the references of prose.
GROUP_OR_BARE = re.compile(r"\[\[[^\[\]]*\]\]|(?<![\w/#.-])(?P<ref>[a-z0-9]+(?:-[a-z0-9]+)*/p[1-9][0-9]*"
                           r"(?:#[0-9a-f]{6})?)(?![\w/#-])")


def field_span(path: Path, text: str) -> tuple[int, int] | None:
    """Where the fields of a file are that may list passages: the front
    matter of an entry's Markdown file, the whole of a pins file; None for
    any other file (prose only)."""
    if path.parent.name == "pins" and path.suffix == ".yml":
        return 0, len(text)
    if path.suffix == ".md" and text.startswith("---"):
        close = re.search(r"\n---[ \t]*\r?(\n|$)", text[3:])
        return (0, close.start() + 3) if close else None
    return None


def curated_files(paths: ProjectPaths) -> list[Path]:
    """The files whose prose carries references: entry files and docs pages."""
    from scripts.entryfiles import KINDS, entry_files

    files = [p for kind in KINDS.values() for p in entry_files(paths.entries(kind.name), kind)]
    claims = paths.yaml("claims")           # the assessments of disputed claims cite passages too
    if claims.is_file() and not claims.is_symlink():
        files.append(claims)
    pins = paths.sources / "pins"
    if pins.is_dir() and not pins.is_symlink():
        files += sorted(p for p in pins.glob("*.yml") if p.is_file() and not p.is_symlink())
    if paths.docs.is_dir():
        files += sorted(p for p in paths.docs.rglob("*.md") if p.is_file() and not p.is_symlink())
    return files


def fix(paths: ProjectPaths, add: bool = False, write: bool = True) -> list[Change]:
    """Rewrite the references of every curated file (see :func:`rewrite`)."""
    passages = current_passages(paths)
    changes = []
    for path in curated_files(paths):
        text = path.read_text("utf-8")
        new, found = rewrite(text, passages, add, field_span(path, text))
        if found and write:
            path.write_text(new, "utf-8")
        changes += [Change(paths.display(path), line, old, new_ref) for line, old, new_ref in found]
    return changes
