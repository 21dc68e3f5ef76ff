"""Which parts of an event's date its citations state.

An EDTF date *states* some of its components: century, decade and year
(the four year digits), season, month and day. ``1979`` states century,
decade and year; ``XXXX-08-22`` states month and day but no year; ``197X``
states century and decade. A component of an event's date that no
agreeing citation states is the editors' inference: it needs
``inferred:`` and is shown in brackets ("22 August [1990]").
"""

from __future__ import annotations

from scripts.dates import PRECISION, Statement, StatementError, statement, words

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
