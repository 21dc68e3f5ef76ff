"""Stage 5b, *claims*: check that the editors' layer never asserts more than
its sources say. Runs after *link* (it needs the passages and the resolved
citations).

In: the linked :class:`~scripts.model.Corpus`, the validated inputs (notes,
file names) and the hand-written pages under ``docs/``. Out: the corpus with
its notes and the ``uncited-sentence`` items of the editorial queue; every
violation of the rules of :mod:`scripts.claims` goes to the shared log as
``path:line: what is wrong; how to fix it``:

* an event's date is never more precise than what its citations state
  (``says.date``) unless ``inferred:`` says why, and overlaps at least one;
* citations that cannot both be true require a ``dispute:`` block, and a
  date or quantity dispute whose citations agree is refused;
* every ``[[…]]`` reference resolves; every note, role passage and
  ``opened_by`` points at something that exists;
* a role's term (``when``) appears in the passage cited for it;
* a name or expansion that no text uses needs a note (a fact from outside).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, replace

from scripts import dates
from scripts.claims import UNASSESSED, attribution, disputes, keys, precision, references, says, support
from scripts.claims.checks import tag
from scripts.errors import ProblemLog
from scripts.explanations import kept_answers
from scripts.folding import name_key
from scripts.model import ClaimVocabulary, Corpus, EditorialItem, Event, Note
from scripts.reuse import Derived, Same, reusable
from scripts.stages.link import actor_names, build_actor_matcher
from scripts.tei import dateline_references

#: Where each kind of prose lives (for messages) and what it is called.
CITED_REGION = re.compile(r"<!--\s*cited\s*-->(.*?)<!--\s*/cited\s*-->", re.DOTALL)
#: The hand-written page whose overview prose must cite (issue 10, rule 4).
CITED_PAGE = "index.md"
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
#: How an assessment labels a sentence that rests on no passage (issue 19, item 4).
CONJECTURE = "the editors' conjecture"
#: The placeholder prose of `make new-actor`, `new-event`, `new-note`
#: (scripts/scaffold.py): "TODO editor: 1–3 sentences on who this is, …".
PLACEHOLDER = re.compile(r"\bTODO editor\b")


@dataclass(frozen=True)
class Prose:
    """One piece of editors' prose to check: where it is and what it is."""

    path: str
    line: int
    what: str               # "event 'x': summary"
    text: str
    cited: bool = True      # must every sentence cite? (False: only resolve references)
    notes: bool = True      # may it cite editors' notes? (not the catalog: see check())
    evidence: tuple[str, ...] = ()  # what a sentence without references rests on (a title: its quotes' passages)
    checked: bool = True    # are its details checked against what it cites (unsupported-detail)?
    notes_shown: tuple[str, ...] = ()   # "note:id" of the notes shown with it (a title: its event's notes)
    #: Words that let a sentence stand without references (an assessment may
    #: reconcile readings only citing its evidence, or as the editors' conjecture).
    labelled: str = ""


def names_used(names, texts) -> set:
    """The *names* that occur, as whole words, in any of *texts*. The names
    found in each text are reusable (scripts/reuse.py) by (text, digest of
    the wanted names): ``mkdocs serve`` scans again only the texts that
    changed (every text when a name changed).

    Performance: one pass over each text's tokens per distinct name length
    (a window of that many tokens looked up in a set), not one search per
    name: linear in the corpus, whatever the number of actors."""
    keys, wanted, signature = _wanted_names(tuple(names))
    found = set()
    for text in texts:
        found |= _names_in(text, signature, Derived(wanted))
    return {name for name, key in zip(names, keys, strict=True) if key in found}


@reusable
def _wanted_names(names: tuple[str, ...]) -> tuple:
    """(each name's folded key, {length in words: {folded name}}, a digest
    of the latter) of *names*."""
    keys = tuple(name_key(name) for name in names)
    wanted: dict[int, set] = {}
    for key in keys:
        if key:
            wanted.setdefault(len(key), set()).add(key)
    signature = hashlib.blake2b(repr(sorted((n, sorted(k)) for n, k in wanted.items())).encode(
        "utf-8", "surrogatepass"), digest_size=16).digest()
    return keys, wanted, signature


@reusable
def _names_in(text: str, _signature: bytes, wanted: Derived) -> frozenset:
    """The folded names of *wanted* ({length in words: {folded name}}, whose
    digest is *_signature*) that occur in *text*."""
    here = set()
    words = name_key(text)
    for length, wanted_keys in wanted.value.items():
        for start in range(len(words) - length + 1):
            window = words[start:start + length]
            if window in wanted_keys:
                here.add(window)
    return frozenset(here)


@reusable
def _actor_matcher(_names: tuple, actors: Derived) -> tuple:
    """(matcher, candidates) of *actors* (link.build_actor_matcher), whose
    names are *_names* (link.actor_names: all the matcher depends on)."""
    return build_actor_matcher(actors.value)


def _actors_in(text: str, actor_matcher, actor_candidates) -> list[tuple[str, frozenset]]:
    """(surface, candidate actor ids) of every actor name in *text*."""
    found = []
    for match in actor_matcher.find(text):
        kind, value = match.target
        # A name several actors carry in turn (Russia) is keyed by its
        # match target, ("scoped", key), in the candidates (stages/link.py).
        found.append((match.surface, frozenset({value}) if kind == "actor"
                      else frozenset(actor_candidates.get(match.target if kind == "scoped" else value, ()))))
    return found


@reusable
def _unsupported_words(sentence: str, texts: tuple[str, ...], matchers: Same) -> tuple[str, ...]:
    """The details and actor names of *sentence* that none of *texts* (what
    it cites) gives; *matchers*: :func:`_actor_matcher` (the very object
    while the actors' names are unchanged)."""
    named = {i for text in texts for _surface, ids in _actors_in(text, *matchers.value) for i in ids}
    words = [d.surface for d in support.unsupported_details(sentence, texts)]
    words += support.unsupported_actors(_actors_in(sentence, *matchers.value), named)
    return tuple(dict.fromkeys(words))


class _Checker:
    def __init__(self, corpus: Corpus, notes: tuple[Note, ...], displays: dict, log: ProblemLog):
        self.corpus, self.notes, self.log = corpus, notes, log
        self.display = {k: displays.get(k, f"sources/{k}") for k in
                        ("events", "periods", "actors", "glossary", "notes", "catalog")}
        self.passages = {p.passage.id: p.passage for p in corpus.passages}
        # "<document>/dateline" → the dateline as printed: citable like a passage.
        self.datelines = dateline_references(corpus.sources)
        self.note_ids = {n.id: n for n in notes}
        self.notes_on: dict[str, tuple[str, ...]] = {}     # "event:x" → ("note:id", …) of the notes on it
        for note in notes:
            self.notes_on[note.target] = (*self.notes_on.get(note.target, ()), f"note:{note.id}")
        self.note_files: set = set()    # ids of every note file, read or not (see check())
        self.actor_files: set = set()   # ids of every actor file, read or not (see check())
        self.uncited: list[EditorialItem] = []
        self.sources_read = {s.id for s in corpus.sources}
        self.texts_complete = True      # set by check(): every catalogued text was read
        # Reused, equal names give the very matcher of the last run: the
        # matcher object then stands for the names in the keys of support(), so
        # an edit of an actor's summary or roles checks no other sentence again.
        self.matchers = _actor_matcher(actor_names(corpus.actors), Derived(corpus.actors))
        self.seen: list[Prose] = []     # every piece of prose checked (for the corrections check)

    # --- references ---------------------------------------------------------------------------

    def unknown_passage(self, ref: str) -> str:
        source = ref.split("/")[0]
        numbers = [p.number for p in self.passages.values() if p.source_id == source]
        if not numbers:
            sources = sorted({p.source_id for p in self.passages.values()})
            return (f"unknown passage {ref}: no source '{source}'" + _suggest(source, sources)
                    + "; a passage id is source-id/pN as shown by the ¶ links of the source page")
        return (f"unknown passage {ref}: '{source}' has passages p1 to p{max(numbers)}; "
                "use the number of the ¶ link on the source page")

    def check_passage(self, path: str, line: int, what: str, ref: str) -> bool:
        if ref in self.passages or ref in self.datelines:
            return True
        if not self.texts_complete and ref.split("/")[0] not in self.sources_read:
            return False            # its text could not be read: that problem is reported already
        self.log.add(path, line, f"{what}: {self.unknown_passage(ref)}")
        return False

    def check_note(self, path: str, line: int, what: str, note: str) -> bool:
        if note in self.note_ids:
            return True
        if note in self.note_files:
            return False            # its file could not be read or has a problem: reported there
        self.log.add(path, line, f"{what}: unknown note '{note}'" + _suggest(note, self.note_ids)
                     + "; add sources/notes/" + note + ".md (make new-note) or correct the id")
        return False

    def cited_passages(self, prose: str) -> list[str]:
        """The known passages the sentences of *prose* cite, in order (repeats kept)."""
        return [r for sentence in references.sentences(prose)[0] for r in sentence.refs if r in self.passages]

    def check_pin(self, item: Prose, ref: str, pin: str) -> None:
        """A pinned reference must still point at the paragraph whose text it
        pinned (references.drift decides and words it, as for the gate)."""
        passage = self.passages.get(ref)
        if passage is None:
            return                      # unknown passages are reported by check_passage
        drifted = references.drift(ref, pin, passage.text, ((p.number, p.text) for p in self.passages.values()
                                                             if p.source_id == passage.source_id))
        if drifted is not None:
            self.log.add(item.path, item.line, f"{item.what}: [[{ref}#{pin}]] {drifted.message}")

    def prose(self, item: Prose) -> None:
        self.seen.append(item)
        if PLACEHOLDER.search(item.text):
            # One cause, one message: the scaffold's example reference
            # ([[source-id/pN]]) is not a wrong reference but unwritten prose.
            self.log.add(item.path, item.line, f"{item.what}: not written yet: it still holds the placeholder "
                         "'TODO editor: …' that `make new-…` wrote; replace it with your own text"
                         + (", every sentence ending with the [[source-id/pN]] or [[note:id]] it rests on"
                            if item.cited else ""))
            return
        found, problems = references.sentences(item.text)
        for problem in problems:
            self.log.add(item.path, item.line, f"{item.what}: {problem}")
        for sentence in found:
            for ref in sentence.refs:
                note = references.note_id(ref)
                if note is not None and not item.notes:
                    self.log.add(item.path, item.line, f"{item.what}: [[{ref}]]: a source's assessment may cite "
                                 "passages only, not notes (the catalog does not depend on the notes); say it in "
                                 f"words, and give a note about the source `target: source:<id>`")
                elif note is not None:
                    self.check_note(item.path, item.line, item.what, note)
                elif references.PASSAGE_REF.fullmatch(ref):
                    self.check_passage(item.path, item.line, item.what, ref)
            for ref, pin in sentence.pins:
                self.check_pin(item, ref, pin)
            if item.cited and not sentence.refs and not (item.labelled and item.labelled in sentence.text):
                self.uncited.append(EditorialItem("uncited-sentence", f"{item.path}:{item.line}", sentence.text))
            conjecture = bool(item.labelled) and item.labelled in sentence.text
            if item.checked and not conjecture:     # the editors' conjecture says it is theirs
                self.support(item, sentence.text, sentence.refs or item.evidence)

    # --- details of the prose against what it cites (unsupported-detail) ------------------------

    def support(self, item: Prose, sentence: str, refs) -> None:
        if not refs:
            return                      # uncited: its own queue item
        texts = []
        for ref in refs:
            note = references.note_id(ref)
            # A passage counts with its heading: prose may repeat what the heading says.
            text = self.note_ids[note].text if note in self.note_ids else (
                f"{self.passages[ref].heading or ''}\n{self.passages[ref].text}" if ref in self.passages else
                self.datelines.get(ref))
            if text is None:
                return                  # an unknown reference: reported
            texts.append(text)
        texts = tuple(texts)
        words = _unsupported_words(sentence, texts, Same(self.matchers))
        for word in words:
            self.uncited.append(EditorialItem(
                "unsupported-detail", f"{item.path}:{item.line}",
                f"{item.what}: “{word}” is not in what the sentence cites: {sentence}"))

    # --- events -------------------------------------------------------------------------------

    def event(self, event: Event) -> None:
        path = event.origin or self.display["events"]
        where = f"event '{event.id}'"
        try:
            stated = dates.statement(event.date.text)
        except dates.StatementError as error:
            self.log.add(path, event.date_line or event.line, f"{where}: date: {error}")
            return
        stated_by = [c.says for c in event.citations]
        if any(s is None for s in stated_by):
            return                      # reported by validate
        stating = [dates.statement(s.date) for s in stated_by]
        if not stating:
            return                      # no usable citation: reported by validate or link
        for number, citation in enumerate(event.citations, start=1):
            derived = citation.says.derived
            if derived is not None:
                for ref in derived.sources:
                    note = references.note_id(ref)
                    if note is not None:
                        self.check_note(path, derived.line, f"{where}: citation {number}: says.derived.from", note)
                    else:
                        self.check_passage(path, derived.line, f"{where}: citation {number}: says.derived.from", ref)
            for mismatch in says.mismatches(citation.says, citation.quote):
                if derived is not None and mismatch.kind == "says-mismatch":
                    continue            # stated by the editors, with the reason: shown as inferred
                check = ("qualifiers-kept" if mismatch.kind == "invented-bound" else
                         "says-no-date" if "(no date)" in mismatch.message else "says-in-quote")
                self.log.add(path, mismatch.line or citation.says.line or citation.line, f"{where}: citation {number} "
                             f"({citation.source_id}): {mismatch.message}" + tag(check))
        listed = ", ".join(d.text for d in stating)
        supports = [d for d in stating if dates.overlap(stated, d)]
        line = event.date_line or event.line
        if not supports:
            self.log.add(path, line, f"{where}: date {stated.text} agrees with no citation ({listed}); "
                         "correct the date, or the says.date of the citation that states it" + tag("date-agrees"))
        by_point = precision.unstated_values(stated, stating)
        missing = frozenset().union(*by_point)
        if missing and event.inferred is None and supports:
            component = precision.finest(missing)
            shown = dates.words(stated.text, by_point)
            self.log.add(path, line, f"{where}: date {stated.text}: no citation states its "
                         f"{precision.COMPONENT_WORDS[component]} ({listed}), so readers would see "
                         f"“{shown}”; state it in a citation's says.date, make the date no more precise "
                         "than the citations, or add inferred: {reason, passages}" + tag("brackets-by-value"))
        if event.inferred is not None:
            if not missing and supports:
                self.log.add(path, event.inferred.line, f"{where}: inferred: the citations already state "
                             f"every part of the date {stated.text} ({listed}); remove `inferred:`"
                             + tag("inferred-needed"))
            for ref in event.inferred.passages:
                self.check_passage(path, event.inferred.line, f"{where}: inferred.passages", ref)
            self.prose(Prose(path, event.inferred.line, f"{where}: inferred.reason", event.inferred.reason,
                             cited=False, checked=False))
        unkeyed = keys.event_partitions(event)[0]
        found = [replace(d, first=unkeyed[d.first], second=unkeyed[d.second]) for d in disputes.disagreements(
            [stating[i] for i in unkeyed], [stated_by[i].quantities for i in unkeyed])]
        kinds = sorted({d.kind for d in found})
        details = "; ".join(f"{d.detail} ({event.citations[d.first].source_id} vs "
                            f"{event.citations[d.second].source_id})" for d in found)
        dispute = event.dispute
        if found and dispute is None:
            self.log.add(path, event.line, f"{where}: its citations disagree on the {' and '.join(kinds)}: "
                         f"{details}; add a `dispute:` block (kind: {kinds[0]}, assessment, and a reading "
                         "for each side naming the sources that hold it), or correct the says of the "
                         "citation that was misread" + tag("disagreement-disputed"))
        elif dispute is not None and dispute.kind in ("date", "quantity") and dispute.kind not in kinds:
            statements = "; ".join(f"{c.source_id}: {c.says.date}" + "".join(
                f", {q.words()}" for q in c.says.quantities) for c in event.citations)
            self.log.add(path, dispute.line, f"{where}: the readings are compatible: no two citations "
                         f"disagree on the {dispute.kind} ({statements}); statements at different "
                         "precision agree. Remove the `dispute:` block, or use kind: interpretation or "
                         "attribution if the sources differ in what they claim, not in the "
                         f"{dispute.kind}" + tag("disagreement-disputed"))
        elif dispute is not None and found and dispute.kind not in kinds:
            self.log.add(path, dispute.line, f"{where}: its citations disagree on the "
                         f"{' and '.join(kinds)} ({details}); set `kind: {kinds[0]}`" + tag("disagreement-disputed"))
        quoted = tuple(dict.fromkeys(c.passage_id for c in event.citations if c.passage_id in self.passages))
        shown = self.notes_on.get(f"event:{event.id}", ()) + tuple(
            r for x in references.sentences(event.summary)[0] for r in x.refs if references.note_id(r))
        self.prose(Prose(path, event.line_of("title"), f"{where}: title", event.title, cited=False, evidence=quoted,
                         notes_shown=shown))
        self.prose(Prose(path, event.summary_line or event.line, f"{where}: summary", event.summary))
        if dispute is not None:
            self.prose(Prose(path, dispute.line, f"{where}: dispute.assessment", dispute.assessment,
                             evidence=quoted, labelled=CONJECTURE))
            for reading in dispute.readings:
                self.prose(Prose(path, reading.summary_line or reading.line,
                                 f"{where}: reading {reading.label!r}: summary", reading.summary))
                # A reading's label is shown as its title: it says no more than
                # the passages its summary cites (else the event's quotations).
                cited = self.cited_passages(reading.summary)
                self.prose(Prose(path, reading.line, f"{where}: reading {reading.label!r}: label", reading.label,
                                 cited=False, evidence=tuple(dict.fromkeys(cited)) or quoted))

    # --- claim keys (compared across the corpus) ---------------------------------------------------

    def keys(self, vocabulary: ClaimVocabulary) -> tuple:
        """Check every citation's claim key; return the disagreements by key."""
        predicates = {p.id for p in vocabulary.predicates}
        # An actor whose file has a problem (reported there) is unknown, not absent.
        actor_ids = {a.id for a in self.corpus.actors} | self.actor_files
        for event in self.corpus.events:
            path = event.origin or self.display["events"]
            for number, citation in enumerate(event.citations, start=1):
                if citation.claim is None:
                    continue
                key = keys.parse_key(citation.claim)
                where = f"event '{event.id}': citation {number}: claim {citation.claim!r}"
                if key is None:
                    self.log.add(path, citation.line, f"{where}: write `subject predicate object`, e.g. "
                                 "`soviet-union supplies-arms-to iraq`" + tag("claim-keys"))
                    continue
                if key.predicate not in predicates:
                    self.log.add(path, citation.line, f"{where}: '{key.predicate}' is not a predicate of "
                                 f"{vocabulary.display}" + _suggest(key.predicate, predicates)
                                 + "; use one of its predicates or add it there" + tag("claim-keys"))
                for role, actor in (("subject", key.subject), ("object", key.object)):
                    if actor not in actor_ids:
                        self.log.add(path, citation.line, f"{where}: the {role} '{actor}' is not an actor id"
                                     + _suggest(actor, actor_ids) + tag("claim-keys"))
        return keys.key_disputes(self.corpus.events, vocabulary.predicates)

    def assessments(self, vocabulary: ClaimVocabulary, found) -> tuple[tuple[str, str], ...]:
        """The editors' assessment of each disagreement by key; an unassessed
        one is an editorial item, an assessment of a key without one an error."""
        by_key = {d.key.text: d for d in found}
        given = {}
        for claim, text, line in vocabulary.assessments:
            if claim not in by_key and not self.texts_complete:
                continue                # the citations of an unread source may be the disagreement
            if claim not in by_key:
                self.log.add(vocabulary.display, line, f"assessment of {claim!r}: the sources do not disagree "
                             "about this claim (or no citation states it); remove the assessment, or give the "
                             "claim key of the citations that disagree" + tag("claim-keys"))
                continue
            given[claim] = text
            quoted = tuple(dict.fromkeys(s.citation.passage_id for r in by_key[claim].readings
                                         for s in r.statements if s.citation.passage_id in self.passages))
            self.prose(Prose(vocabulary.display, line, f"assessment of {claim!r}", text,
                             evidence=quoted, labelled=CONJECTURE))
        for dispute in found:
            if dispute.key.text not in given:
                self.uncited.append(EditorialItem(
                    "unassessed-dispute", vocabulary.display,
                    f"{dispute.key.text}: {dispute.detail}; add an assessment (sources/claims.yml, assessments:)"))
        return tuple((d.key.text, given.get(d.key.text, "")) for d in found)

    # --- attribution: source errors stay the source's; single-source claims are hedged -----------

    def source_names(self, vocabulary: ClaimVocabulary) -> dict:
        extra = dict(vocabulary.source_names)
        return {s.id: attribution.source_names(s.entry, extra.get(s.id, ())) for s in self.corpus.sources}

    def corrections(self, names: dict, prose: list[Prose]) -> None:
        """A detail that a correction note marks as wrong is repeated only
        attributed to its source, with the note shown."""
        for note in self.notes:
            if not note.corrects or note.target_kind != "passage" or note.target_id not in self.passages:
                continue
            source = self.passages[note.target_id].source_id
            for words in note.corrects:
                for item in prose:
                    for sentence in references.sentences(item.text)[0]:
                        if not attribution.contains_words(sentence.text, words):
                            continue
                        shown = f"note:{note.id}" in sentence.refs or f"note:{note.id}" in item.notes_shown
                        # The source of the corrected passage, or another whose cited passage gives the same words.
                        holders = {source} | {self.passages[r].source_id for r in sentence.refs if r in self.passages
                                              and attribution.contains_words(self.passages[r].text, words)}
                        named = any(attribution.attributes_detail(sentence.text, words, names.get(h, ()))
                                    for h in holders)
                        if not named or not shown:
                            self.log.add(item.path, item.line, f"{item.what}: repeats {words!r}, which note "
                                         f"'{note.id}' corrects; attribute it to its source (e.g. “"
                                         f"{names[source][0] if names[source] else source} dates … to {words}”) "
                                         f"and cite [[note:{note.id}]] in the sentence" + tag("corrections-kept"))
                for event in self.corpus.events:
                    if not attribution.contains_words(dates.words(event.date.text), words):
                        continue
                    shown = (f"note:{note.id}" in {r for x in references.sentences(event.summary)[0] for r in x.refs}
                             or any(n.target == f"event:{event.id}" and n.id == note.id for n in self.notes))
                    if not attribution.names_source(event.title, names[source]) or not shown:
                        self.log.add(event.origin or self.display["events"], event.date_line or event.line, f"event '{event.id}': its date "
                                     f"{event.date.text} repeats {words!r}, which note '{note.id}' corrects; "
                                     "the title must attribute the date to its source and the summary cite "
                                     f"[[note:{note.id}]]" + tag("corrections-kept"))

    def hedging(self, names: dict) -> None:
        """A claim resting on one source says so in its title and summary; a
        period title rests on two sources or says whose it is; a period ends
        no more precisely than the next one starts."""
        for event in self.corpus.events:
            path = event.origin or self.display["events"]
            held = {c.source_id for c in event.citations}
            if len(held) != 1 or next(iter(held)) not in names:
                continue
            source = next(iter(held))
            for field, text, line in (("title", event.title, event.line_of("title")),
                                      ("summary", references.plain(event.summary), event.summary_line or event.line)):
                if not attribution.names_source(text, names[source]):
                    self.uncited.append(EditorialItem(
                        "single-source-hedged", f"{path}:{line}", f"event '{event.id}': {field}: every citation "
                        f"is from {source}, so the {field} says whose claim it is (e.g. “…, according to "
                        f"{names[source][0] if names[source] else source}”)"))
        events = {e.id: e for e in self.corpus.events}
        periods = sorted(self.corpus.periods, key=lambda p: p.start.start)
        for index, period in enumerate(periods):
            cited = self.cited_passages(period.summary)
            opening = events.get(period.opened_by)
            cited += [c.passage_id for c in (opening.citations if opening else ()) if c.passage_id in self.passages]
            held = {self.passages[r].source_id for r in cited}
            if len(held) < 2 and not any(attribution.names_source(period.title, names.get(s, ())) for s in held):
                self.uncited.append(EditorialItem(
                    "single-source-hedged", f"{period.origin or self.display['periods']}:{period.line_of('title')}", f"period '{period.id}': title "
                    f"{period.title!r} rests on one source ({', '.join(sorted(held)) or 'none'}); cite a second "
                    "source in its summary, or say whose title it is"))
            following = periods[index + 1] if index + 1 < len(periods) else None
            if period.end is not None and following is not None:
                end, start = dates.statement(period.end.text), dates.statement(following.start.text)
                if dates.PRECISION[end.precision] > dates.PRECISION[start.precision]:
                    self.log.add(period.origin or self.display["periods"], period.line, f"period '{period.id}': end "
                                 f"{period.end.text} is more precise than the next period's start "
                                 f"{following.start.text}; write the end at that precision (the day before is "
                                 "not a date any source gives)" + tag("period-boundary"))

    # --- notes, roles, names --------------------------------------------------------------------

    def targets(self) -> dict:
        corpus = self.corpus
        return {"passage": set(self.passages), "event": {e.id for e in corpus.events},
                "actor": {a.id for a in corpus.actors}, "period": {p.id for p in corpus.periods},
                "source": {s.id for s in corpus.sources}, "glossary": {t.term for t in corpus.glossary}}

    def notes_check(self, known_ids: dict) -> None:
        targets = self.targets()
        unreadable = {kind for kind, ids in known_ids.items() if ids is None}
        for kind, ids in known_ids.items():
            if ids is not None and kind in targets:
                targets[kind] = targets[kind] | ids
        for note in self.notes:
            path = note.origin or self.display["notes"]
            what = f"note '{note.id}'"
            kind, target = note.target_kind, note.target_id
            if kind in unreadable:
                pass                    # its file could not be read (reported)
            elif kind == "passage":
                self.check_passage(path, note.target_line, f"{what}: target", target)
            elif target not in targets.get(kind, set()):
                self.log.add(path, note.target_line, f"{what}: target {note.target!r}: there is no {kind} "
                             f"'{target}'" + _suggest(target, targets.get(kind, set()))
                             + f"; write {kind}:<id> with an id from sources/")
            for ref in note.passages:
                self.check_passage(path, note.line, f"{what}: passages", ref)
            self.prose(Prose(path, note.line_of("text"), f"{what}: text", note.text, cited=False, checked=False))

    def roles(self) -> None:
        for actor in self.corpus.actors:
            path = actor.origin or self.display["actors"]
            for role in actor.roles:
                what = f"actor '{actor.id}': role {role.title!r}"
                if role.passage_id is None or not self.check_passage(path, role.line, what, role.passage_id):
                    continue
                if role.when is None:
                    continue
                text = self.passages[role.passage_id].text
                for year in _years_of(role.when.text):
                    pattern = re.escape(year).replace("X", r"\d")
                    decade = year.endswith("X") and re.search(re.escape(year.rstrip("X")) + r"0s", text)
                    if not re.search(rf"(?<!\d){pattern}(?!\d)", text) and not decade:
                        self.log.add(path, role.when_line or role.line, f"{what}: when {role.when.text!r}: "
                                     f"the passage {role.passage_id} does not state {year}; a term is shown "
                                     "only as a text states it: cite the passage that gives the year, or "
                                     "write `when: null` (the page then says the term is not stated)")

    def names(self, texts: list[str]) -> None:
        used_names = names_used([a.name for a in self.corpus.actors] + [t.expansion for t in self.corpus.glossary],
                                texts)

        def used(name: str) -> bool:
            return name in used_names

        # The names each note is asked to give, found in one scan of its text (one note may
        # vouch for many names: one scan per name would be quadratic).
        asked: dict[str, list[str]] = {}
        for actor in self.corpus.actors:
            if actor.name_note is not None:
                asked.setdefault(actor.name_note, []).append(actor.name)
        for term in self.corpus.glossary:
            if term.expansion_note is not None:
                asked.setdefault(term.expansion_note, []).extend((term.term, term.expansion))
        given = {note_id: names_used(names, [self.note_ids[note_id].text])
                 for note_id, names in asked.items() if note_id in self.note_ids}

        for actor in self.corpus.actors:
            path = actor.origin or self.display["actors"]
            location = actor.place.location if actor.place else None
            if location is not None and location.note is not None:
                self.check_note(path, actor.place.line or actor.line, f"actor '{actor.id}': place.note",
                                location.note)
            if actor.name_note is not None:
                found = self.check_note(path, actor.name_line or actor.line, f"actor '{actor.id}': name_note",
                                        actor.name_note)
                # The display name is an outside fact like any other: the note must give it, not
                # merely exist (issue 19: display names pass the outside-fact check).
                if found and actor.name not in given[actor.name_note]:
                    self.log.add(path, actor.name_line or actor.line, f"actor '{actor.id}': the name_note "
                                 f"'{actor.name_note}' does not give the name {actor.name!r}; write the name in the "
                                 "note's text, with what it rests on, or name the note that gives it"
                                 + tag("outside-name"))
            elif not used(actor.name):
                self.log.add(path, actor.name_line or actor.line, f"actor '{actor.id}': the name "
                             f"{actor.name!r} occurs in no source text; use a name the texts use, or add "
                             "a note with the reference it comes from (sources/notes/, with references:) "
                             "and name it here with `name_note: <note-id>`")
        for term in self.corpus.glossary:
            path = term.origin or self.display["glossary"]
            if term.expansion_note is not None:
                found = self.check_note(path, term.expansion_line or term.line, f"glossary term '{term.term}': "
                                        "expansion_note", term.expansion_note)
                # The identification is an outside fact like a display name: the note must be
                # about the term, not merely exist (a paraphrase is allowed: an expansion
                # glosses the note, it need not copy it).
                if found and not {term.term, term.expansion} & given[term.expansion_note]:
                    self.log.add(path, term.expansion_line or term.line, f"glossary term '{term.term}': the "
                                 f"expansion_note '{term.expansion_note}' names neither the term nor its expansion; write "
                                 "in the note's text what the term means, with what it rests on, or name the "
                                 "note that does" + tag("outside-name"))
            elif not used(term.expansion):
                self.log.add(path, term.expansion_line or term.line, f"glossary term '{term.term}': the "
                             f"expansion {term.expansion!r} occurs in no source text; add a note with the "
                             "reference it comes from (sources/notes/, with references:) and name it "
                             "here with `expansion_note: <note-id>`")


def _years_of(when: str) -> list[str]:
    """The four-digit years an EDTF term states (``1979/2003`` → 1979, 2003;
    ``197X`` → 197X), as written."""
    try:
        points = dates.statement(when).points
    except dates.StatementError:
        return []
    return list(dict.fromkeys(p.year for p in points if not p.open and p.year[:2].isdigit()))


def _suggest(value: str, options) -> str:
    close = difflib.get_close_matches(value, sorted(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def docs_prose(pages: dict, display: str = "docs") -> tuple[list[Prose], list[tuple[str, int, str]]]:
    """The editors' prose of the hand-written pages (*pages*: path under
    docs/ → text, as the load stage read them): every page's references
    (resolved, not required) and the overview region of the home page
    (``<!-- cited -->`` … ``<!-- /cited -->``, where every sentence must cite).
    Returns the prose and (path, line, message) problems."""
    found, problems = [], []
    for relative, text in pages.items():
        path = f"{display}/{relative}"
        masked = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        regions = list(CITED_REGION.finditer(masked))
        if relative == CITED_PAGE and not regions:
            problems.append((path, 1, "the overview has no cited region: put the lines <!-- cited --> "
                             "and <!-- /cited --> around its prose; every sentence inside ends with "
                             "[[source-id/pN]] or [[note:id]]"))
        taken = []
        for region in regions:
            start = region.start(1)
            taken.append((region.start(), region.end()))
            for paragraph, offset in _paragraphs(masked[start:region.end(1)]):
                line = masked.count("\n", 0, start + offset) + 1
                found.append(Prose(path, line, "overview", paragraph))
        for match in references.REF_GROUP.finditer(masked):
            if any(a <= match.start() < b for a, b in taken):
                continue
            line = masked.count("\n", 0, match.start()) + 1
            found.append(Prose(path, line, "inline reference", f"x.{match.group()}", cited=False, checked=False))
    return found, problems


def _paragraphs(text: str):
    """(paragraph, offset) for each prose paragraph of a Markdown region
    (headings, lists, HTML blocks and comments are not prose)."""
    for match in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", text):
        block = match.group().strip()
        if block.startswith(("#", "<", "- ", "* ", "|", ">", "!!!", "???")) or re.match(r"\d+\. ", block):
            continue
        yield " ".join(block.split()), match.start()


def check(corpus: Corpus, notes: tuple[Note, ...], displays: dict, docs_pages: dict | None, log: ProblemLog,
          explained: dict, known_ids: dict | None = None,
          vocabulary: ClaimVocabulary | None = None) -> Corpus:
    """Run every claims check; return the corpus with notes, the disagreements
    computed across events by claim key, and the uncited-sentence and
    unsupported-detail items added to its editorial queue."""
    vocabulary = vocabulary or ClaimVocabulary()
    checker = _Checker(corpus, notes, displays, log)
    checker.actor_files = set((known_ids or {}).get("actor") or ())
    found_disputes = checker.keys(vocabulary)
    checker.note_files = set((known_ids or {}).get("note files") or ())
    catalogued = (known_ids or {}).get("source")
    checker.texts_complete = catalogued is not None and catalogued <= checker.sources_read
    for event in corpus.events:
        checker.event(event)
    events = {e.id: e for e in corpus.events}
    for period in corpus.periods:
        checker.prose(Prose(period.origin or checker.display["periods"], period.summary_line or period.line,
                            f"period '{period.id}': summary", period.summary))
        opening = events.get(period.opened_by)
        cited = checker.cited_passages(period.summary)
        quoted = [c.passage_id for c in (opening.citations if opening else ()) if c.passage_id in checker.passages]
        checker.prose(Prose(period.origin or checker.display["periods"], period.line_of("title"), f"period '{period.id}': title", period.title,
                            cited=False, evidence=tuple(dict.fromkeys(cited + quoted))))
    for actor in corpus.actors:
        checker.prose(Prose(actor.origin or checker.display["actors"], actor.summary_line or actor.line,
                            f"actor '{actor.id}': summary", actor.summary))
    for term in corpus.glossary:
        if term.note:
            checker.prose(Prose(term.origin or checker.display["glossary"], term.note_line or term.line,
                                f"glossary term '{term.term}': note", term.note))
    checker.notes_check(known_ids or {})
    checker.roles()
    if checker.texts_complete:      # a name is "in no text" only when every text was read
        checker.names([s.raw.text for s in corpus.sources])
    if docs_pages is not None:
        pages, problems = docs_prose(docs_pages)
        for path, line, message in problems:
            log.add(path, line, message)
        for item in pages:
            checker.prose(item)
    for source in corpus.sources:
        catalog = source.entry.origin or checker.display["catalog"]
        for key, text in source.entry.assessment:
            # The catalog is the texts' layer, which test fixtures keep while
            # they swap the knowledge layer (the notes with it): passages only.
            # Not checked for unsupported details: the catalog cannot cite notes, so
            # its outside facts are the catalog's own check (issue 19, item 7).
            checker.prose(Prose(catalog, source.entry.line_of(f"assessment.{key}"), f"source '{source.id}': assessment.{key}", text,
                                cited=False, notes=False, checked=False))
            if text.startswith("TODO") or text == UNASSESSED:
                checker.uncited.append(EditorialItem("unassessed-source", f"{catalog}:{source.entry.line_of(f'assessment.{key}')}",
                                                     f"{source.id}: assessment.{key}"))
    assessed = checker.assessments(vocabulary, found_disputes)
    names = checker.source_names(vocabulary)
    checker.corrections(names, [p for p in checker.seen if p.checked or p.what.endswith(": title")])
    checker.hedging(names)
    why = kept_answers(explained)
    items = list(corpus.editorial) + [replace(item, explanation=why(item.kind, item.text))
                                      for item in checker.uncited]
    return replace(corpus, notes=notes, editorial=tuple(items), key_disputes=found_disputes,
                   key_assessments=assessed, vocabulary=vocabulary)

