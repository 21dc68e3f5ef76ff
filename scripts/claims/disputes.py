"""Citations whose statements cannot both be true: dates that share no day
(``1986/1988`` and ``1989``; ``197X`` and ``1969/1973`` agree), quantities
whose intervals do not overlap. Approximate or uncertain dates (``~ ? %``)
are widened by the EDTF library's fuzzy bounds (:mod:`scripts.dates`)."""

from __future__ import annotations

from dataclasses import dataclass

from scripts.claims.quantities import Quantity, quantities_agree
from scripts.claims.references import sentences
from scripts.dates import Statement, overlap


@dataclass(frozen=True)
class Disagreement:
    kind: str                   # "date" or "quantity"
    first: int                  # indexes into the citations
    second: int
    detail: str                 # "1986/1988 vs 1989"


def disagreements(dates: list[Statement | None], quantities: list[tuple[Quantity, ...]]) -> list[Disagreement]:
    """Every pair of citations whose statements cannot both be true."""
    found = []
    for i in range(len(dates)):
        for j in range(i + 1, len(dates)):
            if dates[i] is not None and dates[j] is not None and not overlap(dates[i], dates[j]):
                found.append(Disagreement("date", i, j, f"{dates[i].text} vs {dates[j].text}"))
            for qa in quantities[i]:
                for qb in quantities[j]:
                    if not quantities_agree(qa, qb):
                        found.append(Disagreement("quantity", i, j, f"{qa.words()} vs {qb.words()}"))
    return found


def reading_citations(event, reading) -> list[int]:
    """The citations (0-based) that hold a reading of *event*'s dispute: those
    it lists (``citations:``, numbered from 1), else those of its sources
    whose passage its summary cites, else every citation of its sources."""
    if reading.citations:
        return [n - 1 for n in reading.citations if 1 <= n <= len(event.citations)]
    cited = {ref for sentence in sentences(reading.summary)[0] for ref in sentence.refs}
    held = [i for i, c in enumerate(event.citations) if c.source_id in reading.sources]
    narrowed = [i for i in held if event.citations[i].passage_id in cited]
    return narrowed or held
