"""Words in messages and pages: a count agrees with its noun."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 line``, ``2 lines``, ``0 lines``; *many* for irregular plurals."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
