"""scripts/reuse.py: a reusable function is called as it is outside a store
and kept by its arguments inside one; the argument wrappers compare as
their docstrings say."""

from __future__ import annotations

from scripts.preview.cache import RunCache
from scripts.reuse import Derived, PlainData, Same, reusable, reusing

calls: list = []


@reusable
def _length(text: str, hint: Derived) -> int:
    calls.append(text)
    return len(text) + hint.value


def test_outside_a_store_a_reusable_function_is_called_every_time():
    calls.clear()
    assert _length("abc", Derived(0)) == 3 and _length("abc", Derived(0)) == 3
    assert calls == ["abc", "abc"]


def test_inside_a_store_results_are_kept_by_the_arguments_for_the_next_run():
    calls.clear()
    store = RunCache()
    with reusing(store):
        assert _length("abc", Derived(0)) == 3
        assert _length("abc", Derived(5)) == 3          # a Derived argument is no part of the key
        assert _length("abcd", Derived(0)) == 4
    store.finish()
    with reusing(store):
        assert _length("abc", Derived(0)) == 3          # kept from the last run
    store.finish()
    assert calls == ["abc", "abcd"]
    with reusing(store):
        _length("abcd", Derived(0))                     # the last run did not use it: forgotten
    assert calls == ["abc", "abcd", "abcd"]
    _length("abc", Derived(0))                          # the block is over: no store
    assert calls[-1] == "abc" and len(calls) == 4


def test_same_compares_by_identity_and_plain_data_by_value():
    document = {"a": [1]}
    assert Same(document) == Same(document) and Same(document) != Same({"a": [1]})
    assert hash(Same(document)) == hash(Same(document))
    assert PlainData([{"a": 1}]) == PlainData([{"a": 1}]) and PlainData([{"a": 1}]) != PlainData([{"a": 2}])
    assert hash(PlainData([{"a": 1}])) == hash(PlainData([{"a": 1}]))
