"""Does a span of text overlap any of many spans? In O(log n) per question.

The editorial check (an unknown name not covered by a mention or a term) and
the passage renderer (a glossary term not inside an actor link) asked this
with ``any(...)`` over every span of the paragraph: quadratic in the
paragraph's spans (bench/README.md). In: half-open ``(start, end)`` spans, in any order,
overlapping or not. Out: :meth:`SpanSet.overlaps`, exactly the same answer.
"""

from __future__ import annotations

from bisect import bisect_left


class SpanSet:
    def __init__(self, spans) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if start >= end:
                continue                # an empty span overlaps nothing
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """True when some span ``(s, e)`` has ``s < end and start < e``."""
        if start >= end:
            return False
        # The merged spans are disjoint and sorted, so their ends are sorted
        # too: only the last span starting before *end* can reach past *start*.
        index = bisect_left(self._starts, end) - 1
        return index >= 0 and self._ends[index] > start
