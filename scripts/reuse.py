"""What a long-lived process may keep from one pipeline run to the next.

The stages are pure: they take their inputs and return their output, and
none of them takes or holds a cache. ``mkdocs build`` runs them once. Under
``mkdocs serve`` they run again after every save, and most of what they
compute is a function of inputs that did not change (a passage's
normalized text, the names a source mentions, the JSON of a record, a
page). Such a function is marked :func:`reusable`; while the preview runs
the pipeline inside :func:`reusing` (scripts/preview/), a reusable
function's result is kept *by its arguments* for the next run. Outside it
(``mkdocs build``, the gate, the tests) a reusable function is just called.

A reusable function depends on its arguments only (positional, hashable):
its arguments are its key, so a kept value can be missing but never stale.

Two more things a store may keep, asked for by the pipeline and the render
stage, each the identity outside :func:`reusing`:

* :func:`settled`: the corpus with every part equal to the last run's
  replaced by the last run's very object (comparisons then stop at identity);
* :func:`page_maker`: how the render stage makes a page (the store's page
  memo takes the last run's page when nothing it read changed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial, wraps
from typing import Any, Protocol


class Store(Protocol):
    """What :func:`reusing` needs (scripts/preview/cache.py: RunCache)."""

    def get(self, name: str, key, compute: Callable[[], Any]): ...

    def same_objects(self, corpus): ...

    memo: Any


_store: ContextVar[Store | None] = ContextVar("scripts.reuse store", default=None)


def reusable(function):
    """Mark *function* (pure, positional hashable arguments) as one whose
    results a store may keep by its arguments (see the module's docstring)."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def call(*args):
        store = _store.get()
        if store is None:
            return function(*args)
        return store.get(name, args, partial(function, *args))

    return call


class Same:
    """An argument that stands for its very object, for an unhashable one (a
    parsed YAML document): equal only to a :class:`Same` of the same object.
    Parsing is reusable, so an unchanged file gives the very document of the
    last run; the kept key holds the object, so its identity cannot be
    taken by another."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other) -> bool:
        return isinstance(other, Same) and other.value is self.value


class Derived:
    """An argument computed from the others (the tokens of a text given
    with the text), passed for speed: it takes no part in the key, so it
    must not change the result."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other) -> bool:
        return isinstance(other, Derived)


class PlainData:
    """An argument of plain data (dicts and lists of text, numbers, None:
    a CSL record), unhashable: equal when its ``repr`` is."""

    __slots__ = ("value", "text")

    def __init__(self, value):
        self.value, self.text = value, repr(value)

    def __hash__(self) -> int:
        return hash(self.text)

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainData) and other.text == self.text


@contextmanager
def reusing(store: Store) -> Iterator[Store]:
    """Within this block, reusable functions, :func:`settled` and
    :func:`page_maker` use *store* (the preview's, for one pipeline run)."""
    token = _store.set(store)
    try:
        yield store
    finally:
        _store.reset(token)


def settled(corpus):
    """*corpus*, or under a store the equal parts of the last run's corpus."""
    store = _store.get()
    return corpus if store is None else store.same_objects(corpus)


@contextmanager
def page_maker(ctx, stamp) -> Iterator[Callable]:
    """``page(key, function, *args)`` → ``function(ctx, *args)``: a page of
    the render stage, or under a store the last run's page when nothing it
    read changed (scripts/preview/memo.py; *stamp* names the templates)."""
    store = _store.get()
    if store is None:
        yield lambda _key, function, *args: function(ctx, *args)
        return
    yield store.memo.begin(ctx, stamp)
    store.memo.end()
