"""Re-render only the pages whose inputs changed (issue 14, incremental
preview): the render stage's ``memo`` under ``mkdocs serve``
(:attr:`scripts.preview.cache.RunCache.memo`).

A page function (``event_page(ctx, event)``, ``timeline_page(ctx)`` …) reads
the corpus only through its :class:`~scripts.renderer.pages.Context`. While
it runs, the context it gets is a :class:`_Recorder` that notes every read:
``(index, key)`` for a lookup in one of the context's indexes
(``ctx.events["x"]``, ``ctx.passages_of_actor.get("iraq")``), ``(index,
ALL)`` for a whole list or an iteration (``ctx.corpus.events``,
``ctx.actors_alphabetical``). Corpus objects are frozen dataclasses
compared by value, so an index entry that compares equal to its value in
the previous build renders the same.

On the next run (``mkdocs serve`` keeps the process), :meth:`Memo.begin`
compares the two contexts, once per index that any page read: which keys
changed, and whether the index changed at all. A page whose reads all hit
unchanged entries is taken from the previous run; any other page is
rendered again (and its reads recorded again). The first run, a run whose
templates changed and ``mkdocs build`` (which has no memo) render everything.

Why reads and not declared dependencies: a declaration per kind of page
can forget something (the neighbours' titles in previous/next, the notes on
a cited passage), and the page would silently show stale text. A recorded
read cannot be forgotten; tests/test_preview.py checks that the result is
byte-identical to a clean build after a series of edits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MethodType

#: The key of a read of a whole index or list (an iteration, ``len``, a sort).
ALL = ("*",)
_MISSING = object()


class _RecordingMapping(Mapping):
    """A context index (a dict) that notes the keys it is asked for."""

    __slots__ = ("_name", "_data", "_reads")

    def __init__(self, name: str, data: dict, reads: set):
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, key):
        self._reads.add((self._name, key))
        return self._data[key]

    def get(self, key, default=None):
        self._reads.add((self._name, key))
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._reads.add((self._name, key))
        return key in self._data

    def __iter__(self):
        self._reads.add((self._name, ALL))
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add((self._name, ALL))
        return len(self._data)


class _RecordingCorpus:
    """``ctx.corpus``: every attribute read is a read of that whole part."""

    __slots__ = ("_corpus", "_reads")

    def __init__(self, corpus, reads: set):
        self._corpus, self._reads = corpus, reads

    def __getattr__(self, name: str):
        self._reads.add((f"corpus.{name}", ALL))
        return getattr(self._corpus, name)


class _Recorder:
    """Stands for a Context while one page is rendered; methods of the
    Context run against the recorder, so their reads are noted too.
    ``ctx.page_part(key, function, *args)`` (a page made inside a page) is
    :meth:`Memo.page`."""

    __slots__ = ("_ctx", "_reads", "_made")

    def __init__(self, ctx, reads: set, memo: Memo):
        self._ctx, self._reads, self._made = ctx, reads, {"page_part": memo.page}

    def __getattr__(self, name: str):
        made = self._made.get(name)
        if made is not None:        # a page asks for the same index thousands of times
            return made
        kind = getattr(type(self._ctx), name, None)
        if name == "corpus":
            made = _RecordingCorpus(self._ctx.corpus, self._reads)
        elif callable(kind) and not isinstance(kind, (cached_property, property)):
            made = MethodType(kind, self)
        else:
            value = getattr(self._ctx, name)
            if not isinstance(value, dict):
                self._reads.add((name, ALL))
                return value
            made = _RecordingMapping(name, value, self._reads)
        self._made[name] = made
        return made


def _value(ctx, name: str):
    if name.startswith("corpus."):
        return getattr(ctx.corpus, name[len("corpus."):])
    return getattr(ctx, name)


def _changes(old_ctx, new_ctx, name: str) -> tuple[bool, set]:
    """(did the index change at all, which of its keys changed)."""
    old, new = _value(old_ctx, name), _value(new_ctx, name)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = {k for k in old.keys() | new.keys() if _differ(old.get(k, _MISSING), new.get(k, _MISSING))}
        return bool(keys) or list(old) != list(new), keys
    return _differ(old, new), set()


def _differ(old, new) -> bool:
    # Unchanged corpus objects are the very same from run to run
    # (cache.reuse_unchanged): no need to look inside them.
    return old is not new and old != new


@dataclass(frozen=True)
class _Entry:
    result: object
    reads: frozenset
    args: tuple
    parts: tuple        # keys of the pages made inside this one (see Memo.page)


class Memo:
    """Pages of the previous run and what each of them read.

    A page function may make other pages through :meth:`page` (the
    continuation pages of a long list): those are parts of the page. A part
    keeps its own reads and arguments, so an edit that changes one part of
    a list renders that part, and the page with the list is reused only
    when none of its parts changed either."""

    def __init__(self):
        self._ctx = self._old_ctx = None
        self._stamp: bytes | None = None
        self._entries: dict[tuple, _Entry] = {}
        self._fresh: dict[tuple, _Entry] = {}
        self._dirty: dict[str, tuple[bool, set]] = {}
        self._making: list[list] = []       # the parts of the pages being made, innermost last
        self.rendered = 0
        self.reused = 0

    def begin(self, ctx, stamp: bytes):
        """Start a run with *ctx*; *stamp* says what the templates are
        (:func:`scripts.renderer.templates.templates_stamp`). Returns
        :meth:`page`."""
        if self._old_ctx is None or stamp != self._stamp:
            self._entries = {}
        self._fresh, self._dirty, self.rendered, self.reused = {}, {}, 0, 0
        if self._entries:
            names = {name for entry in self._entries.values() for name, _key in entry.reads}
            self._dirty = {name: _changes(self._old_ctx, ctx, name) for name in sorted(names)}
        self._ctx, self._stamp = ctx, stamp
        return self.page

    def _unchanged(self, entry: _Entry) -> bool:
        dirty = self._dirty
        for name, key in entry.reads:
            changed_at_all, keys = dirty[name]
            if changed_at_all and (key == ALL or key in keys):
                return False
        return all(self._unchanged(self._entries[part]) for part in entry.parts)

    def _keep(self, key: tuple, entry: _Entry) -> None:
        self._fresh[key] = entry
        for part in entry.parts:
            self._keep(part, self._entries[part])

    def page(self, key: tuple, function, *args):
        """``function(ctx, *args)``, or its result of the previous run when
        *args* are equal to the previous ones and nothing it read through
        the context has changed. *key* names the page (``("event", id)``).
        *args* are compared by value: corpus objects, strings, module-level
        functions (a closure over the context would hide its reads)."""
        if self._ctx is None:                # a page function called outside a run
            raise RuntimeError("Memo.page outside a run (call begin first)")
        if self._making:
            self._making[-1].append(key)
        previous = self._entries.get(key)
        if previous is not None and previous.args == args and self._unchanged(previous):
            self._keep(key, previous)
            self.reused += 1
            return previous.result
        reads: set = set()
        self._making.append([])
        try:
            result = function(_Recorder(self._ctx, reads, self), *args)
        finally:
            parts = self._making.pop()
        self._fresh[key] = _Entry(result, frozenset(reads), args, tuple(parts))
        self.rendered += 1
        return result

    def end(self) -> None:
        """Finish the run: its pages are the base of the next."""
        self._entries, self._old_ctx = self._fresh, self._ctx
        self._fresh, self._ctx, self._dirty = {}, None, {}

