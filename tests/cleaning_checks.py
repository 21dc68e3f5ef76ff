"""Checks on a :class:`~scripts.model.CleanText` shared by test_cleaning.py and
test_properties.py: every raw line accounted for once, no kept character
lost or moved."""

from __future__ import annotations

import re
from collections import Counter

BULLET_MARK = re.compile(r"^[-*•]\s+")


def no_space(text: str) -> str:
    return "".join(text.split())


def accounting(clean_text) -> Counter:
    """How many times each raw line number is claimed by the cleaner's output."""
    claimed = Counter()
    for block in clean_text.blocks:
        claimed.update(block.lines)
    claimed.update(m.line for m in clean_text.metadata)
    claimed.update(line for _key, _value, line in clean_text.infobox)
    claimed.update(line for _text, line in clean_text.see_also)
    claimed.update(r.line for r in clean_text.removed)
    claimed.update(clean_text.blank_lines)
    return claimed


def accounting_errors(clean_text, line_count: int) -> list[str]:
    claimed = accounting(clean_text)
    errors = [f"line {n} is claimed {claimed[n]} times" for n in range(1, line_count + 1) if claimed[n] != 1]
    errors += [f"line {n} does not exist but is claimed" for n in claimed if not 1 <= n <= line_count]
    return errors


def character_errors(clean_text, lines: list[str]) -> list[str]:
    """Body blocks keep every character of their raw lines (modulo white
    space), in order: a paragraph is its lines joined, a list item its lines
    without the bullet mark, a heading a piece of its one line."""
    errors = []
    previous = 0
    for block in clean_text.blocks:
        if list(block.lines) != sorted(block.lines) or block.lines[0] <= previous:
            errors.append(f"block at lines {block.lines} is out of raw order (after line {previous})")
        previous = block.lines[-1]
        raw = [lines[n - 1].strip() for n in block.lines]
        if block.kind == "list-item":
            raw[0] = BULLET_MARK.sub("", raw[0])
        if block.kind == "heading":
            if len(raw) != 1 or not no_space(block.text) or no_space(block.text) not in no_space(raw[0]):
                errors.append(f"heading {block.text!r} is not a piece of line {block.lines}: {raw!r}")
        elif no_space(block.text) != no_space("".join(raw)):
            errors.append(f"{block.kind} at lines {block.lines} lost or moved characters: "
                          f"{block.text!r} vs raw {raw!r}")
    return errors
