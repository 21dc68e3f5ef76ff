"""The inline references of the editors' prose: each sentence ends with a
``[[…]]`` group of passage ids (``source-id/pN``) and note ids
(``note:id``) that it rests on."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

REF_GROUP = re.compile(r"\[\[([^\[\]]*)\]\]")
#: A passage (``source-id/pN``), or the dateline of a document of an edition
#: (``source-id/dateline``: where its date and place are printed; scripts/tei.py).
PASSAGE_REF = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*/(?:p[1-9][0-9]*|dateline)")
#: A passage reference pinned to the text it means (scripts/refpins.py).
PINNED_PASSAGE_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*/p[1-9][0-9]*)#([0-9a-f]{6})")
NOTE_REF = re.compile(r"note:([a-z0-9]+(?:-[a-z0-9]+)*)")
#: The end of a sentence inside a cited stretch: punctuation, space, capital.
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
#: Words whose final full stop is not a sentence end ("c. 1970", "U.S. forces").
_ABBREVIATIONS = frozenset("c ca cf mr mrs ms dr st no gen lt col maj capt vs e.g i.e approx etc jr sr "
                           "prof mt ft".split())


@dataclass(frozen=True)
class Sentence:
    """One sentence of editors' prose and the references it ends with
    (empty: uncited)."""

    text: str
    refs: tuple[str, ...]
    #: (passage id, pin) of each reference written ``source/pN#pin``
    #: (scripts/refpins.py); ``refs`` holds the ids without their pins.
    pins: tuple[tuple[str, str], ...] = ()


def _split_sentences(text: str) -> list[str]:
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        word = text[:match.start()].rsplit(None, 1)[-1].rstrip(".").casefold() if text[:match.start()].strip() else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
            continue                    # "c. 1970", "U.S.", an initial "J."
        parts.append(text[start:match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def sentences(prose: str) -> tuple[tuple[Sentence, ...], list[str]]:
    """Split editors' prose into sentences, each with the references of its
    closing ``[[…]]`` group. Returns the sentences and problems (wording
    for an editor; the caller adds the location)."""
    result, problems, cursor = [], [], 0
    for match in REF_GROUP.finditer(prose):
        before = prose[cursor:match.start()]
        written = tuple(item.strip() for item in match.group(1).split(","))
        pins = tuple((m.group(1), m.group(2)) for m in map(PINNED_PASSAGE_REF.fullmatch, written) if m)
        refs = tuple(unpinned(item) for item in written)
        if not before.strip():
            problems.append(f"the reference group [[{match.group(1)}]] follows no sentence (it comes right "
                            "after another group or at the start); merge it into one [[a, b]] group")
        for ref in refs:
            if not ref:
                problems.append(f"[[{match.group(1)}]] has an empty item; list ids separated by commas, "
                                "e.g. [[wikipedia-iraq-russia-relations/p5, note:some-note]]")
            elif not (PASSAGE_REF.fullmatch(ref) or NOTE_REF.fullmatch(ref)):
                problems.append(f"{ref!r} in [[{match.group(1)}]] is neither a passage id (source-id/pN, "
                                "e.g. wikipedia-iraq-russia-relations/p5, optionally pinned: …/p5#a1b2c3) nor a "
                                "note (note:note-id)")
        pieces = _split_sentences(before)
        for piece in pieces[:-1]:
            result.append(Sentence(piece, ()))
        if pieces:
            result.append(Sentence(pieces[-1], tuple(r for r in refs if r), pins))
        cursor = match.end()
    rest = prose[cursor:]
    if "[[" in rest or "]]" in rest:
        problems.append("an inline reference is not closed; write [[source-id/pN]] with two brackets on "
                        "each side")
    for piece in _split_sentences(REF_GROUP.sub("", rest).replace("[[", "").replace("]]", "")):
        result.append(Sentence(piece, ()))
    return tuple(result), problems


def unpinned(ref: str) -> str:
    """A reference without its pin (``source/pN#a1b2c3`` → ``source/pN``)."""
    return PINNED_PASSAGE_REF.sub(r"\1", ref)


def unpinned_text(text: str) -> str:
    """*text* with every reference's pin removed: pins are for the editors'
    checks, never in what readers or exports get."""
    return PINNED_PASSAGE_REF.sub(r"\1", text)


def pin_of(text: str) -> str:
    """The pin of a paragraph's text (``source/pN#pin``): six hex digits of
    its SHA-256, white space folded, so a re-wrapped paragraph keeps it."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:6]


@dataclass(frozen=True)
class Drift:
    """A pinned reference whose paragraph no longer holds the text it pinned
    (see :func:`drift`)."""

    source: str
    pin: str
    #: The one paragraph of the source that holds the pinned text now (where
    #: ``make fix-refs`` moves the reference); None: none does, or several do.
    now: int | None

    @property
    def message(self) -> str:
        """What is wrong and what to do, for an editor; the caller puts the
        reference as written, and its ``path:line:``, before it."""
        if self.now is not None:
            advice = (f"the text it pinned is now paragraph {self.now}: run `make fix-refs`, which rewrites every "
                      f"such reference (this one to {self.source}/p{self.now}#{self.pin})")
        else:
            advice = ("no paragraph of the source holds the text it pinned any more: read what cites it against the "
                      f"source, write the number of the paragraph it rests on without `#{self.pin}`, then run "
                      "`make pin-refs` (it adds the new pin)")
        return f"no longer points at the text it pinned (cleaning or a new edition moved the paragraphs); {advice}"


def drift(ref: str, pin: str, text: str | None, paragraphs: Iterable[tuple[int, str]]) -> Drift | None:
    """Whether the reference *ref* (``source/pN``) pinned with *pin* has
    drifted: None while *text*, the source's paragraph N as segmented now,
    has that pin; else a :class:`Drift` (also when *text* is None: the
    source has no paragraph N any more). *paragraphs*, the (number, text) of
    each paragraph of the source now, is read only for a drifted reference,
    to find where its text went: a generator keeps the usual case at one
    hash. The one decision of the claims check (references of prose), the
    gate's pins check (fields that list passages) and ``make fix-refs``."""
    if text is not None and pin_of(text) == pin:
        return None
    holding = [number for number, paragraph in paragraphs if pin_of(paragraph) == pin]
    return Drift(ref.split("/")[0], pin, holding[0] if len(holding) == 1 else None)


def plain(prose: str) -> str:
    """The prose without its inline references (what readers and exports get as text)."""
    return REF_GROUP.sub("", re.sub(r"\s+(?=\[\[[^\[\]]*\]\])", "", prose)).strip()


def note_id(ref: str) -> str | None:
    match = NOTE_REF.fullmatch(ref)
    return match.group(1) if match else None
