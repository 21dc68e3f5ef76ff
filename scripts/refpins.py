"""References that cannot drift (issue 21): a paragraph reference may pin the
text it means, ``[[source-id/pN#a1b2c3]]``: the first six hex digits of the
SHA-256 of the paragraph's text (white space folded). When cleaning rules or
a new edition of a text move paragraphs, the claims stage reports each
reference whose paragraph no longer holds the pinned text, with the number
where that text is now; ``make fix-refs`` rewrites them, and
``python -m scripts pin-refs`` adds the pin to references that have none.

The pin is an editors' check only: readers see the same links with or
without it.

In: the project's paths (passages are computed by the load, validate,
clean and segment stages); Out: rewritten files and the list of changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scripts.claims.references import pin_of
from scripts.paths import ProjectPaths

#: A passage reference with an optional pin, inside a [[…]] group.
PINNED_REF = re.compile(r"(?P<source>[a-z0-9]+(?:-[a-z0-9]+)*)/p(?P<number>[1-9][0-9]*)(?:#(?P<pin>[0-9a-f]{6}))?")
REF_GROUP = re.compile(r"\[\[([^\[\]]*)\]\]")

def current_passages(paths: ProjectPaths) -> dict:
    """{source id: {passage number: text}} as the pipeline segments them now."""
    from scripts.errors import ProblemLog
    from scripts.pipeline import _clean as clean_body
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


def rewrite(text: str, passages: dict, add: bool) -> tuple[str, list[tuple[int, str, str]]]:
    """*text* with each pinned reference moved to the paragraph that holds
    its pinned text now (and, with *add*, a pin added to each reference
    without one). Returns the new text and (line, old, new) of each change."""
    changes = []

    def group(match: re.Match) -> str:
        items = []
        for item in match.group(1).split(","):
            stripped = item.strip()
            found = PINNED_REF.fullmatch(stripped)
            if not found or found.group("source") not in passages:
                items.append(item)
                continue
            source, number, pin = found.group("source"), int(found.group("number")), found.group("pin")
            numbered = passages[source]
            new = stripped
            if pin is None and add and number in numbered:
                new = f"{source}/p{number}#{pin_of(numbered[number])}"
            elif pin is not None and (number not in numbered or pin_of(numbered[number]) != pin):
                moved = [n for n, text in numbered.items() if pin_of(text) == pin]
                if len(moved) == 1:
                    new = f"{source}/p{moved[0]}#{pin}"
            if new != stripped:
                line = text.count("\n", 0, match.start()) + 1
                changes.append((line, stripped, new))
            items.append(item.replace(stripped, new))
        return "[[" + ",".join(items) + "]]"

    return REF_GROUP.sub(group, text), changes


def curated_files(paths: ProjectPaths) -> list[Path]:
    """The files whose prose carries references: entry files and docs pages."""
    from scripts.entryfiles import KINDS, entry_files

    files = [p for kind in KINDS.values() for p in entry_files(paths.entries(kind.name), kind)]
    if paths.docs.is_dir():
        files += sorted(p for p in paths.docs.rglob("*.md") if p.is_file() and not p.is_symlink())
    return files


def fix(paths: ProjectPaths, add: bool = False, write: bool = True) -> list[Change]:
    """Rewrite the references of every curated file (see :func:`rewrite`)."""
    passages = current_passages(paths)
    changes = []
    for path in curated_files(paths):
        text = path.read_text("utf-8")
        new, found = rewrite(text, passages, add)
        if found and write:
            path.write_text(new, "utf-8")
        changes += [Change(paths.display(path), line, old, new_ref) for line, old, new_ref in found]
    return changes
