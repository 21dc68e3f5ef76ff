"""Which parts of an event's date its citations state.

An EDTF date *states* some of its components: century, decade and year
(the four year digits), season, month and day. ``1979`` states century,
decade and year; ``XXXX-08-22`` states month and day but no year; ``197X``
states century and decade. A component of an event's date that no
agreeing citation states is the editors' inference: it needs
``inferred:`` and is shown in brackets ("22 August [1990]").
"""

from __future__ import annotations

from scripts.dates import PRECISION, SEASONS, Statement, StatementError, statement, words

#: What to write in a citation's says.date to state a component (for hints).
COMPONENT_WORDS = {"century": "century", "decade": "decade", "year": "year", "season": "season",
                   "month": "month", "day": "day"}


def covered(component: str, stated: frozenset) -> bool:
    """Is *component* stated, directly or by a finer one (a month states its season)?"""
    return component in stated or (component == "season" and "month" in stated)


def unstated(event: Statement, supports: list[Statement]) -> frozenset:
    """The components of *event* that none of *supports* states."""
    stated = frozenset().union(*(s.components for s in supports)) if supports else frozenset()
    return frozenset(c for c in event.components if not covered(c, stated))


def finest(components) -> str:
    return max(components, key=PRECISION.__getitem__) if components else "unknown"


def bracketed_label(text: str, missing: frozenset) -> str:
    """The reader's label of an event date with the *missing* components in
    square brackets: ``22 August [1990]``, ``[1970s]``, ``May [2018]``.
    Raises :class:`~scripts.dates.StatementError` for a date it cannot read."""
    statement(text)
    return words(text, missing)


def says_label(text: str) -> str:
    """A says.date in words, saying which parts the text leaves open."""
    try:
        return bracketed_label(text, frozenset())
    except StatementError:
        return text


# --- by value -------------------------------------------------------------------------------------


def _point_states(event_point, component: str, stating) -> bool:
    """Does some point of *stating* give the same value as *event_point* for
    *component* (a year 1990 is stated only by a 1990; a month only by the
    same month of the same year, or of a date whose year is left open)?"""
    for point in stating:
        if point.open or not covered(component, point.components):
            continue
        if component == "century" and point.year[:2] == event_point.year[:2]:
            return True
        if component == "decade" and point.year[:3] == event_point.year[:3]:
            return True
        if component == "year" and point.year == event_point.year:
            return True
        same_year = point.year == event_point.year or not point.year[3:].isdigit()
        if component == "season" and same_year and point.month and event_point.month and (
                point.month == event_point.month or _in_season(point.month, event_point.month)):
            return True
        if component == "month" and same_year and point.month == event_point.month:
            return True
        if component == "day" and same_year and point.month == event_point.month and point.day == event_point.day:
            return True
    return False


def _in_season(month: str, season: str) -> bool:
    if not (month.isdigit() and season.isdigit() and int(season) in SEASONS):
        return False
    _name, first, last = SEASONS[int(season)]
    return first <= int(month) <= last


def unstated_values(event: Statement, stating: list[Statement]) -> tuple[frozenset, ...]:
    """For each point of *event* (one, or two for an interval), the
    components whose value no point of *stating* gives: ``1990-08/2003-05``
    with citations stating only ``1990`` and ``2003`` leaves both months
    unstated; a citation stating some *other* year states no year of it."""
    points = [p for s in stating for p in s.points]
    return tuple(frozenset(c for c in point.components if not _point_states(point, c, points))
                 for point in event.points)
