"""What a source states, compared: date precision, overlap and quantities,
and the inline references of the editors' prose.

Pure functions, no I/O; the *claims* stage (``scripts/stages/claims.py``)
applies them to the corpus and reports problems, the renderer shows their
results. The rules are the data contract of ``sources/events.yml``:

* an EDTF date *states* some of its components: century, decade and year
  (the four year digits), season, month and day. ``1979`` states century,
  decade and year; ``XXXX-08-22`` states month and day but no year; ``197X``
  states century and decade. An ``X`` is a component the text does not state.
* two statements *agree* when some day satisfies both (``197X`` and
  ``1969/1973`` agree; ``1986/1988`` and ``1989`` do not). Approximate or
  uncertain dates (``~ ? %``) are widened by the EDTF library's fuzzy bounds.
* a quantity is an interval ``[min, max]`` (``None``: unbounded); two
  statements of the same quantity (same ``what`` and ``unit``) agree when
  their intervals overlap: "more than 4 billion" agrees with "4 billion".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import edtf

#: Components of a date, coarsest first; a date's *precision* is the finest it states.
COMPONENTS = ("century", "decade", "year", "season", "month", "day")
PRECISION = {"unknown": 0, "century": 1, "decade": 2, "year": 3, "season": 4, "month": 5, "day": 6}
#: What to write in a citation's says.date to state a component (for hints).
COMPONENT_WORDS = {"century": "century", "decade": "decade", "year": "year", "season": "season",
                   "month": "month", "day": "day"}
SEASONS = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11), 24: ("winter", 12, 12)}
MONTHS = ("January February March April May June July August September October November "
          "December").split()

_POINT = re.compile(r"(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<q>[~?%]?)")
_FIRST, _LAST = dt.date(1, 1, 1), dt.date(9999, 12, 31)


class StatementError(ValueError):
    """A says.date that is not an EDTF date this module understands."""


@dataclass(frozen=True)
class Point:
    """One EDTF date (an interval has two): digits as written, ``X`` unstated."""

    year: str                   # four characters, digits or X
    month: str | None           # two characters (01–12, 21–24 a season), digits or X
    day: str | None
    qualifier: str              # "", "~", "?" or "%"

    @property
    def components(self) -> frozenset:
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

    def matches(self, day: dt.date) -> bool:
        if not self.low <= day <= self.high:
            return False
        if self.continuous:
            return True
        point = self.points[0]
        return (point.matches_year(day.year) and any(a <= day.month <= b for a, b in point.months())
                and day.day in point.days(day.year, day.month))


def _point_bounds(point: Point) -> tuple[dt.date, dt.date]:
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
                             "1986/1988 (between), 1970~ (circa) or XXXX (no date stated)")
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
    with a hint. Accepts what the site's events use, and ``XXXX``-style
    unstated components that an event date may not have."""
    if not isinstance(text, str) or not text.strip():
        raise StatementError("a date is required; write XXXX when the text states no date")
    text = text.strip()
    parts = text.split("/")
    if len(parts) > 2 or any(not p for p in parts) or any(p.startswith("..") for p in parts):
        raise StatementError(f"{text!r}: an interval has exactly two dates, e.g. 1986/1988")
    points = tuple(_parse_point(p) for p in parts)
    bounds = [_point_bounds(p) for p in points]
    low, high = bounds[0][0], bounds[-1][1]
    if len(points) == 2 and bounds[0][0] > bounds[1][0]:
        raise StatementError(f"{text!r} ends before it starts; swap the two dates")
    if any(p.qualifier for p in points):
        low, high = _fuzzy(text, low, high)
    return Statement(text, points, low, high)


# --- comparing dates ----------------------------------------------------------------------------


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


def covered(component: str, stated: frozenset) -> bool:
    """Is *component* stated, directly or by a finer one (a month states its season)?"""
    return component in stated or (component == "season" and "month" in stated)


def unstated(event: Statement, supports: list[Statement]) -> frozenset:
    """The components of *event* that none of *supports* states."""
    stated = frozenset().union(*(s.components for s in supports)) if supports else frozenset()
    return frozenset(c for c in event.components if not covered(c, stated))


def finest(components) -> str:
    return max(components, key=PRECISION.__getitem__) if components else "unknown"


# --- labels with bracketed inferred parts -------------------------------------------------------


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


def bracketed_label(text: str, missing: frozenset) -> str:
    """The reader's label of an event date with the *missing* components in
    square brackets: ``22 August [1990]``, ``[1970s]``, ``May [2018]``."""
    points = statement(text).points
    words = []
    for point in points:
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
        words.append(label)
    return "–".join(words)


def says_label(text: str) -> str:
    """A says.date in words, saying which parts the text leaves open."""
    try:
        return bracketed_label(text, frozenset())
    except StatementError:
        return text


# --- quantities ---------------------------------------------------------------------------------


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


# --- disagreement -------------------------------------------------------------------------------


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


# --- inline references in the editors' prose ----------------------------------------------------

REF_GROUP = re.compile(r"\[\[([^\[\]]*)\]\]")
PASSAGE_REF = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/p[1-9][0-9]*")
NOTE_REF = re.compile(r"note:([a-z0-9]+(?:-[a-z0-9]+)*)")
#: The end of a sentence inside a cited stretch: punctuation, space, capital.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
#: Words whose final full stop is not a sentence end ("c. 1970", "U.S. forces").
_ABBREVIATIONS = frozenset("c ca cf mr mrs ms dr st no gen lt col maj capt vs e.g i.e approx etc jr sr "
                           "prof mt ft".split())


@dataclass(frozen=True)
class Sentence:
    """One sentence of editors' prose and the references it ends with
    (empty: uncited)."""

    text: str
    refs: tuple[str, ...]


def _split_sentences(text: str) -> list[str]:
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word = text[:match.start()].rsplit(None, 1)[-1].rstrip(".").casefold() if text[:match.start()].strip() else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
            continue                    # "c. 1970", "U.S.", an initial "J."
        parts.append(text[start:match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def sentences(prose: str) -> tuple[tuple[Sentence, ...], list[str]]:
    """Split editors' prose into sentences, each with the references of its
    closing ``[[…]]`` group. Returns the sentences and problems (wording
    for an editor; the caller adds the location)."""
    result, problems, cursor = [], [], 0
    for match in REF_GROUP.finditer(prose):
        before = prose[cursor:match.start()]
        refs = tuple(item.strip() for item in match.group(1).split(","))
        if not before.strip():
            problems.append(f"the reference group [[{match.group(1)}]] follows no sentence (it comes right "
                            "after another group or at the start); merge it into one [[a, b]] group")
        for ref in refs:
            if not ref:
                problems.append(f"[[{match.group(1)}]] has an empty item; list ids separated by commas, "
                                "e.g. [[wikipedia-iraq-russia-relations/p5, note:some-note]]")
            elif not (PASSAGE_REF.fullmatch(ref) or NOTE_REF.fullmatch(ref)):
                problems.append(f"{ref!r} in [[{match.group(1)}]] is neither a passage id (source-id/pN, "
                                "e.g. wikipedia-iraq-russia-relations/p5) nor a note (note:note-id)")
        pieces = _split_sentences(before)
        for piece in pieces[:-1]:
            result.append(Sentence(piece, ()))
        if pieces:
            result.append(Sentence(pieces[-1], tuple(r for r in refs if r)))
        cursor = match.end()
    rest = prose[cursor:]
    if "[[" in rest or "]]" in rest:
        problems.append("an inline reference is not closed; write [[source-id/pN]] with two brackets on "
                        "each side")
    for piece in _split_sentences(REF_GROUP.sub("", rest).replace("[[", "").replace("]]", "")):
        result.append(Sentence(piece, ()))
    return tuple(result), problems


def plain(prose: str) -> str:
    """The prose without its inline references (what readers and exports get as text)."""
    return REF_GROUP.sub("", re.sub(r"\s+(?=\[\[[^\[\]]*\]\])", "", prose)).strip()


def note_id(ref: str) -> str | None:
    match = NOTE_REF.fullmatch(ref)
    return match.group(1) if match else None
