"""Outside facts (issue 19 item 7), after *claims*: every displayed field
that states something no text states rests on a note with a reference, and
that reference can support it.

In: the corpus (notes attached by *claims*), the file names for messages.
Out: problems in the shared log, located at the field:

* a note whose references were all published before the latest date it is
  about (the years its text and its passages state, the date of its target);
* a native-script name no text writes, without the note that supports it;
* a glossary identification ("Yom Kippur War" = "1973 October War") that no
  passage quotes together with its term, without an ``expansion_note``
  (that the words occur *somewhere* in the corpus is not enough);
* an actor's ``exists`` interval whose stated years no cited passage gives
  and no cited note (with a reference) supplies;
* an event whose actors did not exist at its date (a wrong-era identity);
* a reference to a book, an article or a chapter without the page that
  states the fact (a fact from outside the texts rests on a reference
  precise to the page; no explanation in sources/editorial.yml can stand
  in for the page).
"""

from __future__ import annotations

import re
import unicodedata

from scripts.bibliography import unpaged
from scripts.claims.checks import tag
from scripts.errors import ProblemLog
from scripts.folding import name_key
from scripts.model import Corpus, Note
from scripts.reuse import reusable
from scripts.timescope import date_intervals

#: The checks not run on every build (none now; the tests can switch one
#: off by name to look at another alone).
PENDING: frozenset = frozenset()


def _file(entry, display: str) -> str:
    """The file an entry was read from (one file per entry), else *display*."""
    return getattr(entry, "origin", "") or display


def check(corpus: Corpus, displays: dict, log: ProblemLog, texts_complete: bool = True,
          pending: frozenset = PENDING) -> Corpus:
    """Run the checks (problems in *log*); the corpus is returned as it came."""
    display = {k: displays.get(k, f"sources/{k}.yml") for k in ("actors", "notes", "glossary", "events")}
    passages = {p.passage.id: p.passage for p in corpus.passages}
    notes = {n.id: n for n in corpus.notes}
    _reference_dates(corpus, passages, display["notes"], log)
    if texts_complete and "native-names" not in pending:
        texts = [unicodedata.normalize("NFC", s.raw.text).casefold() for s in corpus.sources]
        _native_names(corpus, texts, notes, display["actors"], log)
    if "identifications" not in pending and texts_complete:
        _identifications(corpus, display["glossary"], log)
    _lifespans(corpus, passages, notes, display["actors"], log, texts_complete)
    _event_actors_exist(corpus, display["events"], log)
    if "editor-supplied" not in pending:
        _editor_supplied(corpus, notes, displays.get("catalog", "sources/catalog.yml"), log)
    _unpaged(corpus.notes, display["notes"], log)
    return corpus


#: The words of a passage as a name (reusable: scripts/reuse.py).
_name_words = reusable(name_key)


def _unpaged(notes, display: str, log: ProblemLog) -> None:
    """A reference to a book, an article or a chapter names the page that
    states the fact; without it the note's outside fact rests on nothing a
    reader can check, so the build fails (issue 19: a page is never
    explained away)."""
    for note in notes:
        for ref in note.reference_records:
            if unpaged(ref):
                work = ", ".join(str(part) for part in (ref.author, ref.year) if part)
                log.add(_file(note, display), note.line_of("references"), f"note '{note.id}': the {ref.type} {ref.title!r} ({work}) "
                        "is cited without the page that states the fact: write `pages:` (the page you checked "
                        "in the work), or cite what you did check (a document by its number and paragraph, a "
                        "web page by its address), or drop the fact from the note and the reference"
                        + tag("unpaged-reference"))


# --- references ---------------------------------------------------------------------------------

def about_years(note: Note, passages: dict) -> set[int]:
    """The years of what a note is about: those its text states and those
    of the passages it rests on or targets (an open end, "since …", adds
    no year)."""
    refs = note.passages + ((note.target_id,) if note.target_kind == "passage" else ())
    texts = [note.text] + [passages[ref].text for ref in refs if ref in passages]
    return {year for text in texts for start, end in date_intervals(text)
            for year in ((start.year, end.year) if end.year < 9999 else (start.year,))}


def _target_year(note: Note, corpus: Corpus) -> int | None:
    """The latest year of what the note is about, when it has a date."""
    kind, target = note.target_kind, note.target_id
    if kind == "event":
        event = next((e for e in corpus.events if e.id == target), None)
        return event.date.start.year if event else None
    if kind == "source":
        source = next((s for s in corpus.sources if s.id == target), None)
        published = source.entry.published if source else None
        return int(published[:4]) if published and published[:4].isdigit() else None
    return None


def _reference_dates(corpus: Corpus, passages: dict, display: str, log: ProblemLog) -> None:
    for note in corpus.notes:
        dated = [r for r in note.reference_records if r.year is not None]
        if not dated:
            continue
        years = about_years(note, passages)
        target = _target_year(note, corpus)
        if target is not None:
            years.add(target)
        if not years:
            continue
        latest = max(years)
        newest = max(dated, key=lambda r: r.year)
        if newest.year < latest:
            cited = ", ".join(f"{r.author or r.title} {r.year}" for r in dated)
            log.add(_file(note, display), note.line_of("references"), f"note '{note.id}': its references ({cited}) were all published "
                    f"before {latest}, a date the note is about; a work cannot attest what happened after "
                    "it appeared. Cite a work published later, or drop the fact it cannot support")


# --- names --------------------------------------------------------------------------------------

def _contains(words: tuple[str, ...], key: tuple[str, ...]) -> bool:
    size = len(key)
    return any(words[i:i + size] == key for i in range(len(words) - size + 1))


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is the term part of its expansion (the text's fuller form, "Quds
    Force" in "Iran Quds Forces"), a plural -s aside?"""
    def stem(word: str) -> str:
        return word[:-1] if word.endswith("s") and len(word) > 3 else word
    return _contains(tuple(map(stem, long)), tuple(map(stem, short)))


def _written(name: str, texts: list[str]) -> bool:
    """Does a text write *name* itself (its own script and spelling, NFC,
    as whole words)? Folding is not enough: that Россия folds like Russia
    is the editors' table, not a text."""
    wanted = unicodedata.normalize("NFC", name).casefold()
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    return any(pattern.search(text) for text in texts)


def _native_names(corpus: Corpus, texts, notes: dict, display: str, log: ProblemLog) -> None:
    for actor in corpus.actors:
        noted = actor.native_notes or (None,) * len(actor.native_names)
        lines = actor.native_lines or (actor.line,) * len(actor.native_names)
        for (lang, text), note, line in zip(actor.native_names, noted, lines, strict=True):
            where = f"actor '{actor.id}': native name {text!r} ({lang})"
            if note is not None:
                found = notes.get(note)
                if found is None:
                    log.add(_file(actor, display), line, f"{where}: unknown note '{note}'; write the id of a "
                            "note in sources/notes")
                elif not found.reference_records:
                    log.add(_file(actor, display), line, f"{where}: the note '{note}' gives no reference; a "
                            "spelling no text writes rests on a reference (a dictionary, an official name)")
            elif not _written(text, texts):
                log.add(_file(actor, display), line, f"{where}: no source text writes it; add `note: <note-id>` to it, "
                        "naming a note with the reference it comes from, or remove the name")


def _identifications(corpus: Corpus, display: str, log: ProblemLog) -> None:
    """A glossary expansion is an identification: it is quoted where a
    passage gives the term and the expansion together, or it is noted."""
    texts = [_name_words(item.passage.text) for item in corpus.passages]
    for term in corpus.glossary:
        if term.expansion_note is not None or not term.expansion:
            continue
        short, long = name_key(term.term), name_key(term.expansion)
        if any(_contains(text, long) and (_contains(text, short) or _within(short, long)) for text in texts):
            continue
        log.add(_file(term, display), term.expansion_line or term.line, f"glossary term '{term.term}': no passage gives "
                f"the term together with {term.expansion!r}, so the identification is the editors'; add "
                "`expansion_note: <note-id>` (a note with the reference that makes it), or write the "
                "expansion a passage gives")


# --- catalogue fields -------------------------------------------------------------------------

def _editor_supplied(corpus: Corpus, notes: dict, display: str, log: ProblemLog) -> None:
    """A catalogue field the editors supplied says what it rests on: a
    reason a reader can check, or a note with a reference. A bare field
    name on a line still marked ``# TODO editor`` (a new entry) is already
    an open ``unfinished-source`` item of the queue: the preview builds,
    the content gate stays red until the reasons are written."""
    unfinished = {item.where for item in corpus.editorial if item.kind == "unfinished-source"}
    for source in corpus.sources:
        entry = source.entry
        marked = f"{_file(entry, display)}:{entry.editor_supplied_line}" in unfinished
        for field, reason, note in entry.supplied_why:
            if marked and reason is None and note is None:
                continue
            where = f"source '{entry.id}': editor_supplied {field}"
            if note is not None:
                found = notes.get(note)
                if found is None:
                    log.add(_file(entry, display), entry.editor_supplied_line or entry.line, f"{where}: unknown note '{note}'")
                elif not found.reference_records and not found.passages:
                    log.add(_file(entry, display), entry.editor_supplied_line or entry.line,
                            f"{where}: the note '{note}' rests on nothing")
            elif reason is None:
                log.add(_file(entry, display), entry.editor_supplied_line or entry.line, f"{where}: say what the value rests "
                        f"on: write {{field: {field}, reason: \"…\"}} (what a reader can check, e.g. \"the "
                        f"site's name in the page header\") or {{field: {field}, note: <note-id>}} (a note with "
                        "the reference)")


# --- identities in time ------------------------------------------------------------------------

def _lifespans(corpus: Corpus, passages: dict, notes: dict, display: str, log: ProblemLog,
               texts_complete: bool = True) -> None:
    for actor in corpus.actors:
        span = actor.exists
        if span is None:
            continue
        where = f"actor '{actor.id}': exists {span.text!r}"
        stated = set()
        noted = False
        for ref in span.support:
            if ref.startswith("note:"):
                note = notes.get(ref[5:])
                if note is None:
                    log.add(_file(actor, display), span.line, f"{where}: unknown note '{ref[5:]}'")
                elif not note.reference_records:
                    log.add(_file(actor, display), span.line, f"{where}: the note '{note.id}' gives no reference")
                else:
                    noted = True
                continue
            passage = passages.get(ref)
            if passage is None and not texts_complete:
                noted = True            # a text that could not be read may hold it: say nothing
                continue
            if passage is None:
                log.add(_file(actor, display), span.line, f"{where}: unknown passage {ref}")
                continue
            stated |= {y for s, e in date_intervals(passage.text) for y in (s.year, e.year)}
        for side, day in (("start", span.start), ("end", span.end)):
            if day is not None and day.year not in stated and not noted:
                log.add(_file(actor, display), span.line, f"{where}: no passage it cites states the {side} year "
                        f"{day.year}; cite a passage that states it, or a note with a reference "
                        "(`support: [note:<id>]`), or leave that end open (`..`)")


def _event_actors_exist(corpus: Corpus, display: str, log: ProblemLog) -> None:
    """An event cannot involve an actor that did not exist at its date."""
    spans = {a.id: a.exists for a in corpus.actors if a.exists is not None}
    for event in corpus.events:
        for actor_id in event.actors:
            span = spans.get(actor_id)
            if span is not None and not span.may_overlap(event.date.start, event.date.end):
                log.add(_file(event, display), event.line_of("actors"), f"event '{event.id}' ({event.date.label}) lists '{actor_id}', "
                        f"which exists {span.text}; list the identity that existed at that date")
