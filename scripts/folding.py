"""The one text-folding module: how the project compares two spellings of a
name or two copies of a phrase. What folds to what is data, kept in
``scripts/data/folding.yml``; this module only applies it.

Two foldings, one table:

* **Names** (:meth:`Folding.tokenize`, :func:`normalize_key`,
  :func:`name_key`): diacritics, apostrophes, case, Cyrillic, articles and
  the groups of equivalent spellings; the name matcher (:mod:`scripts.matcher`)
  and every comparison of names use them.
* **Quotes** (:func:`fold`, :func:`normalize`, :func:`normalize_with_map`):
  only the signs that differ between copies of one phrase (curly and straight
  quotes, dashes) and white space; a quote is compared with its passage
  under this folding, and the map leads a match back to the passage's own
  characters (for highlighting).

Names. Real sources on this subject spell one name in several romanizations and
scripts: Saddam Hussein, Ṣaddām Ḥusayn, Saddam Husayn, Саддам Хусейн,
صدام حسين. The matcher compares words under a *key* that is the same for all
of them, so the editors list a name once. What folds to what is data (the
YAML file documents every step); this module only applies it.

In: a text (or a name). Out: its word spans in the text as written and, for
each, its folded key (:meth:`Folding.tokenize`). Spans always index the
original text, so a link covers exactly what the source wrote, whatever the
key; folding never changes the text itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scripts.errors import BuildFailed, Problem

DATA = Path(__file__).parent / "data" / "folding.yml"
DISPLAY = "scripts/data/folding.yml"

#: Combining marks that may follow a letter in a word when a text is not in
#: NFC (diacritics, Arabic vowel signs, zero-width joiners inside Persian
#: words); Python's ``\w`` does not include them.
MARKS = ("\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8"
         "\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f")


#: What a token is (Folding._classify).
_SIGN, _DASH, _WORD, _ARTICLE = range(4)


def _is_word(token: str) -> bool:
    """Words are runs of letters, digits and marks; every other token is one sign."""
    return len(token) > 1 or token.isalnum() or token == "_"


@dataclass(frozen=True)
class Word:
    """How one written word folds: its key, and its key after the table of
    equivalents (``None`` when the table does not apply to it)."""

    key: str
    equivalent: str | None


class Folding:
    """The compiled folding table. Build it with :func:`default_folding`."""

    def __init__(self, data: dict):
        apostrophes = self.apostrophes = data["apostrophes"]
        #: Each sign that differs between copies of one phrase → its ASCII form.
        self.quote_signs = {char: ascii_form for ascii_form, chars in data["quote_signs"].items()
                            for char in chars}
        # Performance (bench/README.md): texts are mostly ASCII with a few
        # curly quotes and dashes, so replacing only the signs present is
        # much faster than str.translate over every character; every
        # replacement is ASCII, so none can create another.
        self._foldable = re.compile("[" + "".join(map(re.escape, self.quote_signs)) + "]")
        #: Quotation marks that differ between copies of the same phrase (a
        #: name's key keeps them as one sign).
        self._quotation_marks = {char: ascii_form for char, ascii_form in self.quote_signs.items()
                                 if ascii_form == '"'}
        self.dashes = frozenset(data["dashes"])
        self._drop = str.maketrans("", "", apostrophes)
        self._transliterate = str.maketrans({k: v for k, v in data["transliteration"].items()})
        self.always = frozenset(data["article"]["always"])
        self.joined = frozenset(data["article"]["joined"])
        self.arabic_prefix = data["article"]["arabic_prefix"]
        word = rf"(?:\w|[{MARKS}])+"
        # An apostrophe inside a word belongs to it (Ba'ath, Shi'a, Baʿth),
        # except the English possessive "'s", which leaves "Russia" a word.
        apos = "[" + re.escape(apostrophes) + "]"
        self.token = re.compile(rf"{word}(?:{apos}(?!s\b){word})*|[^\w\s]")
        self._words: dict[str, Word] = {}
        self._classes: dict[str, tuple[int, str]] = {}
        # Longest first: "ом" is tried before "м" would be.
        self.endings = tuple(sorted(data.get("endings", {}).items(), key=lambda pair: -len(pair[0])))
        self.prefixes = tuple(data.get("prefixes", ()))
        self._alternatives: dict[str, tuple[str, ...]] = {}
        self.equivalents: dict[str, str] = {}
        #: The groups as written (the search index lists them on actor pages).
        self.groups: tuple[tuple[str, ...], ...] = tuple(tuple(group) for group in data["equivalents"])
        for group in data["equivalents"]:
            canonical = self.fold_word(group[0])
            for spelling in group:
                self.equivalents.setdefault(self.fold_word(spelling), canonical)

    def fold_word(self, word: str) -> str:
        """Steps 1–3 of the file: diacritics, apostrophes, case, Cyrillic."""
        decomposed = unicodedata.normalize("NFD", word)
        if not decomposed.isascii():
            decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
        return decomposed.translate(self._drop).casefold().translate(self._transliterate)

    def word(self, surface: str) -> Word:
        """The folded forms of one written word (cached: texts repeat words)."""
        known = self._words.get(surface)
        if known is not None:
            return known
        key = self.fold_word(surface)
        if key.startswith(self.arabic_prefix) and len(key) > len(self.arabic_prefix) + 1:
            key = key[len(self.arabic_prefix):]
        initial = next((c for c in surface if c.isalpha()), "")
        # The table is for names: a lower-case English word ("bath") keeps its key.
        equivalent = None if initial.islower() else self.equivalents.get(key)
        known = Word(key, equivalent)
        if len(self._words) < 200_000:      # a bound for very long `mkdocs serve` sessions
            self._words[surface] = known
        return known

    def alternatives(self, surface: str) -> tuple[str, ...]:
        """Keys an inflected word may also stand for (step 7 of the file):
        Лаврова, Лаврову → Лавров; Хусейна → Хусейн; وصدام → صدام. The matcher
        tries them only where the word's own key leads nowhere."""
        known = self._alternatives.get(surface)
        if known is not None:
            return known
        found: list[str] = []
        initial = next((c for c in surface if c.isalpha()), "")
        lower = surface.casefold()
        if "\u0400" <= initial <= "\u04ff":
            for ending, replacement in self.endings:
                if lower.endswith(ending) and len(lower) - len(ending) >= 3:
                    candidate = surface[:len(surface) - len(ending)] + replacement
                    found.append(self.word(candidate).equivalent or self.word(candidate).key)
        elif "\u0600" <= initial <= "\u06ff":
            for prefix in self.prefixes:
                if surface.startswith(prefix) and len(surface) - len(prefix) >= 3:
                    found.append(self.word(surface[len(prefix):]).equivalent or self.word(surface[len(prefix):]).key)
        own = self.word(surface)
        result = tuple(dict.fromkeys(k for k in found if k != (own.equivalent or own.key)))
        if len(self._alternatives) < 200_000:
            self._alternatives[surface] = result
        return result

    def tokenize(self, text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
        """The words and signs of *text* as (start, end, surface) and their keys.

        Dashes separate like spaces and have no key; an article is folded
        into the word after it (its span starts at the article, so a link
        covers "al-Karim" whole).
        """
        # Performance (bench/README.md): one cached look-up per token says what
        # it is and gives its key; the common case (a word) is two appends.
        raw = [(m.start(), m.end(), m.group()) for m in self.token.finditer(text)]
        spans: list[tuple[int, int, str]] = []
        keys: list[str] = []
        article_start = None
        count = len(raw)
        classes = self._classes
        for index, (start, end, surface) in enumerate(raw):
            kind_key = classes.get(surface)
            if kind_key is None:
                kind_key = self._classify(surface)
            kind, key = kind_key
            if kind == _DASH:
                continue
            if kind == _ARTICLE and self._is_article(key, raw, index, count):
                if article_start is None:
                    article_start = start
                continue
            if article_start is not None:
                if kind == _SIGN:
                    article_start = None
                else:
                    start, surface = article_start, text[article_start:end]
                    article_start = None
            spans.append((start, end, surface))
            keys.append(key)
        return spans, keys

    def _classify(self, surface: str) -> tuple[int, str]:
        """What one token is (sign, dash, word, possible article) and its key."""
        if not _is_word(surface):
            kind_key = ((_DASH, "") if surface in self.dashes else
                        (_SIGN, "'" if surface in self.apostrophes else self._quotation_marks.get(surface, surface)))
        else:
            word = self.word(surface)
            possible = (word.key in self.always or word.key in self.joined) and not surface.isupper()
            kind_key = (_ARTICLE if possible else _WORD, word.key if possible else word.equivalent or word.key)
        if len(self._classes) < 200_000:
            self._classes[surface] = kind_key
        return kind_key

    def _is_article(self, key: str, raw, index: int, count: int) -> bool:
        """Is this word an article to fold into the word right after it?"""
        if key not in self.always and key not in self.joined or raw[index][2].isupper():
            return False
        if index + 1 >= count:
            return False
        end, following = raw[index][1], raw[index + 1]
        if following[2] in self.dashes:
            # "al-Karim", "as-Sadr": a dash joined to both words.
            if not (following[0] == end and index + 2 < count and raw[index + 2][0] == following[1]):
                return False
            after = raw[index + 2][2]
            return _is_word(after) and (key in self.always or not after[0].islower())
        # "al Karim", never the English "as" or "at" before a space.
        return key in self.always and _is_word(following[2])

    def key(self, name: str) -> str:
        """The form under which two spellings of a name count as the same."""
        return " ".join(self.tokenize(name)[1])

    def fold_signs(self, text: str) -> str:
        """*text* with its quotation marks, apostrophes and dashes written
        as their ASCII forms (``quote_signs`` of the table)."""
        if self._foldable.search(text) is None:
            return text
        for char, ascii_form in self.quote_signs.items():
            if char in text:
                text = text.replace(char, ascii_form)
        return text


#: Runs of non-space characters (``\s`` is exactly ``str.isspace``).
_RUN = re.compile(r"\S+")


def fold(text: str) -> str:
    """Quotation marks, apostrophes and dashes folded to their ASCII forms."""
    return default_folding().fold_signs(text)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold quote marks and dashes, collapse white space runs to one space,
    strip the ends; return the result and, for each of its characters, the
    index of the character of *text* it came from."""
    # Performance (bench/README.md): this runs on every passage and every
    # editorial candidate; the regex walks runs of non-space characters
    # instead of a Python loop per character, with the same result.
    out, where = [], []
    for run in _RUN.finditer(fold(text)):
        start, end = run.span()
        if out:
            out.append(" ")
            where.append(start - 1)     # the last white-space character of the gap
        out.append(run.group())
        where.extend(range(start, end))
    return "".join(out), where


def normalize(text: str) -> str:
    """A quote or passage as it is compared: ``normalize_with_map(text)[0]``."""
    return " ".join(fold(text).split())


def tokenize(text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The tokens of *text* as (start, end, surface) and their folded keys."""
    return default_folding().tokenize(text)


def normalize_key(name: str) -> str:
    """The form under which two spellings count as the same name."""
    return default_folding().key(name)


def name_key(text: str) -> tuple[str, ...]:
    """The words of a name, case- and diacritic-insensitive (``Qāsim`` =
    ``qasim``), compatibility forms included (NFKD: a ligature or a
    full-width letter counts as its plain letters)."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(normalize_key(stripped).split())


def _problems(data, display: str) -> list[Problem]:
    from scripts.schemacheck import schema_problems

    problems = schema_problems(data, "folding", display)
    if problems:
        return problems
    seen: dict[str, int] = {}
    folding = Folding({**data, "equivalents": []})
    for index, group in enumerate(data["equivalents"]):
        line = data["equivalents"].line_of(index)
        for spelling in dict.fromkeys(folding.fold_word(s) for s in group):
            if spelling in seen and seen[spelling] != line:
                problems.append(Problem(display, line, f"the spelling {spelling!r} is already in the group "
                                        f"at line {seen[spelling]}; a spelling may be in one group only "
                                        "(merge the two groups)"))
            seen.setdefault(spelling, line)
    return problems


def load_folding(path: Path = DATA, display: str = DISPLAY) -> Folding:
    """Read, check and compile a folding table. Raises :class:`BuildFailed`
    with ``path:line`` problems when the file is wrong."""
    from scripts.yamlio import read_yaml_file

    data, problems = read_yaml_file(path, display)
    if not problems:
        problems = _problems(data, display)
    if problems:
        raise BuildFailed(problems)
    return Folding(data)


@cache
def default_folding() -> Folding:
    return load_folding()
