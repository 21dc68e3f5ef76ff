"""A citation's ``says`` checked against its quote: every year, month, day
and number that ``says`` records occurs in the quote (folded as the
project folds quotes), or ``says.derived`` gives the reason it does not; a
quote that gives a date cannot say "no date"; the quote's qualifiers are
kept ("after 1972" is an open interval, "close to twenty-five" an
approximate quantity, "hundreds" a magnitude, "more than 300" a quantity
with no upper bound): never a bound the quote does not give.

Pure: in a citation, out :class:`Mismatch` es (the stage locates them).
"""

from __future__ import annotations

from dataclasses import dataclass

from scripts.claims.details import Detail, Evidence, details, words
from scripts.dates import MONTHS, StatementError, statement
from scripts.folding import normalize


@dataclass(frozen=True)
class Mismatch:
    kind: str                   # "says-mismatch" | "invented-bound"
    message: str                # what is wrong and how to fix it (no location)
    line: int = 0               # the quantity's line, when it is about a quantity


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def date_mismatches(date: str, quote: str, evidence: Evidence | None = None) -> list[Mismatch]:
    """The parts of *date* (a says.date) that *quote* does not give."""
    try:
        stated = statement(date)
    except StatementError:
        return []                       # reported by validate
    evidence = evidence or Evidence.of([quote])
    found = details(quote)
    out = []
    if stated.stated_nothing:
        dated = [d for d in found if d.kind in ("year", "decade", "century")]
        if dated:
            out.append(Mismatch("says-mismatch", f"says.date is {date} (no date) but the quote gives "
                                f"{dated[0].surface!r}; record the date the quote states (e.g. "
                                f"{_suggest(dated[0])}), or quote only the words about this happening"))
        return out
    for point in stated.points:
        if point.open:
            continue
        year = point.year
        if year.isdigit():
            if int(year) not in evidence.years:
                out.append(Mismatch("says-mismatch", f"says.date {date}: the quote does not give the year "
                                    f"{int(year)}; record only what the quote states, or add "
                                    "`derived: {reason, from}` saying where the year comes from"))
        elif year[:3].isdigit():
            if not evidence.supports(_detail("decade", int(year[:3]) * 10)):
                out.append(Mismatch("says-mismatch", f"says.date {date}: the quote does not give the "
                                    f"{int(year[:3])}0s"))
        elif year[:2].isdigit():
            if not evidence.supports(_detail("century", int(year[:2]) + 1)):
                out.append(Mismatch("says-mismatch", f"says.date {date}: the quote does not give the "
                                    f"century ({year})"))
        if point.month and point.month.isdigit() and int(point.month) <= 12:
            if int(point.month) not in evidence.months:
                out.append(Mismatch("says-mismatch", f"says.date {date}: the quote does not name the month "
                                    f"{MONTHS[int(point.month) - 1]}; record the year only (e.g. {year}) or "
                                    "add `derived: {reason, from}`"))
        if point.day and point.day.isdigit():
            if float(int(point.day)) not in evidence.numbers:
                out.append(Mismatch("says-mismatch", f"says.date {date}: the quote does not give the day "
                                    f"{int(point.day)}"))
    if len(stated.points) == 1:
        point = stated.points[0]
        for detail in found:
            if detail.kind == "year" and detail.qualifier and point.year == str(detail.value):
                form = f"{date}/.." if detail.qualifier == "after" else f"../{date}"
                out.append(Mismatch("invented-bound", f"says.date {date}: the quote says "
                                    f"{_words_before(quote, detail)} {detail.value}, an open interval; "
                                    f"write {form}"))
    return out


def quantity_mismatches(quantity, quote: str, evidence: Evidence | None = None) -> list[Mismatch]:
    """The bounds and qualifiers of one says quantity that *quote* does not give."""
    evidence = evidence or Evidence.of([quote])
    out = []
    what = quantity.what
    magnitude = getattr(quantity, "magnitude", None)
    if magnitude:
        if magnitude not in evidence.magnitudes:
            out.append(Mismatch("says-mismatch", f"quantity {what!r}: the quote does not say {magnitude!r}", quantity.line))
        return out
    for bound in (quantity.min, quantity.max):
        if bound is not None and float(bound) not in evidence.numbers:
            magnitudes = [d for d in details(quote) if d.kind == "magnitude"]
            hint = (f"; the quote says {magnitudes[0].surface!r}: write `magnitude: {magnitudes[0].value}` "
                    "instead of min and max") if magnitudes else (
                "; give only the numbers the quote states (min == max for an exact value, max: null "
                "for 'more than'), with `approximate: true` for 'about'")
            out.append(Mismatch("invented-bound", f"quantity {what!r}: the quote does not give "
                                f"{_number(bound)}{hint}", quantity.line))
    numbers = {d.value: d for d in details(quote) if d.kind == "number"}
    for bound in {quantity.min, quantity.max} - {None}:
        detail = numbers.get(float(bound))
        if detail is None or not detail.qualifier:
            continue
        if detail.qualifier == "approximate" and not getattr(quantity, "approximate", False):
            out.append(Mismatch("invented-bound", f"quantity {what!r}: the quote says "
                                f"{_words_before(quote, detail)} {detail.surface}; add `approximate: true`", quantity.line))
        elif detail.qualifier == "more" and quantity.max is not None:
            out.append(Mismatch("invented-bound", f"quantity {what!r}: the quote says "
                                f"{_words_before(quote, detail)} {detail.surface}; write max: null", quantity.line))
        elif detail.qualifier == "less" and quantity.min is not None:
            out.append(Mismatch("invented-bound", f"quantity {what!r}: the quote says "
                                f"{_words_before(quote, detail)} {detail.surface}; write min: null", quantity.line))
    return out


def mismatches(says, quote: str, extra: tuple[str, ...] = ()) -> list[Mismatch]:
    """Everything *says* records that *quote* (and the *extra* texts: the
    heading or passages a ``derived`` names) does not give."""
    evidence = Evidence.of([quote, *extra])
    out = date_mismatches(says.date, quote, evidence)
    for quantity in says.quantities:
        out += quantity_mismatches(quantity, quote, evidence)
    return out


def _detail(kind: str, value) -> Detail:
    return Detail(kind, value, "")


def _suggest(detail) -> str:
    if detail.kind == "year":
        if detail.qualifier == "after":
            return f"{detail.value}/.."
        if detail.qualifier == "before":
            return f"../{detail.value}"
        return str(detail.value)
    if detail.kind == "decade":
        return f"{str(detail.value)[:3]}X"
    return f"{detail.value - 1:02d}XX"


def _words_before(quote: str, detail) -> str:
    """The qualifier as the quote writes it ("until", "close to")."""
    text = normalize(quote)[:detail.start]
    lexicon = words()
    window = text[-60:]
    match = (lexicon.before_year if detail.kind == "year" else lexicon.before).search(window)
    return window[match.start():].strip() if match else ""
