"""The details a text gives: years, decades, centuries, months, numbers
(in digits or in words, with their scale: "4 billion", "twenty-five") and
magnitudes ("hundreds"), each with the word that qualifies it ("after
1972", "close to twenty-five", "more than 300").

The claims checks compare the details of the editors' layer with those of
the words it rests on: a citation's ``says`` with its quote
(:mod:`scripts.claims.says`), a sentence of a summary with the passages it
cites (:mod:`scripts.claims.support`). The words are data
(``scripts/data/details.yml``); texts are compared after the project's
folding of quotes and dashes (:func:`scripts.folding.normalize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from scripts.dates import MONTHS
from scripts.folding import normalize

DATA = Path(__file__).resolve().parent.parent / "data" / "details.yml"


@dataclass(frozen=True)
class Detail:
    """One detail of a text. *value*: a year (int), a decade's first year,
    a century's number (9 for the 9th), a month (1–12), a number (float) or
    a magnitude word. *qualifier*: "after", "before", "approximate", "more",
    "less" or ""."""

    kind: str                   # year | decade | century | month | number | magnitude
    value: object
    surface: str
    start: int = 0
    qualifier: str = ""
    raw: float | None = None    # a number before its scale word ("4" of "4 billion")


class Words:
    """The word lists of ``details.yml``, compiled."""

    def __init__(self, data: dict):
        self.units = {k: int(v) for k, v in data["units"].items()}
        self.tens = {k: int(v) for k, v in data["tens"].items()}
        self.scales = {k: int(v) for k, v in data["scales"].items()}
        self.ordinals = {k: int(v) for k, v in data["ordinals"].items()}
        self.magnitudes = {k: (int(v[0]), int(v[1])) for k, v in data["magnitudes"].items()}
        self.tolerance = float(data["tolerance"])
        abbreviations = {form: int(month) for name, month in data["month_abbreviations"].items()
                         for form in (name, name.upper())}
        self.month_of = {**abbreviations, **{name.upper(): number for number, name in enumerate(MONTHS, 1)}}
        self.month_caps = re.compile(rf"\b({'|'.join(name.upper() for name in MONTHS)})\b")
        self.month_abbreviated = re.compile(
            rf"\b({'|'.join(sorted(abbreviations, key=len, reverse=True))})\.?(?=\s+\d{{1,2}}\b)")
        self.qualifiers = {}
        for kind, key in (("approximate", "approximate"), ("more", "more_than"), ("less", "less_than"),
                          ("after", "date_after"), ("before", "date_before")):
            for phrase in data[key]:
                self.qualifiers[phrase.casefold()] = kind
        number_word = "|".join(sorted([*self.units, *self.tens, *self.scales], key=len, reverse=True))
        self.number_words = re.compile(
            rf"\b(?:{number_word})(?:(?:-|\s+|\s+and\s+)(?:{number_word}))*\b", re.IGNORECASE)
        ordinal = "|".join(sorted(self.ordinals, key=len, reverse=True))
        self.century = re.compile(rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)|({ordinal}))[ -]century\b", re.IGNORECASE)
        magnitude = "|".join(sorted(self.magnitudes, key=len, reverse=True))
        self.magnitude = re.compile(rf"\b({magnitude})\b", re.IGNORECASE)
        scale = "|".join(sorted(self.scales, key=len, reverse=True))
        self.digits = re.compile(
            rf"(?<![\w.,])(?<![A-Za-z]-)(\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*({scale})\b)?(?![\w,]\d)",
            re.IGNORECASE)
        qualifier = "|".join(sorted((re.escape(q) for q in self.qualifiers), key=len, reverse=True))
        # A qualifier right before the detail: "after 1972", "close to twenty-five", "more than $4".
        self.before = re.compile(rf"\b({qualifier})\s+(?:the\s+|a\s+|an\s+|\$|US\$)?$", re.IGNORECASE)
        # Before a year, a month and a day may come between: "until May 2003", "since 1 May 2003";
        # not "the": in "after the 1973 October War" the year names the war, it is not the bound.
        self.before_year = re.compile(
            rf"\b({qualifier})\s+(?:(?:early|late|mid|\d{{1,2}}|{'|'.join(MONTHS)})[\s,-]+){{0,3}}$",
            re.IGNORECASE)

    def word_number(self, words: str) -> float | None:
        """``twenty-five`` → 25, ``three hundred`` → 300, ``4 billion`` is not here (digits)."""
        total, current, seen = 0, 0, False
        for word in re.split(r"[-\s]+", words.casefold()):
            if word == "and":
                continue
            if word in self.units:
                current += self.units[word]
            elif word in self.tens:
                current += self.tens[word]
            elif word in self.scales:
                scale = self.scales[word]
                if scale == 100:
                    current = (current or 1) * 100
                else:
                    total += (current or 1) * scale
                    current = 0
            else:
                return None
            seen = True
        return float(total + current) if seen else None


@lru_cache(maxsize=1)
def words() -> Words:
    with DATA.open(encoding="utf-8") as handle:
        return Words(yaml.safe_load(handle))


_YEAR = re.compile(r"(?<![\w,.])(1\d{3}|20\d{2})(?:\s*-\s*(\d{2})(?!\d))?(?![\w,]\d)(?!s\b)")
_DECADE = re.compile(r"(?<![\w,.])(1\d{2}|20\d)0s\b")
_MONTH = re.compile(rf"\b({'|'.join(MONTHS)})\b")


def _qualifier(text: str, start: int, pattern: re.Pattern, allowed: tuple[str, ...]) -> str:
    # Only a qualifier right before the detail counts: in "until the union
    # collapsed in 1991" the year dates the collapse, and "until" the course
    # that ended with it; such a quotation is caught by says-no-date instead.
    match = pattern.search(text[max(0, start - 60):start])
    if match is None:
        return ""
    kind = words().qualifiers.get(" ".join(match.group(1).casefold().split()), "")
    return kind if kind in allowed else ""


@lru_cache(maxsize=65536)
def details(text: str) -> tuple[Detail, ...]:
    """Every detail of *text* (folded first), in order of appearance."""
    text = normalize(text)
    lexicon = words()
    found: list[Detail] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(detail: Detail, end: int) -> None:
        found.append(detail)
        taken.append((detail.start, end))

    for match in lexicon.century.finditer(text):
        number = int(match.group(1)) if match.group(1) else lexicon.ordinals[match.group(2).casefold()]
        add(Detail("century", number, match.group(), match.start()), match.end())
    for match in _DECADE.finditer(text):
        if free(*match.span()):
            add(Detail("decade", int(match.group(1)) * 10, match.group(), match.start()), match.end())
    for match in _YEAR.finditer(text):
        if not free(*match.span()):
            continue
        qualifier = _qualifier(text, match.start(), lexicon.before_year, ("after", "before"))
        year = int(match.group(1))
        add(Detail("year", year, match.group(1), match.start(), qualifier), match.end(1))
        if match.group(2):              # "1986-88": the second year shortened
            second = year // 100 * 100 + int(match.group(2))
            if second > year:
                add(Detail("year", second, match.group(2), match.start(2)), match.end())
    for match in _MONTH.finditer(text):
        add(Detail("month", MONTHS.index(match.group(1)) + 1, match.group(1), match.start()), match.end())
    for pattern in (lexicon.month_caps, lexicon.month_abbreviated):
        for match in pattern.finditer(text):
            if free(*match.span()):
                add(Detail("month", lexicon.month_of[match.group(1)], match.group(1), match.start()), match.end())
    for match in lexicon.magnitude.finditer(text):
        if free(*match.span()):
            add(Detail("magnitude", " ".join(match.group(1).casefold().split()), match.group(),
                       match.start()), match.end())
    for match in lexicon.digits.finditer(text):
        if not free(*match.span()):
            continue
        raw = value = float(match.group(1).replace(",", ""))
        if match.group(2):
            value *= lexicon.scales[match.group(2).casefold()]
        qualifier = _qualifier(text, match.start(), lexicon.before, ("approximate", "more", "less"))
        add(Detail("number", value, match.group(), match.start(), qualifier, raw), match.end())
    for match in lexicon.number_words.finditer(text):
        if not free(*match.span()):
            continue
        value = lexicon.word_number(match.group())
        if value is None:
            continue
        qualifier = _qualifier(text, match.start(), lexicon.before, ("approximate", "more", "less"))
        add(Detail("number", value, match.group(), match.start(), qualifier), match.end())
    return tuple(sorted(found, key=lambda d: d.start))


# --- what a body of evidence supports ---------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """The details of the texts a statement rests on, indexed for lookup."""

    years: frozenset
    decades: frozenset
    centuries: frozenset
    months: frozenset
    numbers: frozenset
    magnitudes: frozenset

    @classmethod
    def of(cls, texts) -> Evidence:
        found = [d for text in texts for d in details(text)]

        def values(kind: str) -> frozenset:
            return frozenset(d.value for d in found if d.kind == kind)

        years = values("year")
        numbers = (values("number") | frozenset(float(y) for y in years)
                   | frozenset(d.raw for d in found if d.kind == "number" and d.raw is not None))
        return cls(years, values("decade"), values("century"), values("month"), numbers, values("magnitude"))

    def supports(self, detail: Detail) -> bool:
        """Is *detail* given by the evidence, at its precision or a finer one?
        (A decade is supported by a year in it; a year only by that year.)"""
        kind, value = detail.kind, detail.value
        if kind == "year":
            return value in self.years
        if kind == "decade":
            return value in self.decades or any(value <= y < value + 10 for y in self.years)
        if kind == "century":
            low = (value - 1) * 100
            return value in self.centuries or any(low <= y < low + 100 for y in self.years) or any(
                low <= d < low + 100 for d in self.decades)
        if kind == "month":
            return value in self.months
        if kind == "number":
            return value in self.numbers
        if kind == "magnitude":
            return value in self.magnitudes
        return False
