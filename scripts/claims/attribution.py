"""Whether the editors' words attribute a claim to its source ("Wikipedia
dates … to March 1959", "according to the blog post", "Mamedov writes").

A source is named by its authors' surnames, its publisher (and the
abbreviation in brackets, "RIAC"), and the names the editors list for it
in ``sources/claims.yml`` (``source_names``: "the blog post")."""

from __future__ import annotations

import re

from scripts.folding import normalize


def source_names(entry, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words that name *entry* (a catalog entry) in prose."""
    names = [author.name.split()[-1] for author in entry.authors if author.name.split()]
    if entry.publisher:
        names.append(re.sub(r"\s*\([^()]*\)", "", entry.publisher).strip())
        names += re.findall(r"\(([^()]+)\)", entry.publisher)
    names += extra
    return tuple(dict.fromkeys(n for n in names if n))


def names_source(text: str, names: tuple[str, ...]) -> bool:
    """Does *text* name the source by one of *names* (whole words, case and
    quotation marks folded)?"""
    folded = normalize(text).casefold()
    return any(re.search(rf"(?<!\w){re.escape(normalize(name).casefold())}(?!\w)", folded) for name in names)


def contains_words(text: str, words: str) -> bool:
    """Does *text* repeat *words* (case and quotation marks folded)?"""
    return re.search(rf"(?<!\w){re.escape(normalize(words).casefold())}(?!\w)", normalize(text).casefold()) is not None
