"""Which explanation of ``sources/editorial/`` answers an editorial item.

An explanation (kind, text, why) answers an item of its kind when its text
occurs in the item's text as whole words, both compared after the quote
folding (:func:`scripts.folding.normalize`: quotation marks, dashes, white
space). A part of a word is not enough, so an explanation cannot silently
cover a different item: ``every citation is from frus1958-60v12-d12`` does
not answer the item of ``frus1958-60v12-d121``, nor ``Middle East`` the item
of ``Middle Eastern``. When several answer one item, the longest text (the
most specific) wins.

In: the explanations as validate reads them, ``{(kind, text): why}``.
Out: :meth:`Explanations.why` gives the reason for an item, or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from scripts.folding import normalize
from scripts.reuse import reusable


def whole_words(snippet: str) -> re.Pattern:
    """The pattern of a (folded) snippet standing as whole words: no letter
    or digit right before it or right after it."""
    return re.compile(rf"(?<![^\W_]){re.escape(snippet)}(?![^\W_])")


class Explanations:
    """The explanations of one build, longest text first."""

    def __init__(self, explained: dict, fold: Callable[[str], str] = normalize):
        self._fold = fold
        ordered = sorted(explained.items(), key=lambda item: (-len(item[0][1]), item[0][0], item[0][1]))
        self._items = [(kind, fold(text), whole_words(fold(text)), why) for (kind, text), why in ordered]

    def why(self, kind: str, text: str) -> str | None:
        """The reason of the longest explanation of *kind* whose text stands
        in *text* as whole words, else None."""
        folded = self._fold(text)
        for explained_kind, snippet, pattern, reason in self._items:
            # The substring test is cheap and rules most out before the regex.
            if explained_kind == kind and snippet in folded and pattern.search(folded):
                return reason
        return None


def kept_answers(explained: dict) -> Callable[[str, str], str | None]:
    """:meth:`Explanations.why` of *explained* (``{(kind, text): why}``).
    Reusable (scripts/reuse.py): equal explanations give the very object of
    the last run, which then stands for them in the key of each answer."""
    return partial(_why, _explanations(tuple(explained.items())))


@reusable
def _explanations(explained: tuple) -> Explanations:
    return Explanations(dict(explained))


@reusable
def _why(explanations: Explanations, kind: str, text: str) -> str | None:
    return explanations.why(kind, text)
