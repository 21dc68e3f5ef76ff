"""Alias proposals for the editorial queue: a name no actor carries, which
the queue proposes as an alias of an actor it probably names.

Three rules, none of which links anything (an editor decides):

* a dotted abbreviation is compared without its dots ("U.S." → US, an
  alias of united-states);
* an abbreviation is compared with the initials of the actors' names
  ("U.K." → United Kingdom);
* a name listed in ``scripts/data/other_names.yml`` with a name or alias
  of one actor ("Great Britain" with United Kingdom).

In: the actors. Out: :class:`Proposals`, asked with :meth:`Proposals.actor_for`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from scripts.errors import BuildFailed
from scripts.folding import normalize_key, tokenize

DATA = Path(__file__).parent / "data" / "other_names.yml"
DISPLAY = "scripts/data/other_names.yml"

#: Letters with a full stop after each, two or more: U.S., U.K., U.S.S.R.
ABBREVIATION = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,})(?![\w])")
#: Small words left out of initials (United States of America = USA).
_SMALL = frozenset({"of", "the", "and", "for"})


@cache
def other_names(path: Path = DATA, display: str = DISPLAY) -> tuple[tuple[str, ...], ...]:
    """The groups of other names (checked against their schema)."""
    from scripts.schemacheck import schema_problems
    from scripts.yamlio import read_yaml_file

    data, problems = read_yaml_file(path, display)
    if not problems:
        problems = schema_problems(data, "other_names", display)
    if problems:
        raise BuildFailed(problems)
    return tuple(tuple(group) for group in data["groups"])


def _initials(name: str) -> str:
    words = [surface for _s, _e, surface in tokenize(name)[0] if surface[:1].isalpha()]
    if len(words) < 2:
        return ""
    return "".join(w[0] for w in words if w.casefold() not in _SMALL).casefold()


class Proposals:
    """Which actor an unknown name probably names, if exactly one."""

    def __init__(self, actors, groups=None):
        owners: dict[str, set] = defaultdict(set)
        for actor in actors:
            for name in (actor.name,) + actor.aliases:
                owners[normalize_key(name)].add(actor.id)
        self._own = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1}
        found: dict[str, set] = defaultdict(set)
        for actor in actors:
            for name in (actor.name,) + actor.aliases:
                initials = _initials(name)
                if initials:
                    found[initials].add(actor.id)
        for group in other_names() if groups is None else groups:
            ids = set().union(*(owners.get(normalize_key(name), set()) for name in group))
            if len(ids) == 1:
                for name in group:
                    found[normalize_key(name)] |= ids
        self._other = {key: next(iter(ids)) for key, ids in found.items() if len(ids) == 1}

    def actor_for(self, name: str) -> str | None:
        """The actor *name* probably names, or None."""
        if ABBREVIATION.fullmatch(name):
            compact = normalize_key(name.replace(".", ""))
            return self._own.get(compact) or self._other.get(compact)
        return self._other.get(normalize_key(name))
