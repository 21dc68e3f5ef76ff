"""Time-scoped identity: which of several actors that carry one name in
turn (Russia: the Russian Empire, the Soviet Union, the Russian Federation)
a mention means, from the dates around it.

In: the text of a sentence or passage, the date intervals of the events
that cite a passage, and each candidate's :class:`~scripts.model.Lifespan`.
Out: the candidates that may exist at every date of the first context that
has dates (the mention's sentence, then its passage, then the events that
cite the passage). Nothing here guesses: when no context leaves exactly one
candidate, the caller sends the mention to the editorial queue.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from scripts.dates import MONTHS

_MONTH = "|".join(MONTHS)
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
             "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ORDINAL_WORD = "|".join(_ORDINALS) + r"|twenty-first"
_UNIT = r"(?!\s*(?:percent|per cent|%|million|billion|thousand|km|miles?|tanks|dollars|barrels|troops|people))"

#: Dates as prose writes them, most precise first (one pass: alternatives in
#: this order, so "9 September 1944" is read as a day, not as a year).
DATE_PHRASE = re.compile(
    rf"(?P<since>\b(?:since|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:of\s+|in\s+)?)?(?:"
    rf"(?:(?P<day1>\d{{1,2}})\s+)?(?P<month>{_MONTH})\s+(?:(?P<day2>\d{{1,2}}),?\s+)?(?P<myear>\d{{4}})\b"
    rf"|(?P<decade>\d{{3}}0)s\b"
    rf"|(?P<first>\d{{4}})\s*[–-]\s*(?P<last>\d{{2,4}})\b(?![–-]\d)"
    rf"|(?P<century>\d{{1,2}})(?:st|nd|rd|th)[\s-]+century"
    rf"|(?P<centuryword>{_ORDINAL_WORD})[\s-]+century"
    rf"|(?<![\d,.$£€])(?P<year>\d{{4}})(?!\d|,\d|\.\d){_UNIT}"
    rf")", re.IGNORECASE)

#: Years outside this span are amounts, not years.
YEAR_SPAN = (600, 2100)
_OPEN_END = date(9999, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


#: A date that qualifies a noun through a past participle ("the sanctions
#: imposed in August 1990", "the treaty signed in 1972"): it dates that
#: noun, not the other names of the sentence. Not after an auxiliary ("Russia
#: was formed in 1991") nor a name's own verb ("Moscow agreed in 1972"),
#: which :func:`date_intervals` keeps.
_QUALIFIER = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+(?:[a-z][\w-]*\s+){0,2}"
                        r"[a-z][\w-]*\s+(?:[a-z]+ed|made|signed|held|built|sold|begun|given|set)\s+"
                        r"(?:in|on|since|from|of)\s+(?:the\s+)?$")


def date_intervals(text: str, qualifiers: bool = True) -> list[tuple[date, date]]:
    """The dates *text* states, each as (first day, last day): "March 1991"
    → March 1991, "the 1970s" → 1970–1979, "1955–59" → 1955–1959, "the
    eighteenth century" → 1701–1800 (read as 1700–1799, as EDTF's ``17XX``),
    a year alone → that year. After "since" or "from" the interval stays
    open to the present."""
    found = []
    for match in DATE_PHRASE.finditer(text):
        if not qualifiers and _QUALIFIER.search(text[max(0, match.start() - 80):match.start()]):
            continue
        interval = _interval(match)
        if interval is None:
            continue
        start, end = interval
        if not (YEAR_SPAN[0] <= start.year <= YEAR_SPAN[1]):
            continue
        if match["since"]:
            end = _OPEN_END
        found.append((start, end))
    return found


def _interval(match: re.Match) -> tuple[date, date] | None:
    """The first and last day of the date *match* states, or None when a
    year in it lies outside YEAR_SPAN (an amount or a code such as "0000",
    not a year; no calendar holds year 0)."""
    years = [int(match[group]) for group in ("myear", "decade", "first", "year") if match[group]]
    if any(not YEAR_SPAN[0] <= year <= YEAR_SPAN[1] for year in years):
        return None
    if match["month"]:
        year, month = int(match["myear"]), MONTHS.index(match["month"].capitalize()) + 1
        day = match["day1"] or match["day2"]
        if day and 1 <= int(day) <= _month_end(year, month).day:
            return date(year, month, int(day)), date(year, month, int(day))
        return date(year, month, 1), _month_end(year, month)
    if match["decade"]:
        year = int(match["decade"])
        return date(year, 1, 1), date(year + 9, 12, 31)
    if match["first"]:
        first, last = match["first"], match["last"]
        end = int(first[: 4 - len(last)] + last) if len(last) < 4 else int(last)
        if end <= int(first) or end > YEAR_SPAN[1]:
            return date(int(first), 1, 1), date(int(first), 12, 31)
        return date(int(first), 1, 1), date(end, 12, 31)
    if match["century"] or match["centuryword"]:
        if match["century"]:
            number = int(match["century"])
        else:
            word = match["centuryword"].lower()
            number = 21 if word == "twenty-first" else _ORDINALS.index(word) + 1
        if not 1 <= number <= 21:
            return None
        return date(max(1, (number - 1) * 100), 1, 1), date((number - 1) * 100 + 99, 12, 31)
    year = int(match["year"])
    return date(year, 1, 1), date(year, 12, 31)


def fitting(candidates, lifespans: dict, contexts) -> tuple[set, int]:
    """The candidates that may exist at every date of the first context with
    dates that leaves exactly one, and the index of that context; otherwise
    the candidates left by the first context that leaves some, and -1.

    *contexts* is a sequence of lists of (start, end) intervals, most
    specific first. A context where exactly one candidate fits decides; a
    context where none or several fit is passed over (it spans eras, or
    says too little), and the next one is tried. A candidate without a
    lifespan fits every date."""
    narrowest: set | None = None
    for index, intervals in enumerate(contexts):
        if not intervals:
            continue
        fit = {c for c in candidates
               if lifespans.get(c) is None or all(lifespans[c].may_overlap(s, e) for s, e in intervals)}
        if len(fit) == 1:
            return fit, index
        if fit and narrowest is None:
            narrowest = fit
    return (set(candidates) if narrowest is None else narrowest), -1


def ruled_out(lifespan, contexts) -> bool:
    """Whether the most specific of *contexts* that has dates rules out an
    actor with *lifespan*: it can exist at none of that context's dates
    ("the Russians" in a memorandum of 1958 are not the Russian Federation,
    which exists from December 1991). A name only one actor carries cannot
    be resolved to another by the date, so such a mention is not linked and
    the caller sends it to the editorial queue. No lifespan, or no dates:
    never ruled out. *contexts* as for :func:`fitting`."""
    if lifespan is None:
        return False
    for intervals in contexts:
        if intervals:
            return not any(lifespan.may_overlap(start, end) for start, end in intervals)
    return False

