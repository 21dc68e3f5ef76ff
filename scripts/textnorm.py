"""Comparing quotes with passages: fold quote marks and white space, but
remember where each folded character came from so a match can be mapped
back to the passage's own characters (for highlighting)."""

from __future__ import annotations

from scripts.matcher import fold


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quote marks and dashes, collapse white space runs to one space,
    strip the ends; return the result and, for each of its characters, the
    index of the character of *text* it came from."""
    out, where = [], []
    pending_space = False
    for index, char in enumerate(fold(text)):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            where.append(index - 1)
            pending_space = False
        out.append(char)
        where.append(index)
    return "".join(out), where


def normalize(text: str) -> str:
    return normalize_with_map(text)[0]
