"""EDTF dates (Library of Congress Extended Date/Time Format) via the
``edtf`` library: parse, bound to days, and say in words.

We do not hand-roll EDTF: the format has intervals, unspecified digits
(``08XX``), qualifiers (``1970~``, ``1987?``) and seasons, and the library
implements the specification's levels 0–2.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

import edtf

from scripts.model import EdtfDate


class EdtfError(ValueError):
    pass


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
        return EdtfDate(text=text, start=plain[0], end=plain[1], label=describe(text, *plain))
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
    return EdtfDate(text=text, start=start, end=end, label=describe(text, start, end),
                    approximate=approximate, uncertain=uncertain)


#: Performance (bench/README.md): the cache above helps only with repeated
#: dates; a corpus of thousands of events has thousands of distinct dates,
#: and the library's grammar costs ~5 ms each. Plain calendar dates (YYYY,
#: YYYY-MM, YYYY-MM-DD: no qualifier, no X, no interval) are most of them,
#: and their day bounds are the calendar's, exactly what the library returns
#: (bench/checks.py compared the two on every plain form; git history,
#: 5b78532). Everything else, including every invalid plain date (month
#: 13, seasons 21–24, 30 February, year 0), still goes to the library,
#: which decides and words the error.
_PLAIN_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


#: Years a date may reach: the calendar of Python's datetime (1-9999), less
#: the last year, whose "day after" (periods follow each other) overflows.
_SUPPORTED_YEARS = (1, 9998)


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


_MONTHS = ("January February March April May June July August September October "
           "November December").split()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _single(text: str) -> str:
    core = text.rstrip("~?%")
    qualifier = text[len(core):]
    parts = core.split("-")
    if len(parts) == 1:
        year = parts[0]
        if year.endswith("XX"):
            words = f"{_ordinal(int(year[:2]) + 1)} century"
        elif year.endswith("X"):
            words = f"{int(year[:3])}0s"
        else:
            words = str(int(year))
    elif len(parts) == 2:
        words = f"{_MONTHS[int(parts[1]) - 1]} {int(parts[0])}" if parts[1].isdigit() and int(parts[1]) <= 12 else core
    else:
        words = f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {int(parts[0])}" if all(p.isdigit() for p in parts) else core
    if "~" in qualifier or "%" in qualifier:
        words = f"c. {words}"
    if "?" in qualifier or "%" in qualifier:
        words = f"{words} (uncertain)"
    return words


def describe(text: str, start: dt.date, end: dt.date) -> str:
    """Say an EDTF date in words: ``1986/1988`` → ``between 1986 and 1988``."""
    try:
        if "/" in text:
            lower, upper = text.split("/", 1)
            return f"{_single(lower)}–{_single(upper)}"
        return _single(text)
    except (ValueError, IndexError):
        return text


def day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)
