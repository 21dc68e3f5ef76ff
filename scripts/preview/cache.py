"""What one pipeline run keeps for the next under ``mkdocs serve``.

``mkdocs serve`` keeps one process for hours and runs the pipeline after
every save; most of what a run computes (a passage's normalized text, the
names in a paragraph, a record's JSON, a page) is a function of inputs that
did not change. :class:`RunCache` is the one object that keeps such
results for one serve session (the plugin's :class:`~scripts.preview.internals.Preview`
owns it and runs the pipeline inside ``scripts.reuse.reusing(cache)``);
the stages know nothing of it: their reusable functions
(:func:`scripts.reuse.reusable`) ask the store of the run, if any, by
their name and arguments (without one they compute everything: ``mkdocs
build`` runs the pipeline once, so a cache would only cost it memory and time).

A run keeps the entries it used and drops the others (:meth:`RunCache.finish`),
so the cache holds one corpus (two after a failed run), never the history
of an editing session.
A key must hold *everything* the value depends on (the text itself, not its
id): a stale value cannot be returned, only a missing one computed.
"""

from __future__ import annotations

import dataclasses

from scripts.preview.memo import Memo
from scripts.reuse import reusing

_MISSING = object()


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
    """Results of the last pipeline run, by name and key; the pages of the
    last run (:attr:`memo`, for the render stage); the last run's corpus
    (:meth:`same_objects`)."""

    def __init__(self):
        self._previous: dict = {}
        self._current: dict = {}
        self._corpus = None
        self.memo = Memo()

    def run(self, pipeline, *args):
        """``pipeline(*args)`` (:func:`scripts.pipeline.run`) inside
        :func:`scripts.reuse.reusing` this cache: what the last run computed
        is reused where its inputs are equal; then :meth:`finish`."""
        succeeded = False
        try:
            with reusing(self):
                result = pipeline(*args)
            succeeded = not result.problems
            return result
        finally:
            self.finish(succeeded)

    def get(self, name: str, key, compute):
        """The value of ``compute()`` for *key* among the results called
        *name* (``"normalized text"``): kept from the last run, else computed."""
        # Keys are often tuples of large values (a passage's text and its
        # spans); a tuple does not keep its hash, so it is computed once here.
        key = _Key((name, key))
        value = self._current.get(key, _MISSING)
        if value is _MISSING:
            value = self._previous.pop(key, _MISSING)
            if value is _MISSING:
                value = compute()
            self._current[key] = value
        return value

    def same_objects(self, corpus):
        """*corpus* with every part equal to the last run's replaced by the
        last run's very object (:func:`reuse_unchanged`); kept for the next run."""
        self._corpus = reuse_unchanged(corpus, self._corpus)
        return self._corpus

    def finish(self, succeeded: bool = True) -> None:
        """End of a pipeline run: what a run that *succeeded* did not use is
        forgotten. A failed run keeps everything: it stops before the last
        stages and may lack a file (a text saved before its catalog's new
        sha256), so its keys differ from the next good run's; forgetting the
        last good run's values would make that run recompute nearly all."""
        if succeeded:
            self._previous, self._current = self._current, {}
        else:
            self._previous.update(self._current)
            self._current = {}


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
