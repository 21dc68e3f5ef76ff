"""A sentence of the editors' prose checked against what it cites: every
year, decade, century, month and number it gives, and every actor it
names, must occur in the passages or notes it cites (for a title: in the
passages of the event's quotations). A detail that does not is an
``unsupported-detail`` item of the editorial queue naming the word.

Pure: the stage gives the texts and the actors on each side.
"""

from __future__ import annotations

import re

from scripts.claims.details import Detail, Evidence, details

#: Number words too common to be a claim ("one of the", "the two countries"
#: is a claim only when the passage does not say it: two is checked).
_IGNORED_NUMBERS = frozenset({1.0})
#: The target of a Markdown link (the home page's prose links to pages
#: whose addresses hold years: "periods/early-contacts-to-1944.md").
_LINK_TARGET = re.compile(r"\]\([^()\s]*\)")


def unsupported_details(sentence: str, evidence_texts) -> list[Detail]:
    """The details of *sentence* that none of *evidence_texts* gives."""
    evidence = Evidence.of(list(evidence_texts))
    out = []
    for detail in details(_LINK_TARGET.sub("]", sentence)):
        if detail.kind == "number" and detail.value in _IGNORED_NUMBERS:
            continue
        if not evidence.supports(detail):
            out.append(detail)
    return out


def unsupported_actors(sentence_actors, evidence_actors) -> list[str]:
    """The actors named in a sentence that its evidence does not name.
    *sentence_actors*: (surface, {candidate ids}) pairs; *evidence_actors*:
    the ids named in the cited passages and notes."""
    return [surface for surface, ids in sentence_actors if not (set(ids) & set(evidence_actors))]
