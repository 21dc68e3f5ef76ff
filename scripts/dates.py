"""Dates, in one place: EDTF (Library of Congress Extended Date/Time Format)
parsed with the ``edtf`` library, compared, and said in words.

Two readings of one EDTF string, for two uses:

* :func:`parse_edtf` gives an :class:`~scripts.model.EdtfDate`: the day
  bounds the library computes and a label. Event, period, role and catalog
  dates use it; an open or unknown end is refused there (a period or an
  event has both ends; an ongoing period writes ``end: null``).
* :func:`statement` gives a :class:`Statement`: what a *text* states of a
  date, component by component (century, decade, year, season, month,
  day; an ``X`` is a digit the text does not state), with day bounds. Open
  intervals (``1991/..``, ``../1991``) are accepted, as EDTF allows: "since
  1991" states a start and no end.

Comparison (:func:`overlap`: can both be true of one day?) and wording
(:func:`words`: ``22 August 1990``, ``[1970s]``, ``1986–1988``, ``c.
1970``) work on statements; month names live here only (:data:`MONTHS`).

We do not hand-roll EDTF: the format has intervals, unspecified digits
(``08XX``), qualifiers (``1970~``, ``1987?``) and seasons, and the library
implements the specification's levels 0–2. The statement parser reads only
the forms a text can state (digits or ``X`` per component, a qualifier,
an interval); its day bounds are the library's for every plain date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import edtf

from scripts.model import EdtfDate

MONTHS = ("January February March April May June July August September October November "
          "December").split()
#: EDTF's season codes (level 1): name, first and last month.
SEASONS = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11), 24: ("winter", 12, 12)}
#: A date's *precision*: the finest component it states.
PRECISION = {"unknown": 0, "century": 1, "decade": 2, "year": 3, "season": 4, "month": 5, "day": 6}

#: Years a date may reach: the calendar of Python's datetime (1-9999), less
#: the last year, whose "day after" (periods follow each other) overflows.
_SUPPORTED_YEARS = (1, 9998)
_FIRST, _LAST = dt.date(1, 1, 1), dt.date(9999, 12, 31)
#: The open end of an EDTF interval (``1991/..``) and the unknown one (``1991/``).
OPEN = ".."


class EdtfError(ValueError):
    """A date an event, period, role or catalog entry cannot use (with a hint)."""


class StatementError(ValueError):
    """A says.date that is not an EDTF date this module understands."""


# --- dates of the knowledge layer (day bounds from the library) ----------------------------------


def _to_date(struct) -> dt.date:
    return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF string into an :class:`EdtfDate` with day bounds.

    Raises :class:`EdtfError` with a reader-friendly message for strings the
    library rejects, for open or unknown ends, and for reversed intervals.
    Cached: the library's grammar costs milliseconds per call, and the same
    dates recur across events, roles and pages.
    """
    if not isinstance(text, str) or not text.strip():
        raise EdtfError("an EDTF date is required, e.g. 1972-04-09, 1972-04, 1986/1988 or 1970~")
    return _parse_edtf(text.strip())


# The cache sits behind the type check above: a YAML list or mapping where a
# date belongs (`when: [1990]`) must be reported, not crash the cache with
# "unhashable type".
@lru_cache(maxsize=8192)
def _parse_edtf(text: str) -> EdtfDate:
    plain = _plain_bounds(text)
    if plain is not None:
        return EdtfDate(text=text, start=plain[0], end=plain[1], label=words(text))
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as error:  # the library raises its own EDTFParseException
        raise EdtfError(f"{text!r} is not a valid EDTF date ({_short(error)}); write e.g. "
                        "1944-09-09, 1972-04, 1975, 1986/1988 (between), 1970~ (circa), "
                        "197X (1970s) or 08XX (9th century)") from None
    try:
        lower, upper = parsed.lower_strict(), parsed.upper_strict()
    except Exception:
        lower = upper = None
    if not (hasattr(lower, "tm_year") and hasattr(upper, "tm_year")):   # open: a float (infinity)
        raise EdtfError(f"{text!r} has an open or unknown end; give both ends, "
                        "e.g. 1986/1988")
    for bound in (lower, upper):
        if not _SUPPORTED_YEARS[0] <= bound.tm_year <= _SUPPORTED_YEARS[1]:
            raise EdtfError(f"{text!r} reaches the year {bound.tm_year}; the portal's dates run from "
                            f"{_SUPPORTED_YEARS[0]} to {_SUPPORTED_YEARS[1]}: write a date in that range "
                            "(an open end is written `end: null`)")
    start, end = _to_date(lower), _to_date(upper)
    if isinstance(parsed, edtf.Interval):
        lower, upper = (_to_date(parsed.lower.lower_strict()), _to_date(parsed.upper.lower_strict()))
        if lower > upper:
            raise EdtfError(f"{text!r} ends before it starts; swap the two dates")
    if start > end:
        raise EdtfError(f"{text!r} ends before it starts; swap the two dates")
    approximate = "~" in text or "%" in text
    uncertain = "?" in text or "%" in text
    return EdtfDate(text=text, start=start, end=end, label=words(text),
                    approximate=approximate, uncertain=uncertain)


#: Performance (bench/README.md): plain calendar dates (YYYY, YYYY-MM,
#: YYYY-MM-DD: no qualifier, no X, no interval) are most dates, and their
#: day bounds are the calendar's, exactly what the library returns
#: (compared on every plain form once, commit 5b78532). Everything else,
#: including every invalid plain date (month 13, seasons 21–24, 30
#: February, year 0), still goes to the library, which decides and words
#: the error.
_PLAIN_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def chronological_key(date: EdtfDate) -> tuple[int, int, int, str]:
    """The one order of dated things (events in every list, the timeline,
    previous and next): by where the date most likely falls.

    A date that is one point known to a year, a decade or "c. 1970" sits at
    the middle of its span: "1970s" (1970-01-01 to 1979-12-31) comes after
    "April 1972", not before it, and the year "1972" after April 1972 and
    before August 1972. An interval ("1986/1988", "1990-08/2003-05") sits
    where it begins: the sanctions years open in 1990. Ties go by start,
    then end, then the EDTF text (deterministic).

    In: an :class:`~scripts.model.EdtfDate`. Out: a sort key (day ordinals,
    doubled so that a middle needs no division)."""
    start, end = date.start.toordinal(), date.end.toordinal()
    position = 2 * start if "/" in date.text else start + end
    return position, start, end, date.text


def _plain_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    match = _PLAIN_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(group) if group else None for group in match.groups())
    if not _SUPPORTED_YEARS[0] <= year <= _SUPPORTED_YEARS[1]:
        return None                     # the library path words the error
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day), dt.date(year, month, day)
    except ValueError:
        return None


def _short(error: Exception) -> str:
    message = str(error).split(". Please", 1)[0]
    return message[:120]


def day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def day_words(day: dt.date) -> str:
    """A calendar day in words: ``9 September 1944`` (English whatever the locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --- what a text states: components and day bounds -----------------------------------------------

_POINT = re.compile(r"(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<q>[~?%]?)")


@dataclass(frozen=True)
class Point:
    """One EDTF date (an interval has two): digits as written, ``X`` unstated.
    An open end of an interval (``..``) is a point with ``open=True``."""

    year: str                   # four characters, digits or X
    month: str | None           # two characters (01–12, 21–24 a season), digits or X
    day: str | None
    qualifier: str              # "", "~", "?" or "%"
    open: bool = False

    @property
    def components(self) -> frozenset:
        if self.open:
            return frozenset()
        stated = set()
        if self.year[:2].isdigit():
            stated.add("century")
        if self.year[2].isdigit():
            stated.add("decade")
        if self.year[3].isdigit():
            stated.add("year")
        if self.month and self.month.isdigit():
            stated.add("season" if int(self.month) > 12 else "month")
        if self.day and self.day.isdigit():
            stated.add("day")
        return frozenset(stated)

    def years(self) -> tuple[int, int]:
        low = int(self.year.replace("X", "0")) or 1
        return low, int(self.year.replace("X", "9"))

    def months(self) -> list[tuple[int, int]]:
        """(first, last) month ranges this point allows (a season is one range)."""
        if not self.month:
            return [(1, 12)]
        if self.month.isdigit() and int(self.month) > 12:
            _name, first, last = SEASONS[int(self.month)]
            return [(first, last)]
        return [(m, m) for m in range(1, 13) if _digits_match(self.month, m)]

    def days(self, year: int, month: int) -> list[int]:
        last = calendar.monthrange(year, month)[1]
        if not self.day:
            return list(range(1, last + 1))
        return [d for d in range(1, last + 1) if _digits_match(self.day, d)]

    def matches_year(self, year: int) -> bool:
        return _digits_match(self.year, year, width=4)

    @property
    def continuous(self) -> bool:
        """True when the days this point allows form one unbroken range."""
        year_x = self.year.rstrip("X")
        trailing_only = "X" not in year_x
        if self.month is None:
            return trailing_only
        if "X" in self.year:
            return False
        return "X" not in self.month and (self.day is None or "X" not in self.day)


_OPEN_POINT = Point("XXXX", None, None, "", open=True)


def _digits_match(pattern: str, value: int, width: int = 2) -> bool:
    text = f"{value:0{width}d}"
    return len(text) == len(pattern) and all(p in ("X", c) for p, c in zip(pattern, text, strict=True))


@dataclass(frozen=True)
class Statement:
    """A parsed says.date (or event date): its points and its day bounds."""

    text: str
    points: tuple[Point, ...]   # one, or two for an interval
    low: dt.date
    high: dt.date

    @property
    def components(self) -> frozenset:
        return frozenset().union(*(p.components for p in self.points))

    @property
    def precision(self) -> str:
        stated = self.components
        return max(stated, key=PRECISION.__getitem__) if stated else "unknown"

    @property
    def continuous(self) -> bool:
        return len(self.points) == 2 or self.points[0].continuous

    @property
    def open(self) -> bool:
        """An interval with an open end (``1991/..``, ``../1991``)."""
        return any(p.open for p in self.points)

    @property
    def stated_nothing(self) -> bool:
        """``XXXX``: the text states no date for this happening."""
        return not self.components

    def matches(self, day: dt.date) -> bool:
        if not self.low <= day <= self.high:
            return False
        if self.continuous:
            return True
        point = self.points[0]
        return (point.matches_year(day.year) and any(a <= day.month <= b for a, b in point.months())
                and day.day in point.days(day.year, day.month))


def _point_bounds(point: Point) -> tuple[dt.date, dt.date]:
    if point.open:
        return _FIRST, _LAST
    low_year, high_year = point.years()
    months = point.months()
    first_month, last_month = months[0][0], months[-1][1]
    first_days = point.days(low_year, first_month) or [1]
    last_days = point.days(high_year, last_month) or [calendar.monthrange(high_year, last_month)[1]]
    return dt.date(low_year, first_month, first_days[0]), dt.date(high_year, last_month, last_days[-1])


def _fuzzy(text: str, low: dt.date, high: dt.date) -> tuple[dt.date, dt.date]:
    """Widen an approximate/uncertain date by the EDTF library's fuzzy bounds."""
    try:
        parsed = edtf.parse_edtf(text)
        fuzzy_low, fuzzy_high = parsed.lower_fuzzy(), parsed.upper_fuzzy()
        return (min(low, dt.date(max(fuzzy_low.tm_year, 1), fuzzy_low.tm_mon, fuzzy_low.tm_mday)),
                max(high, dt.date(min(fuzzy_high.tm_year, 9999), fuzzy_high.tm_mon, fuzzy_high.tm_mday)))
    except Exception:       # the library cannot bound it: keep the strict bounds
        return low, high


def _parse_point(text: str) -> Point:
    match = _POINT.fullmatch(text)
    if match is None:
        raise StatementError(f"{text!r} is not an EDTF date; write e.g. 1979, 1979-02, 1979-02-14, "
                             "XXXX-08-22 (day and month stated, no year), 197X (the 1970s), "
                             "1986/1988 (between), 1991/.. (from 1991, no end stated), 1970~ (circa) "
                             "or XXXX (no date stated)")
    point = Point(match["year"], match["month"], match["day"], match["q"])
    if point.month and point.month.isdigit():
        number = int(point.month)
        if not (1 <= number <= 12 or (number in SEASONS and point.day is None)):
            raise StatementError(f"{text!r}: month {point.month} does not exist; use 01–12 "
                                 "(or 21–24 for a season, without a day)")
    if point.day and point.day.isdigit():
        if not 1 <= int(point.day) <= 31:
            raise StatementError(f"{text!r}: day {point.day} does not exist")
        if point.month and point.month.isdigit() and "X" not in point.year:
            year, month = int(point.year), int(point.month)
            if int(point.day) > calendar.monthrange(year, month)[1]:
                raise StatementError(f"{text!r}: {MONTHS[month - 1]} {year} has no day {point.day}")
    return point


@lru_cache(maxsize=8192)
def statement(text: str) -> Statement:
    """Parse an EDTF date as stated by a text. Raises :class:`StatementError`
    with a hint. Accepts what the site's events use, ``XXXX``-style
    unstated components that an event date may not have, and open interval
    ends (``1991/..``, ``../1991``)."""
    if not isinstance(text, str) or not text.strip():
        raise StatementError("a date is required; write XXXX when the text states no date")
    text = text.strip()
    parts = text.split("/")
    if len(parts) > 2 or any(not p for p in parts) or (len(parts) == 1 and parts[0] == OPEN) \
            or parts == [OPEN, OPEN]:
        raise StatementError(f"{text!r}: an interval has exactly two dates, e.g. 1986/1988, or one "
                             "date and an open end, e.g. 1991/.. (from 1991) or ../1991 (until 1991)")
    points = tuple(_OPEN_POINT if p == OPEN else _parse_point(p) for p in parts)
    bounds = [_point_bounds(p) for p in points]
    low, high = bounds[0][0], bounds[-1][1]
    if len(points) == 2 and not any(p.open for p in points) and bounds[0][0] > bounds[1][0]:
        raise StatementError(f"{text!r} ends before it starts; swap the two dates")
    if any(p.qualifier for p in points):
        low, high = _fuzzy(text, low, high)
    return Statement(text, points, low, high)


def overlap(a: Statement, b: Statement) -> bool:
    """Can both statements be true of one day?"""
    low, high = max(a.low, b.low), min(a.high, b.high)
    if low > high:
        return False
    if a.continuous and b.continuous:
        return True
    # One of them is a pattern ("XXXX-08-22", "19XX-05"): walk the days the
    # pattern allows inside the common bounds. The calendar repeats every 400
    # years, so when both leave the year open, 400 years are enough.
    pattern, other = (a, b) if not a.continuous else (b, a)
    point = pattern.points[0]
    last_year = high.year
    if not other.continuous or all("X" in p.year for p in other.points):
        last_year = min(high.year, low.year + 400)
    for year in range(low.year, last_year + 1):
        if not point.matches_year(year):
            continue
        for first, last in point.months():
            for month in range(first, last + 1):
                for day in point.days(year, month):
                    candidate = dt.date(year, month, day)
                    if low <= candidate <= high and other.matches(candidate):
                        return True
    return False


# --- in words ------------------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _year_words(point: Point, missing: frozenset) -> tuple[str, bool]:
    year = point.year
    if year.isdigit():
        return str(int(year)), bool(missing & {"century", "decade", "year"})
    if year[:3].isdigit() and year[3] == "X":
        return f"{int(year[:3])}0s", bool(missing & {"century", "decade"})
    if year[:2].isdigit() and year[2:] == "XX":
        return f"{_ordinal(int(year[:2]) + 1)} century", "century" in missing
    return "(year not stated)", False


def point_tokens(point: Point, missing: frozenset) -> list[tuple[str, bool]]:
    """Words of one date as (text, inferred?) tokens, day first: 22 August 1990."""
    tokens = []
    if point.day and point.day.isdigit():
        tokens.append((str(int(point.day)), "day" in missing))
    if point.month and point.month.isdigit():
        number = int(point.month)
        if number > 12:
            tokens.append((SEASONS[number][0], "season" in missing))
        else:
            tokens.append((MONTHS[number - 1], "month" in missing))
    tokens.append(_year_words(point, missing))
    return tokens


def _point_words(point: Point, missing: frozenset) -> str:
    merged: list[list] = []
    for token, inferred in point_tokens(point, missing):
        if merged and merged[-1][1] == inferred:
            merged[-1][0] += " " + token
        else:
            merged.append([token, inferred])
    label = " ".join(f"[{t}]" if inferred else t for t, inferred in merged)
    if point.qualifier in ("~", "%"):
        label = f"c. {label}"
    if point.qualifier in ("?", "%"):
        label = f"{label} (uncertain)"
    return label


def words(text: str, missing: frozenset | tuple = frozenset()) -> str:
    """An EDTF date in words, the *missing* components (those no source
    states) in square brackets: ``22 August [1990]``, ``[1970s]``,
    ``1986–1988``, ``c. 1970``, ``from 1991`` (``1991/..``). *missing* is
    one set for every point, or a tuple of one set per point of an
    interval (``[August] 1990–May 2003``). A form this module does not read
    (an EDTF level-2 set, a negative year) is shown as written."""
    try:
        points = statement(text).points
    except StatementError:
        return text
    per_point = missing if isinstance(missing, tuple) else (missing,) * len(points)
    said = [_point_words(point, gaps) for point, gaps in zip(points, per_point, strict=True)]
    if len(points) == 2 and points[1].open:
        return f"from {said[0]}"
    if len(points) == 2 and points[0].open:
        return f"until {said[1]}"
    return "–".join(said)
