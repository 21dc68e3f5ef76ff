"""Stage 3, *clean*: turn a raw text into body blocks, metadata and a list of
what was removed, driven only by rules (``sources/cleaning.yml`` and the
source's catalog entry), never by the file's name.

In: :class:`~scripts.model.RawText` and rules. Out:
:class:`~scripts.model.CleanText`, which accounts for every raw line: body,
metadata, infobox, see-also, removed (with the rule and its reason), or blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.model import Block, CleaningRule, CleanText, MetadataLine, RawText, Removed
from scripts.patterns import compile_rule

BULLET = re.compile(r"^[-*•]\s+(?P<text>\S.*)$")
INFOBOX_ITEM = re.compile(r"^-\s*(?P<key>[^:]{1,60}?)\s*:\s*(?P<value>.*)$")

#: A line ending in one of these ends its paragraph; a line that does not
#: (or a next line that starts in lower case) was wrapped mid-paragraph.
TERMINAL = tuple('.!?:;"”’)…]')

#: Paragraphs shorter than this are not treated as scraped duplicates: short
#: lines ("Iraq", "See below") may legitimately repeat.
MIN_DUPLICATE_CHARS = 40

DUPLICATE_RULE = CleaningRule(
    id="duplicate-paragraph", pattern="", action="drop",
    reason="An earlier copy of a paragraph that the article repeats later: captured pages put "
           "teasers of the article before it. The later copy, in the article's own order, is kept.")


@dataclass
class _BodyLine:
    number: int
    text: str
    kind: str           # "text", "bullet", "heading", "caption"
    level: int = 0


def _compile(rules: tuple[CleaningRule, ...]):
    # Editors' patterns: linear-time engine (scripts/patterns.py); validate
    # has refused those it cannot compile.
    return [(rule, compile_rule(rule.pattern)) for rule in rules]


def _first_rule(compiled, line: str):
    for rule, pattern in compiled:
        match = pattern.fullmatch(line)
        if match:
            return rule, match
    return None, None


def clean(raw: RawText, rules: tuple[CleaningRule, ...]) -> CleanText:
    """Clean *raw* with *rules* (source-specific first, then generic)."""
    compiled = _compile(rules)
    body: list[_BodyLine] = []
    metadata, removed, infobox, see_also, blank = [], [], [], [], []
    mode, rest_rule, rest_line = "body", None, 0
    for number, line in enumerate(raw.lines, start=1):
        stripped = line.strip()
        if mode == "rest":
            if stripped:
                removed.append(Removed(number, line, f"After line {rest_line}: {rest_rule.reason}",
                                       rest_rule.id))
            else:
                blank.append(number)
            continue
        if not stripped:
            blank.append(number)
            if mode == "infobox":
                mode = "body"
            continue
        if mode == "infobox":
            item = INFOBOX_ITEM.match(stripped)
            if item:
                infobox.append((item["key"].strip(), item["value"].strip(), number))
                continue
            mode = "body"
        if mode == "see-also":
            item = BULLET.match(stripped)
            if item:
                see_also.append((item["text"].strip(), number))
                continue
            mode = "body"
        # Rules see runs of white space (non-breaking spaces too) as one space.
        rule, match = _first_rule(compiled, " ".join(stripped.split()))
        if rule is None:
            bullet = BULLET.match(stripped)
            if bullet:
                body.append(_BodyLine(number, bullet["text"], "bullet"))
            else:
                body.append(_BodyLine(number, stripped, "text"))
            continue
        groups = match.groupdict()
        if rule.action == "drop":
            removed.append(Removed(number, line, rule.reason, rule.id))
        elif rule.action == "drop-rest":
            removed.append(Removed(number, line, rule.reason, rule.id))
            mode, rest_rule, rest_line = "rest", rule, number
        elif rule.action == "metadata":
            value = " ".join((groups.get("value") or stripped).split())
            metadata.append(MetadataLine(rule.field, value, number, rule.id))
        elif rule.action == "heading":
            body.append(_BodyLine(number, (groups.get("text") or stripped).strip(), "heading", rule.level))
        elif rule.action == "caption":
            body.append(_BodyLine(number, stripped, "caption"))
        elif rule.action == "infobox":
            metadata.append(MetadataLine("infobox", stripped, number, rule.id))
            mode = "infobox"
        elif rule.action == "see-also":
            metadata.append(MetadataLine("see-also", stripped, number, rule.id))
            mode = "see-also"
    blocks = _assemble(body, blank, compiled)
    blocks, duplicates = _drop_duplicates(blocks, raw)
    removed.extend(duplicates)
    return CleanText(raw.source_id, tuple(blocks), tuple(metadata), tuple(infobox), tuple(see_also),
                     tuple(sorted(removed, key=lambda r: r.line)), tuple(blank))


def _continues(previous: _BodyLine, current: _BodyLine, adjacent: bool) -> bool:
    """Was *current* wrapped off the end of *previous*?"""
    if not adjacent or current.kind != "text" or previous.kind not in ("text", "bullet"):
        return False
    first = current.text[:1]
    return first.islower() or not previous.text.endswith(TERMINAL)


def _assemble(body: list[_BodyLine], blank: list[int], compiled) -> list[Block]:
    """Group body lines into blocks, rejoining lines wrapped mid-paragraph.

    A join that would make a line some rule matches (two short lines that
    together read like a title ending in a colon) is not made: cleaning the
    clean text again must give the same blocks.
    """
    blank_set = set(blank)
    blocks: list[Block] = []
    previous: _BodyLine | None = None
    for line in body:
        adjacent = previous is not None and previous.number + 1 == line.number \
            and line.number - 1 not in blank_set
        joined = f"{blocks[-1].text} {line.text}" if blocks else ""
        if previous is not None and blocks and _continues(previous, line, adjacent) \
                and _first_rule(compiled, " ".join(joined.split()))[0] is None:
            last = blocks[-1]
            blocks[-1] = Block(last.kind, f"{last.text} {line.text}", last.lines + (line.number,), last.level)
        else:
            kind = {"text": "paragraph", "bullet": "list-item"}.get(line.kind, line.kind)
            blocks.append(Block(kind, line.text, (line.number,), line.level))
        previous = line
    return blocks


def _drop_duplicates(blocks: list[Block], raw: RawText) -> tuple[list[Block], list[Removed]]:
    """Remove earlier copies of repeated paragraphs, keeping the last copy."""
    last_index: dict[str, int] = {}
    for index, block in enumerate(blocks):
        if block.kind != "heading" and len(block.text) >= MIN_DUPLICATE_CHARS:
            last_index[" ".join(block.text.split())] = index
    kept, removed = [], []
    lines = raw.lines
    for index, block in enumerate(blocks):
        key = " ".join(block.text.split())
        keeper = last_index.get(key, index)
        if block.kind != "heading" and keeper != index:
            later = blocks[keeper].lines[0]
            for number in block.lines:
                removed.append(Removed(number, lines[number - 1],
                                       f"Repeats the paragraph at line {later}. {DUPLICATE_RULE.reason}",
                                       DUPLICATE_RULE.id))
        else:
            kept.append(block)
    return kept, removed


def to_text(clean_text: CleanText) -> str:
    """Serialize the clean body back to plain text that :func:`clean` reads
    the same way (wiki-style headings, ``- `` list items, blank-line
    paragraphs): cleaning is idempotent, ``clean(to_text(clean(x)))`` keeps
    the body of ``clean(x)``."""
    parts = []
    for block in clean_text.blocks:
        if block.kind == "heading":
            marks = "=" * block.level
            parts.append(f"{marks} {block.text} {marks}")
        elif block.kind == "list-item":
            parts.append(f"- {block.text}")
        else:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n"
