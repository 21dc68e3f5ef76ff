"""Whether the editors' words attribute a claim to its source ("Wikipedia
dates … to March 1959", "according to the blog post", "Mamedov writes").

A source is named by its authors' surnames, its publisher (and the
abbreviation in brackets, "RIAC"), and the names the editors list in its
catalog file (``prose_names``: "the blog post"). A document of
an edition (``sources/documents/``) is also named by the kind of document
its title begins with ("according to a State Department memorandum" for
"Memorandum From the Director of Intelligence and Research …"): its
publisher printed the volume but did not write the document."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from scripts.folding import normalize

#: The words at which a document's title stops saying what kind of
#: document it is: "Telegram 4546 From the Embassy …", "Memorandum of
#: Conversation", "Briefing Paper Prepared for …".
_KIND_ENDS = frozenset({"From", "of", "Prepared", "by", "for", "to", "No."})


def document_kind(title: str) -> str | None:
    """The head noun of the kind a document's title begins with, as prose
    names it, or None ("Central Intelligence Agency Information Cable TDCS
    DB-315/02084-72, Washington, …" → "cable": the words before a
    connective, a number or a comma, without a trailing code in capitals)."""
    words: list[str] = []
    for word in title.split():
        if word in _KIND_ENDS or any(c.isdigit() for c in word):
            break
        words.append(word.rstrip(","))
        if word.endswith(","):
            break
    while words and words[-1].isupper() and len(words[-1]) > 1:
        words.pop()
    return words[-1].casefold() if words else None


def source_names(entry, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The words that name *entry* (a catalog entry) in prose."""
    names = [author.name.split()[-1] for author in entry.authors if author.name.split()]
    if entry.file.startswith("documents/") and entry.title:
        names.append(document_kind(entry.title) or "")
    if entry.publisher:
        names.append(re.sub(r"\s*\([^()]*\)", "", entry.publisher).strip())
        names += re.findall(r"\(([^()]+)\)", entry.publisher)
    names += getattr(entry, "prose_names", ())
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


#: Where a clause ends inside a sentence: commas, semicolons, colons,
#: dashes and brackets.
_CLAUSE_END = re.compile(r"[,;:()\[\]—–]")


@cache
def _reporting_words() -> frozenset[str]:
    """The reporting words of scripts/data/attribution.yml, case folded."""
    data = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "attribution.yml").read_text("utf-8"))
    return frozenset(word.casefold() for word in data["reporting"])


def attributes_detail(sentence: str, words: str, names: tuple[str, ...]) -> bool:
    """Does *sentence* repeat *words* as its source's claim, not as its own?
    It names the source, and either says "according to" it, or the clause
    that holds *words* names the source or reports with a reporting word
    ("Wikipedia dates … to March 1959"; "…, a date it places in March
    1959"), or a short clause only says who reports it ("Under him,
    Mahmoudian writes, Iraq …"); "…, which restored relations in March
    1959, …, before the date to which the Wikipedia article puts …" is not
    attributed."""
    if not names_source(sentence, names):
        return False
    folded = normalize(sentence).casefold()
    if any(re.search(rf"(?<!\w)according to (?:the )?{re.escape(normalize(n).casefold())}(?!\w)", folded)
           for n in names):
        return True
    clauses = [(clause, set(re.findall(r"\w+", clause))) for clause in _CLAUSE_END.split(folded)]
    # A parenthetical frame ("Under him, Mahmoudian writes, Iraq …", "…, as
    # the Wikipedia article says"): a short clause that names and reports.
    if any(len(clause.split()) <= PARENTHETICAL_WORDS and names_source(clause, names) and found & _reporting_words()
           for clause, found in clauses):
        return True
    return any(contains_words(clause, words) and (names_source(clause, names) or found & _reporting_words())
               for clause, found in clauses)


#: How long a clause that only says who reports may be ("as the Wikipedia
#: article says"): longer ones say something of their own.
PARENTHETICAL_WORDS = 5
