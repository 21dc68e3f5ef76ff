"""Stage 5, *link*: resolve what the passages mention and what the events
cite. Tags induce a graph, not a tree: everything is collected first, then
every passage learns its actors and events, every citation its passage.

In: the segmented sources and the validated knowledge layer. Out: a
:class:`~scripts.model.Corpus`. Problems (a quote found nowhere or in two
passages) go to the shared log with the line of the quote in its event file.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from urllib.parse import quote as urlquote

from scripts import dates, tei
from scripts.aliases import ABBREVIATION, Proposals
from scripts.claims import UNASSESSED
from scripts.dates import EdtfError, chronological_key, parse_edtf
from scripts.errors import ProblemLog
from scripts.explanations import kept_answers
from scripts.folding import default_folding, normalize, normalize_key, normalize_with_map, tokenize
from scripts.matcher import NameMatcher
from scripts.model import (
    Actor,
    BuildInfo,
    Corpus,
    EditorialItem,
    GlossaryTerm,
    LinkedPassage,
    Mention,
    Passage,
    Pin,
    SourceDocument,
    TermUse,
)
from scripts.reuse import Derived, reusable
from scripts.spans import SpanSet
from scripts.timescope import date_intervals, fitting, ruled_out

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_MONTH = "|".join(dates.MONTHS)
DATE_WORDS = re.compile(rf"\b(1[0-9]{{3}}|20[0-9]{{2}})\b|\b({_MONTH}) \d{{1,2}}\b|\b\d{{1,2}} ({_MONTH})\b")
# Bounded (bench/hostile.py): "\s+(word)?\s*" let the engine split a run of
# spaces between \s+ and \s* in every way (minutes on 60,000 spaces); the
# same language is written with one possessive \s++ per gap.
CAPITALIZED_RUN = re.compile(
    r"(?<![\w’'-])((?:al-|Al-|el-)?[A-Z][\w’'-]*"
    r"(?:\s++(?:(?:of|the|al|bin|ibn|de|for|and)\s*+)?(?:al-|Al-)?[A-Z][\w’'-]*)+)")


#: Capitalized only because they open a sentence or a title; month names
#: date things rather than name them. Trimmed off the front of a name run.
LEADING_FUNCTION_WORDS = frozenset(
    "A An The In On At By For From Since Some After Before During When While Under Between As Although "
    "However Its Their His Her This That These Those Both Each Every Many Most Other Such Then Thus "
    "Though Despite Following Within Without Also".split()) | frozenset(dates.MONTHS)


POSSESSIVE_ENDINGS = frozenset({"'s", "’s"})


#: The "and" between two names of one phrase ("Russian Foreign Minister
#: Andrei Kozyrev and Iraqi Deputy Prime Minister Tariq Aziz").
_AND = re.compile(r"\s+and\s+")


def _name_word_count(text: str) -> int:
    return sum(1 for word in text.split() if word[:1].isupper())


def _joined_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A run of capitalized words cut at each "and" that has two or more
    capitalized words on either side and only capitalized words before it:
    two names of one phrase, each a name of its own for the queue.
    "Bosnia and Herzegovina" (one word on a side) and "Popular Front for the
    Liberation of Oman and Arab Gulf" (an "of" before it: the name of one
    institution goes on) keep their "and"."""
    cuts = list(_AND.finditer(text, start, end))
    parts, begin = [], start
    for index, cut in enumerate(cuts):
        stop = cuts[index + 1].start() if index + 1 < len(cuts) else end
        before = text[begin:cut.start()]
        if _name_word_count(before) == len(before.split()) >= 2 and _name_word_count(text[cut.end():stop]) >= 2:
            parts.append((begin, cut.start()))
            begin = cut.end()
    return parts + [(begin, end)]


def candidate_names(text: str):
    """Runs of capitalized words that look like names: (start, end, name);
    two names joined by "and" are two runs (:func:`_joined_parts`)."""
    for match in CAPITALIZED_RUN.finditer(text):
        for start, end in _joined_parts(text, *match.span(1)):
            yield from _trimmed_name(text, start, end)


def _trimmed_name(text: str, start: int, end: int):
    """The run ``text[start:end]`` without the words that only open a
    sentence and without a possessive ending; nothing if under two words."""
    words = text[start:end].split()
    # A compound that ends in lower case ("Iraqi-supported", "US-led") is
    # an adjective: it qualifies the name after it, it is not part of it.
    while words and (words[0] in LEADING_FUNCTION_WORDS or words[0][0].islower()
                     or words[0].split("-")[-1][:1].islower()):
        start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
        words = words[1:]
    # "Lord Hood's question": the possessive ending is not part of the name.
    if words and words[-1][-2:] in POSSESSIVE_ENDINGS and len(words[-1]) > 2:
        end -= 2
        words[-1] = words[-1][:-2]
    if len(words) >= 2:
        yield start, end, text[start:end]


def build_actor_matcher(actors: tuple[Actor, ...]) -> tuple[NameMatcher, dict]:
    """One matcher for every actor name. A name of one actor maps to it; an
    ambiguous alias maps to its candidates (context decides); a name that
    several actors carry in turn, each with an ``exists`` interval (Russia),
    maps to them as ``scoped`` candidates (the date decides)."""
    matcher = NameMatcher()
    candidates: dict = defaultdict(set)
    owners: dict[str, set] = defaultdict(set)
    metonyms = _metonyms(actors)
    for actor in actors:
        for name in _linking_names(actor, metonyms):
            owners[normalize_key(name)].add(actor.id)
    for actor in actors:
        exact = set(actor.case_sensitive_aliases)
        for name in _linking_names(actor, metonyms):
            key = normalize_key(name)
            if len(owners[key]) > 1:
                candidates[("scoped", key)].update(owners[key])
                matcher.add(name, ("scoped", key), case_sensitive=name in exact)
            else:
                matcher.add(name, ("actor", actor.id), case_sensitive=name in exact)
        for name in actor.ambiguous_aliases:
            key = normalize_key(name)
            candidates[key].add(actor.id)
            matcher.add(name, ("ambiguous", key), case_sensitive=name in exact)
    return matcher, dict(candidates)


def _metonyms(actors: tuple[Actor, ...]) -> frozenset:
    """Keys of the names that actors other than places carry: "Baghdad"
    (the Iraqi state), "Moscow" (the Soviet or Russian government),
    "Washington" (the United States)."""
    return frozenset(normalize_key(name) for actor in actors if actor.kind != "place"
                     for name in (actor.name,) + actor.aliases + actor.ambiguous_aliases
                     + tuple(text for _, text in actor.native_names))


def _linking_names(actor: Actor, metonyms: frozenset) -> tuple[str, ...]:
    """The names the matcher links to *actor*. A place leaves out a name
    that also stands for a government (*metonyms*): the texts mostly mean
    the government, and the rules that choose between governments (the
    paragraph, the date) must keep deciding those mentions. The city is
    linked where an editor pins the words to it, and an event names it in
    ``places:``."""
    names = (actor.name,) + actor.aliases + tuple(text for _, text in actor.native_names)
    if actor.kind != "place":
        return names
    return tuple(name for name in names if normalize_key(name) not in metonyms)


def build_term_matcher(glossary: tuple[GlossaryTerm, ...]) -> NameMatcher:
    matcher = NameMatcher()
    for term in glossary:
        # Abbreviations are case-sensitive: "US" the country, not "us".
        matcher.add(term.term, term.term, case_sensitive=True)
    return matcher


def _resolve_mentions(found, candidates, source_actors: set, lifespans: dict | None = None,
                      contexts=None, own_names: dict | None = None) -> tuple[list[Mention], list]:
    """Mentions of one passage from the matches of its names.

    *contexts(match)* gives the date contexts of a match, most specific
    first (its sentence, its passage, the events that cite the passage);
    *lifespans* the ``exists`` interval of each actor that has one. A name
    several actors carry in turn resolves to the one that may exist at the
    date; an ambiguous alias keeps only the candidates that may exist at the
    date, then the paragraph or the whole source decides. An alias of one
    actor that cannot exist at the date (scripts/timescope.py: ruled_out;
    *own_names* gives each such actor's folded name, which always links)
    is not linked. What neither
    decides is returned as unresolved (the editorial queue shows it).
    """
    lifespans = lifespans or {}
    mentions, unresolved, pending = [], [], []
    for match in found:
        kind, value = match.target
        if kind == "actor":
            if contexts and value in lifespans and normalize_key(match.surface) != (own_names or {}).get(value) \
                    and ruled_out(lifespans[value], contexts(match)):
                # An alias of one actor at a date it does not exist ("the
                # Russians" of 1958 are not the Russian Federation); its own
                # name ("Soviet Union" in a retrospect of 2012) always links.
                unresolved.append(match)
            else:
                mentions.append(Mention(value, match.start, match.end, match.surface))
        elif kind == "scoped":
            fit, _context = fitting(candidates.get(match.target, set()), lifespans,
                                    contexts(match) if contexts else ())
            if len(fit) == 1:
                mentions.append(Mention(next(iter(fit)), match.start, match.end, match.surface, "date"))
            else:
                unresolved.append(match)
        else:
            pending.append(match)
    direct = {m.actor_id for m in mentions}
    for match in pending:
        # A bare surname or a metonym: link it only when the paragraph, or
        # failing that the whole source, names exactly one of the candidates
        # that may exist at the date of the passage (Moscow in a 2022 text is
        # not the Soviet Union, whatever else the text names).
        options = candidates.get(match.target[1], set())
        if lifespans and contexts:
            options, decided = fitting(options, lifespans, contexts(match))
            if decided >= 0:
                # The dates leave one of the candidates ("Moscow" in a report
                # of 1994 cannot be the Soviet Union, which ended in 1991).
                # Still an ambiguous alias ("context", not a strong name): it
                # may be part of a longer unknown name ("Moscow Summit").
                mentions.append(Mention(next(iter(options)), match.start, match.end, match.surface, "context"))
                continue
        for context in (direct, source_actors):
            chosen = options & context
            if len(chosen) == 1:
                mentions.append(Mention(chosen.pop(), match.start, match.end, match.surface, "context"))
                break
        else:
            unresolved.append(match)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions, unresolved


def surname_index(actors: tuple[Actor, ...]) -> dict[str, set]:
    """Folded last word of every person's full name (name, aliases and
    native names of two words or more) → the people who carry it."""
    index: dict[str, set] = defaultdict(set)
    for actor in actors:
        if actor.kind != "person":
            continue
        for name in (actor.name,) + actor.aliases + tuple(text for _, text in actor.native_names):
            keys = tokenize(name)[1]
            # "Faisal II" and "Peter the Great" have no surname: a regnal
            # number or an epithet is not a name to be used alone.
            if len(keys) < 2 or len(keys[-1]) < 3 or not keys[-1].isalpha() or ROMAN.fullmatch(keys[-1]) \
                    or keys[-2] in EPITHET_LINKS:
                continue
            index[keys[-1]].add(actor.id)
    return dict(index)


ROMAN = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
EPITHET_LINKS = frozenset({"the", "of", "de", "von", "van"})


def _is_capitalized(surface: str) -> bool:
    """Written with a capital, or in a script without case (Arabic)."""
    initial = next((c for c in surface if c.isalpha()), "")
    return bool(initial) and not initial.islower()


def _surname_mentions(passages, found, tokenized, surnames: dict, mentioned: set):
    """Surname coreference inside one text.

    After a person's full name (a match of two words or more), the bare
    surname links to that person, when no other actor named in this text
    shares it. Out: ({passage id: [Mention]}, {passage id: [(start, end,
    surface, candidates)]}) - the second are surnames two people of this
    text share: the editorial queue proposes them instead of a link.
    """
    alternatives = default_folding().alternatives
    first_full: dict = {}
    for order, passage in enumerate(passages):
        for match in found[passage.id]:
            kind, value = match.target
            if kind == "actor" and value not in first_full and len(tokenize(match.surface)[1]) >= 2:
                first_full[value] = (order, match.start)
    linked: dict = defaultdict(list)
    shared: dict = defaultdict(list)
    if not first_full:
        return linked, shared
    for order, passage in enumerate(passages):
        covered = SpanSet((m.start, m.end) for m in found[passage.id])   # bounded on huge paragraphs
        spans, keys = tokenized[passage.id]
        for (start, end, surface), key in zip(spans, keys, strict=True):
            owners = surnames.get(key)
            if owners is None and not surface.isascii():      # Лаврова after Сергей Лавров
                owners = next((surnames[k] for k in alternatives(surface) if k in surnames), None)
            if not owners or not _is_capitalized(surface):
                continue
            owners = owners & mentioned
            if not owners or covered.overlaps(start, end):
                continue
            if len(owners) > 1:
                shared[passage.id].append((start, end, surface, tuple(sorted(owners))))
                continue
            (owner,) = owners
            if owner in first_full and first_full[owner] < (order, start):
                linked[passage.id].append(Mention(owner, start, end, surface, "surname"))
    return linked, shared


def text_fragment(text: str) -> str:
    """A URL text fragment (``:~:text=``) that highlights *text*."""
    def enc(part: str) -> str:
        return urlquote(part, safe="").replace("-", "%2D")
    words = text.split()
    if len(words) <= 10:
        return "text=" + enc(" ".join(words))
    return f"text={enc(' '.join(words[:5]))},{enc(' '.join(words[-5:]))}"


_normalized = reusable(normalize)
_normalized_with_map = reusable(normalize_with_map)


#: Folded keys of the names and words the editorial queue looks at (few
#: distinct ones, each asked for again and again).
_key = lru_cache(maxsize=1 << 16)(normalize_key)


@reusable
def _locate(quote: str, passages: tuple[Passage, ...], normalized: Derived) -> tuple:
    """(passage, the quoted words as it writes them) of each of *passages*
    that holds *quote* (compared normalized: spacing, quote marks);
    *normalized*: the passages' normalized texts, in order."""
    quote = normalize(quote)
    hits = []
    for passage, norm in zip(passages, normalized.value, strict=True):
        # The character map is built only for the passages a quote is found in.
        position = norm.find(quote)
        if position >= 0:
            where = _normalized_with_map(passage.text)[1]
            start, end = where[position], where[position + len(quote) - 1] + 1
            hits.append((passage, passage.text[start:end]))
    return tuple(hits)


def _resolve_citations(events, by_source, log: ProblemLog):
    normalized = {source_id: tuple(_normalized(p.text) for p in passages) for source_id, passages in by_source.items()}
    resolved_events, cited = [], defaultdict(list)
    for event in events:
        citations, ok = [], True
        for citation in event.citations:
            if citation.source_id not in by_source:
                # The text itself could not be read; that is reported already,
                # and every quote from it would look missing.
                ok = False
                continue
            hits = _locate(citation.quote, by_source[citation.source_id], Derived(normalized[citation.source_id]))
            if len(hits) == 1:
                passage, original = hits[0]
                fragment = f"#{passage.anchor}:~:text=" + text_fragment(original)[5:]
                citations.append(replace(citation, passage_id=passage.id, fragment=fragment))
                cited[passage.id].append((event.id, original))
            elif not hits:
                ok = False
                short = citation.quote if len(citation.quote) < 70 else citation.quote[:67] + "…"
                log.add(event.origin, citation.line, f"event '{event.id}': the quote \"{short}\" is not "
                        f"in any passage of '{citation.source_id}'. Copy it exactly from the source page "
                        "(differences in spacing and in straight/curly quote marks do not matter; "
                        "a quote cannot span two paragraphs)")
            else:
                ok = False
                where = ", ".join(p.anchor for p, _ in hits)
                log.add(event.origin, citation.line, f"event '{event.id}': the quote is in "
                        f"{len(hits)} passages of '{citation.source_id}' ({where}); lengthen it until it "
                        "is found in exactly one")
        if ok:
            resolved_events.append(replace(event, citations=tuple(citations)))
    return tuple(resolved_events), cited


def _sentences(text: str):
    start = 0
    for match in SENTENCE_END.finditer(text):
        yield start, match.start(), text[start:match.start()]
        start = match.end()
    yield start, len(text), text[start:]


#: A capitalized word standing alone (not part of a hyphenated compound).
SINGLE_WORD = re.compile(r"(?<![\w’'ʿʾ-])([A-Z][\w’'ʿʾ]*[\w])(?![\w’'ʿʾ-])")
#: What may precede the first word of a sentence, list item or quotation.
SENTENCE_OPENERS = ".!?:;\"“”‘’'(«[—–-•*"
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
#: A month as a news dateline abbreviates it, with its full stop ("Oct. 14";
#: "Jan" without one may be a name).
MONTH_ABBREVIATIONS = frozenset(m[:3] for m in dates.MONTHS) | {"Sept"}


def single_names(text: str, taken: SpanSet) -> list:
    """Capitalized single words that may be names: (start, end, word).

    Not sentence-initial (that capital says nothing), not a function word,
    month or weekday, not inside a span of *taken* (mentions, terms, name runs).
    """
    out = []
    for match in SINGLE_WORD.finditer(text):
        start, end = match.span(1)
        word = match.group(1)
        if word[-2:] in ("’s", "'s"):        # the English possessive: Moscow’s
            word, end = word[:-2], end - 2
        before = text[:start].rstrip()
        if not before or before[-1] in SENTENCE_OPENERS:
            continue
        if word in LEADING_FUNCTION_WORDS or word in WEEKDAYS or len(word) < 3:
            continue
        if word in MONTH_ABBREVIATIONS and text[end:end + 1] == ".":
            continue
        if taken.overlaps(start, end):
            continue
        out.append((start, end, word))
    return out


def _known_words(linked: list[LinkedPassage], actors, folded_events, tokenized: dict | None = None) -> set:
    """Folded words a capital does not make a name: words the texts also
    write in lower case ("Party", "Council"), words of actors' names and
    their derivations ("Soviet", "Iraqi" from Iraq), and words the editors
    already wrote into an event's title or summary (covered by an event)."""
    known: set = set()
    for item in linked:
        text = item.passage.text
        known.update(_lower_words(text, Derived((tokenized or {}).get(item.passage.id) or tokenize(text))))
    stems = set()
    for actor in actors:
        for name in (actor.name,) + actor.aliases:
            keys = tokenize(name)[1]
            known.update(keys)
            stems.update(k for k in keys if len(k) >= 4)
    for title, summary in folded_events:
        known.update(title)
        known.update(summary)
    return known | {f"{stem}{suffix}" for stem in stems for suffix in DERIVATIONS}


@reusable
def _lower_words(_text: str, tokens: Derived) -> frozenset:
    """The folded words a passage's *_text* writes in lower case (*tokens*:
    ``tokenize(_text)``, made already by the matchers)."""
    spans, keys = tokens.value
    return frozenset(k for (_, _, surface), k in zip(spans, keys, strict=True) if surface[:1].islower())


@reusable
def _folded(text: str) -> tuple:
    return tuple(tokenize(text)[1])


def _event_texts(folded_events) -> str:
    """The folded words of every event's title and summary (*folded_events*:
    (title words, summary words) of each), one line each, padded with
    spaces: a name found in it is already covered by an event."""
    return "\n".join(f" {' '.join(title)} \n {' '.join(summary)} " for title, summary in folded_events)


#: Adjective and plural endings that derive a word from a name (Iraq → Iraqi,
#: Russia → Russian, Kurd → Kurdish).
DERIVATIONS = ("i", "is", "n", "ns", "an", "ans", "ian", "ians", "ish", "ese", "s", "es")


def telegraphese(text: str) -> bool:
    """Is *text* written mostly in capitals (a telegram), so that a capital
    letter does not mark a name? At least 20 cased letters, 70 % upper case."""
    upper = lower = 0
    for char in text:
        if char.isupper():
            upper += 1
        elif char.islower():
            lower += 1
    return upper + lower >= 20 and upper >= 0.7 * (upper + lower)


@reusable
def _in_event_texts(key: str, _digest: bytes, texts: Derived) -> bool:
    """Is the folded name *key* a run of words of *texts* (:func:`_event_texts`,
    whose digest is *_digest*)?"""
    return f" {key} " in texts.value


@reusable
def _name_candidates(text: str, covered: tuple, strong: tuple = ()) -> tuple:
    """What of a passage the editorial queue looks at, whatever the rest of
    the corpus: its sentences with a date word (with their normalized
    text), the runs of capitalized words that no name of one actor, term or
    pin covers (*strong*: a bare surname or an undecided alias inside a run
    does not hide it, as "Hussein" in "Ghafil Jassim Hussein"), single
    capitalized words and dotted abbreviations ("U.S.") outside all of
    *covered* (each name with its folded key)."""
    dated = tuple((sentence, normalize(sentence)) for _start, _end, sentence in _sentences(text)
                  if DATE_WORDS.search(sentence))
    if telegraphese(text):
        # Capitals say nothing in a telegram ("AND THAT TWO SIDES CONTINUE"):
        # the names the matchers know are linked whatever their case, and no
        # other run of capitals is taken for a name.
        return dated, (), ()
    strong_spans = SpanSet(strong)
    dotted = [match.span(1) for match in ABBREVIATION.finditer(text)]
    # "the U.K. agreed": the letters of an abbreviation are not words of a
    # run of capitalized words ("Later the U"); blanked, offsets unchanged.
    masked = text
    for start, end in dotted:
        masked = masked[:start] + " " * (end - start) + masked[end:]
    runs, names = [], []
    for start, end, name in candidate_names(masked):
        runs.append((start, end))
        if not strong_spans.overlaps(start, end):
            names.append((name, normalize_key(name)))
        else:
            names.extend((part, normalize_key(part))
                         for part in _beside_known_names(masked, start, end, strong or covered))
    taken = SpanSet([*covered, *runs])
    singles = tuple((word, normalize_key(word)) for _start, _end, word in single_names(text, taken))
    abbreviations = tuple((text[start:end], normalize_key(text[start:end].replace(".", "")))
                          for start, end in dotted if not taken.overlaps(start, end))
    return dated, tuple(names), singles + abbreviations


def _beside_known_names(text: str, start: int, end: int, known: list) -> list[str]:
    """The names in the run ``text[start:end]`` outside the *known* spans
    (names of one actor, terms, pins) that lie inside it: "Russia's Deputy
    Foreign Minister Viktor Posuvalyuk" hides no new person behind "Russia".
    A part right before a known name is its title ("Iraqi President Saddam
    Hussein"), not another name. In: the passage text, the run, the spans.
    Out: the parts of two or more capitalized words, as candidate_names
    finds them."""
    inside = sorted((max(s, start) - start, min(e, end) - start) for s, e in known if s < end and start < e)
    piece = list(text[start:end])
    for s, e in inside:
        # Not spaces: a known name ends the parts around it ("Andrei Kozyrev"
        # in "… Minister Andrei Kozyrev and Iraqi Deputy Prime Minister Tariq
        # Aziz" leaves a title before it and a name after it, not one run).
        piece[s:e] = KNOWN_NAME_MARK * (e - s)
    blanked = "".join(piece)
    known_starts = {s for s, _e in inside}
    parts = []
    for _s, e, name in candidate_names(blanked):
        rest = text[start + e:end]          # the run itself: the blanked names are not spaces
        after = e + len(rest) - len(rest.lstrip())
        if after not in known_starts:
            parts.append(name)
    return parts


#: What stands in for a known name inside a run (neither a word nor a space).
KNOWN_NAME_MARK = "\x00"


def _editorial(linked: list[LinkedPassage], cited, actors, glossary, unresolved, explained,
               events=(), shared=None, candidates=None, unfinished=(), tokenized=None, identified=None):
    items: list[EditorialItem] = list(unfinished)
    why = kept_answers(explained)

    def add(kind, where, text):
        items.append(EditorialItem(kind, where, text, why(kind, text)))

    for index, item in enumerate(items):        # the unfinished catalog entries can be explained too
        items[index] = EditorialItem(item.kind, item.where, item.text, why(item.kind, item.text))
    spellings: dict = defaultdict(set)
    for actor in actors:
        for alias in actor.ambiguous_aliases:
            spellings[_key(alias)].add(_normalized(alias).casefold())
    used_keys: set = set()
    glossary_keys = {_key(t.term) for t in glossary}
    folded_events = [(_folded(e.title), _folded(e.summary)) for e in events]
    known = _known_words(linked, actors, folded_events, tokenized)
    in_events = _event_texts(folded_events)
    # A substring search of all event texts per candidate name is most of
    # this function's time in a large corpus: it is reusable by (name,
    # digest of the event texts), the texts themselves being no part of the key.
    events_digest = hashlib.blake2b(in_events.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def in_an_event(key: str) -> bool:
        return _in_event_texts(key, events_digest, Derived(in_events))

    proposals = Proposals(actors)

    def unknown(where: str, name: str) -> None:
        """An unknown name, or a proposal when it probably names an actor."""
        actor_id = proposals.actor_for(name)
        if actor_id is None:
            add("unknown-name", where, name)
        else:
            add("possible-alias", where, f"{name}: add {name!r} as an alias of {actor_id}?")
    for item in linked:
        passage = item.passage
        for mention in item.mentions:
            used_keys.add(_key(mention.surface))
        quotes = [_normalized(q) for _, q in cited.get(passage.id, [])]
        missed = unresolved.get(passage.id, [])
        shared_here = (shared or {}).get(passage.id, [])
        strong = [(m.start, m.end) for m in item.mentions if m.how in STRONG]
        strong += [(t.start, t.end) for t in item.terms]
        covered = strong + [(m.start, m.end) for m in item.mentions if m.how not in STRONG]
        covered += [(m.start, m.end) for m in missed]
        covered += [(start, end) for start, end, _s, _o in shared_here]
        dated, runs, singles = _name_candidates(passage.text, tuple(covered), tuple(strong))
        for sentence, norm in dated:
            if any(norm in q or q in norm or _overlap(norm, q) for q in quotes):
                continue
            add("undated-sentence", passage.id, sentence.strip())
        for match in missed:
            if match.target[0] == "actor":
                # The one actor that carries the name does not exist at the
                # dates of the passage: another name, or a pin, is wanted.
                add("ambiguous-name", passage.id, f"{match.surface} (only {match.target[1]} carries this name, "
                    f"and it does not exist at the dates of this passage; {UNDECIDED_BY_DATE})")
                continue
            if match.target[0] == "scoped":
                # A name several actors carry in turn, and no date decides:
                # the editor pins this occurrence (sources/pins/<source>.yml).
                options = " or ".join(sorted((candidates or {}).get(match.target, ())))
                add("ambiguous-name", passage.id, f"{match.surface} ({options}; {UNDECIDED_BY_DATE})")
                continue
            # Folding found a spelling the editors never wrote, and context
            # cannot decide between the candidates: propose, do not link.
            key = match.target[1]
            options = " or ".join(sorted((candidates or {}).get(key, ())))
            if _normalized(match.surface).casefold() not in spellings.get(key, ()):
                add("ambiguous-name", passage.id, f"{match.surface} ({options})")
            else:
                # An ambiguous alias as the editors wrote it, which neither the
                # date nor the paragraph nor the source decides: not a silent
                # non-link, but an occurrence for the editor to pin.
                add("ambiguous-name", passage.id, f"{match.surface} ({options}; {UNDECIDED_BY_DATE})")
        for _start, _end, surface, owners in shared_here:
            add("ambiguous-name", passage.id, f"{surface} ({' or '.join(owners)})")
        marked = (identified or {}).get(passage.id, ())
        # The edition marks "Dixon" and lists "Pierson Dixon": "Sir Pierson
        # Dixon" and "Prime Minister Macmillan" are the persons it identifies.
        marked_surnames = {key.split()[-1] for key in marked if key.split()}
        for name, key in runs:
            if key in glossary_keys or in_an_event(key) or key in marked or \
                    (key.split() and key.split()[-1] in marked_surnames):
                continue
            unknown(passage.id, name)
        for word, key in singles:
            # A dotted abbreviation is looked at even when its letters are a
            # glossary term or a known word: "U.S." is neither "US" nor "us"
            # to the matchers, which compare whole tokens.
            if (key in glossary_keys or key in known or key in marked or key in marked_surnames) \
                    and not ABBREVIATION.fullmatch(word):
                continue
            unknown(passage.id, word)
    for actor in actors:
        for alias in actor.aliases + actor.ambiguous_aliases:
            if _key(alias) not in used_keys:
                add("unused-alias", f"actor {actor.id}", alias)
    # One item per distinct name: the report is a to-do list, not a concordance.
    unique: dict = {}
    for item in items:
        each = item.kind == "undated-sentence" or item.text.endswith(f"{UNDECIDED_BY_DATE})")
        key = (item.kind, item.where, item.text) if each else (item.kind, _normalized(item.text))
        unique.setdefault(key, item)
    return tuple(unique.values())


#: Said of an occurrence of a name that only a pin can decide (one queue
#: item per passage, not per name: each occurrence needs its own pin).
UNDECIDED_BY_DATE = "neither its dates nor its paragraph or source decide: pin this occurrence"


#: How a mention was resolved when it hides a run of capitalized words from
#: the queue: a name of one actor, a date, a pin. A bare surname or an
#: alias decided by context may be part of a longer, unknown name.
STRONG = frozenset({"name", "date", "pin"})


#: A note an editor must act on; `make new-source` writes one per field to check.
TODO_EDITOR = re.compile(r"#\s*TODO editor\b:?\s*(.*)$")
#: Catalog fields a published source cannot do without (null is allowed by
#: the schema for new entries, so the preview still builds).
REQUIRED_FOR_PUBLISHING = ("title",)


def unfinished_sources(entries, catalog_lines: dict) -> tuple[EditorialItem, ...]:
    """Open queue items for catalog entries still marked as unfinished: each
    ``# TODO editor`` comment in an entry, and each required field left null.

    In: the catalog entries and the text lines of each entry's file, by its
    display path. Out: ``unfinished-source`` items at ``sources/catalog/<id>.yml:LINE``.
    """
    items = []
    for entry in sorted(entries, key=lambda e: e.origin):
        display = entry.origin
        lines = catalog_lines.get(display, ())
        last = len(lines)
        for number in range(entry.line, last + 1):
            line = lines[number - 1]
            todo = TODO_EDITOR.search(line)
            if todo and UNASSESSED in line:
                # A placeholder of the source criticism: its own open item
                # (unassessed-source, stages/claims.py), one cause, one item.
                continue
            if todo and not line.lstrip().startswith("#"):
                field = line.split(":", 1)[0].strip(" -")
                items.append(EditorialItem("unfinished-source", f"{display}:{number}",
                                           f"source '{entry.id}', {field}: TODO editor: {todo.group(1).strip()}"))
        for field in REQUIRED_FOR_PUBLISHING:
            if getattr(entry, field) is None:
                number = next((n for n in range(entry.line, last + 1)
                               if lines[n - 1].strip(" -").startswith(f"{field}:")), entry.line)
                items.append(EditorialItem("unfinished-source", f"{display}:{number}",
                                           f"source '{entry.id}': the {field} is null; a published source "
                                           f"needs one (a title you supply goes in [square brackets])"))
    return tuple(items)


def _overlap(sentence: str, quote: str) -> bool:
    """Does a cited quote cover a good part of this sentence?"""
    words = set(sentence.split())
    return len(words & set(quote.split())) >= max(4, len(words) // 2)


def actor_names(actors) -> tuple:
    """Everything of the actors that :func:`build_actor_matcher` reads (not
    a summary or a role): the key of a kept actor matcher."""
    return tuple((a.id, a.kind, a.name, a.aliases, a.ambiguous_aliases, a.case_sensitive_aliases, a.native_names)
                 for a in actors)


def _matcher_inputs(actors, glossary) -> tuple:
    """Everything of the actors and the glossary that the matchers use."""
    return actor_names(actors), tuple(a.exists for a in actors), tuple(t.term for t in glossary)


def _date_contexts(passage: Passage, event_dates: tuple, written: tuple = ()):
    """A function giving the date contexts of a match in *passage*: the dates
    of its sentence, of the whole passage, of the events that cite it, and
    *written*, when the source was published (a passage that states no date
    and that no event cites speaks of the time of its writing: "Russia" in
    an undated paragraph of a 2018 analysis is the Russian Federation)."""
    sentences = [(start, end, date_intervals(sentence, qualifiers=False))
                 for start, end, sentence in _sentences(passage.text)]
    whole = [interval for _s, _e, intervals in sentences for interval in intervals]

    def contexts(match) -> tuple:
        here = next((intervals for start, end, intervals in sentences if start <= match.start < max(end, start + 1)),
                    [])
        return here, whole, list(event_dates), list(written)
    return contexts


def _written(source: SourceDocument) -> tuple:
    """When the source was written, as ((first day, last day),), or (): a
    TEI document's own date (a memorandum of July 1958, not the volume
    printed in 1992: its undated "Moscow" is the Soviet capital), else
    when the source was published."""
    doc = tei.document(source)
    if doc is not None:
        low, high = doc.date_min, doc.date_max
        if low or high:
            try:
                first, last = parse_edtf(low or high), parse_edtf(high or low)
            except EdtfError:
                first = last = None
            if first and last:
                return ((first.start, last.end),)
    published = source.entry.published
    if not published:
        return ()
    try:
        parsed = parse_edtf(published)
    except EdtfError:
        return ()                       # reported by validate
    return ((parsed.start, parsed.end),)


@reusable
def _matchers(_names: tuple, actors: Derived, glossary: Derived) -> tuple:
    """The matchers of the actors' names and the glossary's terms, and the
    indexes the matching uses; *_names* (:func:`_matcher_inputs`) is all
    of *actors* and *glossary* they depend on."""
    actors = actors.value
    return (*build_actor_matcher(actors), build_term_matcher(glossary.value), surname_index(actors),
            {a.id: a.exists for a in actors if a.exists},
            {a.id: normalize_key(a.name) for a in actors if a.exists})


@reusable
def _source_mentions(_id: str, _passages: tuple, _written_when: tuple, _names: tuple, event_dates: tuple,
                     source: Derived, matchers: Derived) -> tuple:
    """:func:`_mentions_of` *source* by *matchers*, *event_dates* as sorted
    (passage id, dates) pairs. What of the source and the matchers it
    depends on is the key: the source's id, passages and time of writing
    (:func:`_written`), and the names the matchers look for (*_names*)."""
    return _mentions_of(source.value, *matchers.value, event_dates=dict(event_dates))


def _mentions_of(source: SourceDocument, matcher, candidates, terms, surnames, lifespans=None, own_names=None,
                 event_dates=None) -> tuple:
    """((passage, mentions, glossary uses, unresolved matches) of every
    passage of *source*, the surnames two of its people share, each
    passage's tokens (for the editorial queue)). *event_dates* gives, by
    passage id, the (start, end) dates of the events that cite it."""
    # Performance (bench/README.md): each passage is tokenized once, for both matchers.
    tokenized = {p.id: tokenize(p.text) for p in source.passages}
    found = {p.id: matcher.find(p.text, tokenized[p.id]) for p in source.passages}
    written = _written(source)
    contexts = {p.id: _date_contexts(p, (event_dates or {}).get(p.id, ()), written) for p in source.passages}
    # Names of one actor, and names decided by the date, count as named by
    # the source when an ambiguous alias is to be decided.
    source_actors = {m.actor_id for p in source.passages
                     for m in _resolve_mentions([f for f in found[p.id] if f.target[0] != "ambiguous"],
                                                candidates, set(), lifespans, contexts[p.id], own_names)[0]}
    by_surname, shared_here = _surname_mentions(source.passages, found, tokenized, surnames, source_actors)
    out = []
    for passage in source.passages:
        mentions, missed = _resolve_mentions(found[passage.id], candidates, source_actors, lifespans,
                                             contexts[passage.id], own_names)
        if by_surname.get(passage.id):
            mentions = sorted(mentions + by_surname[passage.id], key=lambda m: (m.start, m.end))
        uses = tuple(TermUse(m.target, m.start, m.end) for m in terms.find(passage.text, tokenized[passage.id]))
        out.append((passage, tuple(mentions), uses, missed))
    return tuple(out), shared_here, tokenized


def pinned_span(pin: Pin, text: str) -> tuple[int, int] | str:
    """Where in *text* the pinned words are, or what is wrong (a message)."""
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(pin.words)}(?!\w)", text)]
    if not starts:
        return (f"pin of {pin.words!r}: the words are not in {pin.passage_id}; copy them exactly as the "
                "passage writes them (as whole words)")
    if pin.occurrence is None and len(starts) > 1:
        return (f"pin of {pin.words!r}: the words occur {len(starts)} times in {pin.passage_id}; add "
                "`occurrence: N` (1 = the first) to say which one")
    index = (pin.occurrence or 1) - 1
    if index >= len(starts):
        return (f"pin of {pin.words!r}: occurrence {pin.occurrence}, but the words occur "
                f"{len(starts)} time{'s' if len(starts) > 1 else ''} in {pin.passage_id}")
    return starts[index], starts[index] + len(pin.words)


def _apply_pins(passage: Passage, mentions: tuple, missed: list, shared: list, pins, log: ProblemLog):
    """An editor's pin replaces whatever a rule made of those words: the
    mention, the unresolved match or the shared surname there."""
    applied = []
    for pin in pins:
        span = pinned_span(pin, passage.text)
        if isinstance(span, str):
            log.add(pin.path, pin.line, span)
            continue
        start, end = span

        def outside(a: int, b: int) -> bool:
            return b <= start or a >= end
        mentions = tuple(m for m in mentions if outside(m.start, m.end))
        missed = [m for m in missed if outside(m.start, m.end)]
        shared = [s for s in shared if outside(s[0], s[1])]
        if pin.actor_id is not None:
            mentions = tuple(sorted(mentions + (Mention(pin.actor_id, start, end, passage.text[start:end], "pin"),),
                                    key=lambda m: (m.start, m.end)))
        applied.append(pin)
    return mentions, missed, shared, tuple(applied)


def link(sources: tuple[SourceDocument, ...], actors, events, periods, glossary, explained,
         build: BuildInfo, log: ProblemLog, catalog_lines: dict | None = None,
         pins: tuple[Pin, ...] = (), identified: dict | None = None) -> Corpus:
    """Link the corpus. *catalog_lines* are the lines of each catalog file as
    written (comments included), by display path, for the unfinished-entry
    items; *pins* the editors' decisions for single occurrences of names;
    *identified* the names an edition's apparatus marks in a passage
    ({passage id: {folded key (scripts.folding.normalize_key)}}), which the
    queue does not report as unknown.

    Reusable (scripts/reuse.py): what a source mentions depends only on the
    source, the names the matchers look for and the dates of the events
    that cite it, so under ``mkdocs serve`` only the sources whose text
    changed are matched again (every source when a name, alias or glossary
    term changed), and the matchers are built again only when a name
    changed; so are the normalized texts and the editorial queue's
    per-passage work."""
    pins_of: dict = defaultdict(list)
    for pin in pins:
        pins_of[pin.passage_id].append(pin)
    known_passages = {p.id for s in sources for p in s.passages}
    for pin in pins:
        if pin.passage_id not in known_passages and pin.passage_id.split("/")[0] in {s.id for s in sources}:
            log.add(pin.path, pin.line, f"pin of {pin.words!r}: there is no passage {pin.passage_id}; use the "
                    "number of the ¶ link on the source page")
    unfinished = unfinished_sources(tuple(s.entry for s in sources), catalog_lines or {})
    names = _matcher_inputs(actors, glossary)
    matchers = _matchers(names, Derived(actors), Derived(glossary))
    by_source = {s.id: s.passages for s in sources}
    events, cited = _resolve_citations(events, by_source, log)
    events_of_passage = defaultdict(list)
    for event in events:
        for citation in event.citations:
            if citation.passage_id and event.id not in events_of_passage[citation.passage_id]:
                events_of_passage[citation.passage_id].append(event.id)
    dates_of_event = {e.id: (e.date.start, e.date.end) for e in events}
    linked, unresolved, shared, all_tokens = [], {}, {}, {}
    for source in sources:
        event_dates = {p.id: tuple(dates_of_event[e] for e in events_of_passage.get(p.id, ()))
                       for p in source.passages}
        found = _source_mentions(source.id, source.passages, _written(source), names,
                                 tuple(sorted(event_dates.items())), Derived(source), Derived(matchers))
        by_passage, shared_here, tokenized = found
        all_tokens.update(tokenized)
        shared.update(shared_here)
        for passage, mentions, uses, missed in by_passage:
            applied = ()
            if passage.id in pins_of:
                mentions, missed, shared[passage.id], applied = _apply_pins(
                    passage, mentions, list(missed), list(shared.get(passage.id, ())), pins_of[passage.id], log)
            unresolved[passage.id] = missed
            linked.append(LinkedPassage(passage, mentions, uses, tuple(events_of_passage.get(passage.id, ())),
                                        applied))
    editorial = _editorial(linked, cited, actors, glossary, unresolved, explained, events, shared, matchers[1],
                           unfinished, all_tokens, identified)
    return Corpus(sources, periods, actors, tuple(sorted(events, key=lambda e: (chronological_key(e.date), e.id))),
                  glossary, tuple(linked), editorial, build)
