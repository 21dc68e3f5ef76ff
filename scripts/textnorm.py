"""Comparing quotes with passages: fold quote marks and white space, but
remember where each folded character came from so a match can be mapped
back to the passage's own characters (for highlighting)."""

from __future__ import annotations

import re

from scripts.matcher import fold

#: Performance (bench/README.md): these run on every passage and every
#: editorial candidate; a Python loop per character made them a large part
#: of the link stage. The regex walks runs of non-space characters instead
#: (``\s`` is exactly ``str.isspace``), with the same results.
_RUN = re.compile(r"\S+")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quote marks and dashes, collapse white space runs to one space,
    strip the ends; return the result and, for each of its characters, the
    index of the character of *text* it came from."""
    out, where = [], []
    for run in _RUN.finditer(fold(text)):
        start, end = run.span()
        if out:
            out.append(" ")
            where.append(start - 1)     # the last white-space character of the gap
        out.append(run.group())
        where.extend(range(start, end))
    return "".join(out), where


def normalize(text: str) -> str:
    return " ".join(fold(text).split())     # = normalize_with_map(text)[0], without the map
