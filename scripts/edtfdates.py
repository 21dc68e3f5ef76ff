"""EDTF dates (Library of Congress Extended Date/Time Format) via the
``edtf`` library: parse, bound to days, and say in words.

We do not hand-roll EDTF: the format has intervals, unspecified digits
(``08XX``), qualifiers (``1970~``, ``1987?``) and seasons, and the library
implements the specification's levels 0–2.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import edtf

from scripts.model import EdtfDate


class EdtfError(ValueError):
    pass


def _to_date(struct) -> dt.date:
    return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


@lru_cache(maxsize=8192)
def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF string into an :class:`EdtfDate` with day bounds.

    Raises :class:`EdtfError` with a reader-friendly message for strings the
    library rejects, for open or unknown ends, and for reversed intervals.
    Cached: the library's grammar costs milliseconds per call, and the same
    dates recur across events, roles and pages.
    """
    if not isinstance(text, str) or not text.strip():
        raise EdtfError("an EDTF date is required, e.g. 1972-04-09, 1972-04, 1986/1988 or 1970~")
    text = text.strip()
    try:
        parsed = edtf.parse_edtf(text)
    except Exception as error:  # the library raises its own EDTFParseException
        raise EdtfError(f"{text!r} is not a valid EDTF date ({_short(error)}); write e.g. "
                        "1944-09-09, 1972-04, 1975, 1986/1988 (between), 1970~ (circa), "
                        "197X (1970s) or 08XX (9th century)") from None
    try:
        start = _to_date(parsed.lower_strict())
        end = _to_date(parsed.upper_strict())
    except Exception:
        raise EdtfError(f"{text!r} has an open or unknown end; give both ends, "
                        "e.g. 1986/1988") from None
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
