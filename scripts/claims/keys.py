"""Claims compared across the corpus by their key.

A citation may state a claim with a key ``subject predicate object`` (two
actor ids around a predicate of ``sources/claims.yml``). Statements of the
same key are compared wherever they are, in any event and any source: two
whose dates share no day, or whose quantities do not overlap, disagree. A
predicate that *ends* another ("halts-arms-supplies-to" ends
"supplies-arms-to") disagrees with a statement that the course went on
after its date (after the day it began, for a halt still in force:
"1990-08-02/.."). A predicate that *opposes* another
("strains-relations-with" opposes "supports") disagrees in interpretation
with a statement of the other whose date shares a day with its own: two
readings of the same relation at the same time. Statements of different
keys are never compared: "since 1994" (support began) and "1991" (the
blockade) are about different things.

A citation without a key is about its event: its statements are compared
with the other unkeyed citations of that event only (the event's
``dispute:`` block holds the readings).

Pure: in the events and the vocabulary, out :class:`KeyDispute` s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from slugify import slugify

from scripts import dates
from scripts.claims.quantities import quantities_agree

KEY = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*) ([a-z0-9]+(?:-[a-z0-9]+)*) ([a-z0-9]+(?:-[a-z0-9]+)*)")


@dataclass(frozen=True)
class ClaimKey:
    subject: str
    predicate: str
    object: str

    @property
    def text(self) -> str:
        return f"{self.subject} {self.predicate} {self.object}"


def parse_key(text: str | None) -> ClaimKey | None:
    match = KEY.fullmatch(text or "")
    return ClaimKey(*match.groups()) if match else None


def citation_id(event_id: str, index: int) -> str:
    """A citation's id in the exports: ``event-id/c1`` (1-based, in file order)."""
    return f"{event_id}/c{index + 1}"


def chain(citation, source_name: str) -> str:
    """Who holds a claim, with the chain of report: "Soviet officials,
    reported by the Heritage Foundation, quoted by Wikipedia"; the source
    itself when it speaks for itself."""
    if not citation.claimant:
        return source_name
    return ", ".join([citation.claimant, *(f"reported by {v}" for v in citation.via), f"quoted by {source_name}"])


@dataclass(frozen=True)
class Statement:
    """One keyed citation: where it is and what it says."""

    event_id: str
    index: int                  # 0-based, in the event's citations
    citation: object
    key: ClaimKey
    date: dates.Statement | None

    @property
    def id(self) -> str:
        return citation_id(self.event_id, self.index)


@dataclass(frozen=True)
class KeyReading:
    label: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class KeyDispute:
    """A disagreement computed across the corpus about one claim key."""

    id: str                     # "soviet-union-supplies-arms-to-iraq"
    key: ClaimKey               # the course (the predicate that the others end or oppose)
    kind: str                   # "date" | "quantity" | "interpretation"
    readings: tuple[KeyReading, ...]
    detail: str                 # "1987 vs ../1991 (blog… vs riac…)"

    @property
    def event_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.event_id for r in self.readings for s in r.statements))


def statements(events) -> list[Statement]:
    """Every keyed citation of *events* whose says could be read."""
    found = []
    for event in events:
        for index, citation in enumerate(event.citations):
            key = parse_key(citation.claim)
            if key is None or citation.says is None:
                continue
            try:
                stated = dates.statement(citation.says.date)
            except dates.StatementError:
                stated = None
            found.append(Statement(event.id, index, citation, key, stated))
    return found


def _dated(statement: Statement) -> bool:
    return statement.date is not None and not statement.date.stated_nothing


def _latest_halt(halt: Statement):
    """The latest day a halt allows: its end, or, for a halt still in force
    ("1990-08-02/.."), the latest day it can have begun."""
    if halt.date.points[-1].open and not halt.date.points[0].open:
        return dates.statement(halt.citation.says.date.split("/")[0]).high
    return halt.date.high


def _conflict(a: Statement, b: Statement, ends: dict, opposes: dict | None = None) -> str | None:
    """"date", "quantity" or "interpretation" when *a* and *b* cannot both
    be true, else None."""
    opposes = opposes or {}
    pa, pb = a.key.predicate, b.key.predicate
    if pa != pb and (opposes.get(pa) == pb or opposes.get(pb) == pa):
        # Two readings of one relation: they disagree where both speak of the same time.
        return "interpretation" if _dated(a) and _dated(b) and dates.overlap(a.date, b.date) else None
    if pa != pb and (ends.get(pa) == pb or ends.get(pb) == pa):
        halt, course = (a, b) if ends.get(pa) == pb else (b, a)
        if not _dated(halt) or not _dated(course) or course.date.points[-1].open:
            return None                 # "from 1982 on" states no end: nothing to compare
        # The course went on after the latest day the halt allows.
        return "date" if course.date.high > _latest_halt(halt) else None
    if pa != pb:
        return None                     # two halts of one course, two readings against one: not each other's
    if a.date is not None and b.date is not None and not (a.date.stated_nothing or b.date.stated_nothing) \
            and not dates.overlap(a.date, b.date):
        return "date"
    for qa in a.citation.says.quantities:
        for qb in b.citation.says.quantities:
            if not quantities_agree(qa, qb):
                return "quantity"
    return None


def _label(statement: Statement, means: dict, several_predicates: bool) -> str:
    says = statement.citation.says
    parts = [dates.words(says.date)] if statement.date is not None and not statement.date.stated_nothing else []
    parts += [q.words() for q in says.quantities]
    label = "; ".join(parts) or "no date stated"
    return f"{means.get(statement.key.predicate, statement.key.predicate)}: {label}" if several_predicates else label


def _sort_day(statement: Statement):
    """Readings in time order: by their first day, or their last when the start is open ("until 1991")."""
    if statement.date is None or statement.date.stated_nothing:
        return dates.statement("9999").low
    return statement.date.high if statement.date.points[0].open else statement.date.low


def key_disputes(events, predicates) -> tuple[KeyDispute, ...]:
    """The disagreements among the keyed citations of *events*, one per
    course key (subject, the predicate or the one it ends, object), each
    with one reading per distinct statement, earliest first."""
    ends = {p.id: p.ends for p in predicates if p.ends}
    opposes = {p.id: p.opposes for p in predicates if p.opposes}
    means = {p.id: p.means for p in predicates}
    families: dict[ClaimKey, list[Statement]] = {}
    for found in statements(events):
        predicate = found.key.predicate
        course = ClaimKey(found.key.subject, ends.get(predicate) or opposes.get(predicate) or predicate,
                          found.key.object)
        families.setdefault(course, []).append(found)
    out = []
    for course, members in families.items():
        conflicts = []
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                kind = _conflict(members[i], members[j], ends, opposes)
                if kind:
                    conflicts.append((kind, members[i], members[j]))
        if not conflicts:
            continue
        involved = [m for m in members if any(m is a or m is b for _kind, a, b in conflicts)]
        several = len({m.key.predicate for m in involved}) > 1
        groups: dict[str, list[Statement]] = {}
        for member in involved:
            groups.setdefault(_label(member, means, several), []).append(member)
        order = sorted(groups.items(), key=lambda item: (min((_sort_day(m) for m in item[1]), default=dates.statement(
            "9999").low), item[0]))
        readings = tuple(KeyReading(label, tuple(group)) for label, group in order)
        kinds = sorted({kind for kind, _a, _b in conflicts})
        detail = "; ".join(f"{a.citation.says.date} ({a.id}) vs {b.citation.says.date} ({b.id})"
                           for _kind, a, b in conflicts)
        out.append(KeyDispute(slugify(course.text), course, kinds[0], readings, detail))
    return tuple(sorted(out, key=lambda d: d.id))


def event_partitions(event) -> list[list[int]]:
    """The citations of *event* that are compared with each other inside
    the event: the unkeyed ones (about the event itself). Keyed citations
    are compared across the corpus instead (:func:`key_disputes`)."""
    return [[i for i, c in enumerate(event.citations) if parse_key(c.claim) is None]]
