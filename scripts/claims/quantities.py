"""Quantities a text states, as intervals ``[min, max]`` (``None``:
unbounded). Two statements of the same quantity (same ``what`` and
``unit``) agree when their intervals overlap: "more than 4 billion"
agrees with "4 billion"."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    what: str
    min: float | None           # None: unbounded below
    max: float | None           # None: unbounded above
    unit: str
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.what.strip().casefold(), self.unit.strip().casefold())

    def words(self) -> str:
        def number(value) -> str:
            return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
        if self.min is not None and self.max is not None:
            amount = number(self.min) if self.min == self.max else f"{number(self.min)}–{number(self.max)}"
        elif self.min is not None:
            amount = f"more than {number(self.min)}"
        else:
            amount = f"at most {number(self.max)}"
        return f"{self.what}: {amount} {self.unit}"


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Same quantity and overlapping intervals (or different quantities: no conflict)."""
    if a.key != b.key:
        return True
    low = max(x for x in (a.min, b.min, float("-inf")) if x is not None)
    high = min(x for x in (a.max, b.max, float("inf")) if x is not None)
    return low <= high
