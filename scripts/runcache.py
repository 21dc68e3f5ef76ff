"""Results of pure functions kept from one pipeline run to the next.

``mkdocs serve`` keeps one process for hours and runs the pipeline after
every save; most of what a run computes (a passage's normalized text, the
names in a paragraph, a record's JSON) is a function of inputs that did not
change. A :class:`RunCache` keeps such results by their inputs: a run keeps
the entries it used and drops the others (:func:`finish_run`, called by the
pipeline), so the cache holds one corpus, never the history of an
editing session. Only a long-running process keeps anything
(:func:`keep_between_runs`, called by the plugin under ``mkdocs serve``):
``mkdocs build`` runs the pipeline once, so a cache would only cost it
memory (about 0.6 GB at 1000 sources) and time.

A key must hold *everything* the value depends on (the text itself, not its
id): a stale value cannot be returned, only a missing one computed.
"""

from __future__ import annotations

import dataclasses

_ALL: list[RunCache] = []
_MISSING = object()
_KEEP = {"on": False}


def keep_between_runs(on: bool = True) -> None:
    """Keep results from one run to the next (``mkdocs serve``), or not."""
    _KEEP["on"] = on
    if not on:
        forget_all()


def keeping() -> bool:
    return _KEEP["on"]


class _Key:
    """A key with its hash computed once."""

    __slots__ = ("key", "hash")

    def __init__(self, key):
        self.key, self.hash = key, hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.key == other.key


class RunCache:
    """``cache.get(key, compute)``: the value for *key*, computed by
    ``compute()`` when the previous run did not compute it."""

    def __init__(self, name: str):
        self.name = name
        self._previous: dict = {}
        self._current: dict = {}
        _ALL.append(self)

    def get(self, key, compute):
        if not _KEEP["on"]:
            return compute()
        # Keys are often tuples of large values (a passage's text and its
        # spans); a tuple does not keep its hash, so it is computed once here.
        if type(key) is not str:        # a string keeps its hash already
            key = _Key(key)
        value = self._current.get(key, _MISSING)
        if value is _MISSING:
            value = self._previous.pop(key, _MISSING)
            if value is _MISSING:
                value = compute()
            self._current[key] = value
        return value

    def finish(self) -> None:
        self._previous, self._current = self._current, {}


def finish_run() -> None:
    """End of a pipeline run: what it did not use is forgotten."""
    for cache in _ALL:
        cache.finish()


def reuse_unchanged(new, old):
    """*new*, a frozen dataclass whose fields are mostly tuples of frozen
    dataclasses (the corpus), with every item equal to *old*'s item of the
    same ``id`` (else the same position) replaced by *old*'s very object.

    Equal values, so nothing built from them can differ. What it buys: the
    next run's comparisons with this one (the page memo's, a cache key's)
    meet the same objects for everything that did not change, and Python
    compares identical objects inside tuples and lists without looking
    into them (the memo's comparisons were a large part of a save:
    bench/README.md).
    Each item is compared once here instead."""
    if old is None or type(old) is not type(new):
        return new
    changes = {}
    for field in dataclasses.fields(new):
        value, previous = getattr(new, field.name), getattr(old, field.name)
        if isinstance(value, tuple) and isinstance(previous, tuple):
            changes[field.name] = _reuse_items(value, previous)
        elif value == previous:
            changes[field.name] = previous
    return dataclasses.replace(new, **changes)


def _reuse_items(items: tuple, previous_items: tuple) -> tuple:
    previous_by_key = {getattr(item, "id", position): item for position, item in enumerate(previous_items)}
    out = []
    for position, item in enumerate(items):
        previous = previous_by_key.get(getattr(item, "id", position))
        out.append(previous if previous is not None and previous == item else item)
    return tuple(out)


class DocumentCache:
    """One result per *slot* (a file's name), kept while the document it was
    computed from is the very same object: stages/load.py hands the same
    parsed document from run to run while its file's bytes are unchanged,
    so checking it again would find the same problems. Unlike
    :class:`RunCache` it is kept by ``mkdocs build`` too (one entry per
    file)."""

    def __init__(self, name: str):
        self.name = name
        self._kept: dict = {}
        also_forget(self._kept.clear)

    def get(self, slot, document, compute):
        kept = self._kept.get(slot)
        if kept is None or kept[0] is not document:
            kept = self._kept[slot] = (document, compute())
        return kept[1]


_FORGETTERS: list = []


def also_forget(forget) -> None:
    """Register a function that empties a cache kept elsewhere (the page
    memo, the parsed YAML files): :func:`forget_all` calls it."""
    _FORGETTERS.append(forget)


def forget_all() -> None:
    """Empty every cache, as in a new process (tests compare an incremental
    run with a clean one in the same process)."""
    for cache in _ALL:
        cache._previous, cache._current = {}, {}
    for forget in _FORGETTERS:
        forget()
