"""Quantities a text states, as intervals ``[min, max]`` (``None``:
unbounded). Two statements of the same quantity (same ``what`` and
``unit``) agree when their intervals overlap: "more than 4 billion"
agrees with "4 billion"."""

from __future__ import annotations

from dataclasses import dataclass

from scripts.claims.details import words


@dataclass(frozen=True)
class Quantity:
    what: str
    min: float | None           # None: unbounded below
    max: float | None           # None: unbounded above
    unit: str
    line: int = 0
    approximate: bool = False   # "close to", "about": compared with the tolerance of details.yml
    magnitude: str | None = None    # "hundreds": bounds from details.yml, no number stated

    def bounds(self) -> tuple[float, float]:
        """The interval the statement allows (an approximate one widened)."""
        lexicon = words()
        if self.magnitude:
            low, high = lexicon.magnitudes[self.magnitude]
            return float(low), float(high)
        low = float("-inf") if self.min is None else float(self.min)
        high = float("inf") if self.max is None else float(self.max)
        if self.approximate:
            low, high = low - abs(low) * lexicon.tolerance, high + abs(high) * lexicon.tolerance
        return low, high

    @property
    def key(self) -> tuple[str, str]:
        return (self.what.strip().casefold(), self.unit.strip().casefold())

    def words(self) -> str:
        def number(value) -> str:
            return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        if self.magnitude:
            return f"{self.what}: {self.magnitude} of {self.unit}"
        if self.min is not None and self.max is not None:
            amount = number(self.min) if self.min == self.max else f"{number(self.min)}–{number(self.max)}"
        elif self.min is not None:
            amount = f"more than {number(self.min)}"
        else:
            amount = f"at most {number(self.max)}"
        return f"{self.what}: {'about ' if self.approximate else ''}{amount} {self.unit}"


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Same quantity and overlapping intervals (or different quantities: no conflict)."""
    if a.key != b.key:
        return True
    (a_low, a_high), (b_low, b_high) = a.bounds(), b.bounds()
    return max(a_low, b_low) <= min(a_high, b_high)
