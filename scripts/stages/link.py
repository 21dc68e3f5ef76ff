"""Stage 5, *link*: resolve what the passages mention and what the events
cite. Tags induce a graph, not a tree: everything is collected first, then
every passage learns its actors and events, every citation its passage.

In: the segmented sources and the validated knowledge layer. Out: a
:class:`~scripts.model.Corpus`. Problems (a quote found nowhere or in two
passages) go to the shared log with the ``events.yml`` line of the quote.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from urllib.parse import quote as urlquote

from scripts.errors import ProblemLog
from scripts.matcher import NameMatcher, normalize_key, tokenize
from scripts.model import (
    Actor,
    BuildInfo,
    Citation,
    Corpus,
    EditorialItem,
    GlossaryTerm,
    LinkedPassage,
    Mention,
    Passage,
    SourceDocument,
    TermUse,
)
from scripts.textnorm import normalize, normalize_with_map

SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
DATE_WORDS = re.compile(rf"\b(1[0-9]{{3}}|20[0-9]{{2}})\b|\b({MONTHS}) \d{{1,2}}\b|\b\d{{1,2}} ({MONTHS})\b")
CAPITALIZED_RUN = re.compile(
    r"(?<![\w’'-])((?:al-|Al-|el-)?[A-Z][\w’'-]*(?:\s+(?:of|the|al|bin|ibn|de|for|and)?\s*(?:al-|Al-)?[A-Z][\w’'-]*)+)")


#: Capitalized only because they open a sentence or a title; month names
#: date things rather than name them. Trimmed off the front of a name run.
LEADING_FUNCTION_WORDS = frozenset(
    "A An The In On At By For From Since Some After Before During When While Under Between As Although "
    "However Its Their His Her This That These Those Both Each Every Many Most Other Such Then Thus "
    "Though Despite Following Within Without Also".split()) | frozenset(MONTHS.split("|"))


def candidate_names(text: str):
    """Runs of capitalized words that look like names: (start, end, name)."""
    for match in CAPITALIZED_RUN.finditer(text):
        start, end = match.span(1)
        words = match.group(1).split()
        while words and (words[0] in LEADING_FUNCTION_WORDS or words[0][0].islower()):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
            words = words[1:]
        if len(words) >= 2:
            yield start, end, text[start:end]


def build_actor_matcher(actors: tuple[Actor, ...]) -> tuple[NameMatcher, dict]:
    """One matcher for every actor name; ambiguous names map to candidates."""
    matcher = NameMatcher()
    candidates: dict[str, set] = defaultdict(set)
    for actor in actors:
        exact = set(actor.case_sensitive_aliases)
        for name in (actor.name,) + actor.aliases + tuple(text for _, text in actor.native_names):
            matcher.add(name, ("actor", actor.id), case_sensitive=name in exact)
        for name in actor.ambiguous_aliases:
            key = normalize_key(name)
            candidates[key].add(actor.id)
            matcher.add(name, ("ambiguous", key), case_sensitive=name in exact)
    return matcher, dict(candidates)


def build_term_matcher(glossary: tuple[GlossaryTerm, ...]) -> NameMatcher:
    matcher = NameMatcher()
    for term in glossary:
        # Abbreviations are case-sensitive: "US" the country, not "us".
        matcher.add(term.term, term.term, case_sensitive=True)
    return matcher


def _resolve_mentions(found, candidates, source_actors: set) -> tuple[list[Mention], list]:
    direct = {m.target[1] for m in found if m.target[0] == "actor"}
    mentions, unresolved = [], []
    for match in found:
        kind, value = match.target
        if kind == "actor":
            mentions.append(Mention(value, match.start, match.end, match.surface))
            continue
        # A bare surname or a metonym: link it only when the paragraph, or
        # failing that the whole source, names exactly one of the candidates.
        options = candidates.get(value, set())
        for context in (direct, source_actors):
            chosen = options & context
            if len(chosen) == 1:
                mentions.append(Mention(chosen.pop(), match.start, match.end, match.surface))
                break
        else:
            unresolved.append(match)
    return mentions, unresolved


def text_fragment(text: str) -> str:
    """A URL text fragment (``:~:text=``) that highlights *text*."""
    def enc(part: str) -> str:
        return urlquote(part, safe="").replace("-", "%2D")
    words = text.split()
    if len(words) <= 10:
        return "text=" + enc(" ".join(words))
    return f"text={enc(' '.join(words[:5]))},{enc(' '.join(words[-5:]))}"


def _locate(citation: Citation, passages: list[Passage], normalized: dict):
    quote = normalize(citation.quote)
    hits = []
    for passage in passages:
        norm = normalized[passage.id]
        position = norm.find(quote)
        if position >= 0:
            where = normalize_with_map(passage.text)[1]
            start, end = where[position], where[position + len(quote) - 1] + 1
            hits.append((passage, passage.text[start:end]))
    return hits


def _resolve_citations(events, by_source, log: ProblemLog, events_display: str):
    # Performance (bench/README.md): the character map is built only for the
    # passages a quote is found in, not for every passage of the corpus.
    normalized = {p.id: normalize(p.text) for ps in by_source.values() for p in ps}
    resolved_events, cited = [], defaultdict(list)
    for event in events:
        citations, ok = [], True
        for citation in event.citations:
            if citation.source_id not in by_source:
                # The text itself could not be read; that is reported already,
                # and every quote from it would look missing.
                ok = False
                continue
            hits = _locate(citation, by_source[citation.source_id], normalized)
            if len(hits) == 1:
                passage, original = hits[0]
                fragment = f"#{passage.anchor}:~:text=" + text_fragment(original)[5:]
                citations.append(replace(citation, passage_id=passage.id, fragment=fragment))
                cited[passage.id].append((event.id, original))
            elif not hits:
                ok = False
                short = citation.quote if len(citation.quote) < 70 else citation.quote[:67] + "…"
                log.add(events_display, citation.line, f"event '{event.id}': the quote \"{short}\" is not "
                        f"in any passage of '{citation.source_id}'. Copy it exactly from the source page "
                        "(differences in spacing and in straight/curly quote marks do not matter; "
                        "a quote cannot span two paragraphs)")
            else:
                ok = False
                where = ", ".join(p.anchor for p, _ in hits)
                log.add(events_display, citation.line, f"event '{event.id}': the quote is in "
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


def _editorial(linked: list[LinkedPassage], cited, actors, glossary, unresolved, explained):
    items: list[EditorialItem] = []
    # Performance (bench/README.md): explanations normalized once, not once
    # per candidate (candidates × explanations calls before).
    explanations = [(ekind, normalize(etext), reason) for (ekind, etext), reason in explained.items()]

    def add(kind, where, text):
        why = None
        norm_text = normalize(text)
        for ekind, etext, reason in explanations:
            if ekind == kind and etext in norm_text:
                why = reason
                break
        items.append(EditorialItem(kind, where, text, why))

    used_keys: set = set()
    glossary_keys = {normalize_key(t.term) for t in glossary}
    for item in linked:
        passage = item.passage
        for mention in item.mentions:
            used_keys.add(normalize_key(mention.surface))
        quotes = [normalize(q) for _, q in cited.get(passage.id, [])]
        for _start, _end, sentence in _sentences(passage.text):
            if not DATE_WORDS.search(sentence):
                continue
            norm = normalize(sentence)
            if any(norm in q or q in norm or _overlap(norm, q) for q in quotes):
                continue
            add("undated-sentence", passage.id, sentence.strip())
        covered = [(m.start, m.end) for m in item.mentions] + [(t.start, t.end) for t in item.terms]
        covered += [(m.start, m.end) for m in unresolved.get(passage.id, [])]
        for start, end, name in candidate_names(passage.text):
            if any(s < end and start < e for s, e in covered):
                continue
            if normalize_key(name) in glossary_keys:
                continue
            add("unknown-name", passage.id, name)
    for actor in actors:
        for alias in actor.aliases + actor.ambiguous_aliases:
            if normalize_key(alias) not in used_keys:
                add("unused-alias", f"actor {actor.id}", alias)
    # One item per distinct name: the report is a to-do list, not a concordance.
    unique: dict = {}
    for item in items:
        key = (item.kind, normalize(item.text)) if item.kind != "undated-sentence" else (item.kind, item.where, item.text)
        unique.setdefault(key, item)
    return tuple(unique.values())


def _overlap(sentence: str, quote: str) -> bool:
    """Does a cited quote cover a good part of this sentence?"""
    words = set(sentence.split())
    return len(words & set(quote.split())) >= max(4, len(words) // 2)


#: Incremental preview (bench/README.md): what a source's passages mention
#: depends only on the passages and on the names the matchers look for, so
#: a long-running ``mkdocs serve`` re-matches only the sources whose text
#: changed (or every source when a name, alias or glossary term changed).
#: Keyed by (source id, passages, matcher inputs); holds this build's sources only.
_MENTION_CACHE: dict = {}


def _matcher_inputs(actors, glossary) -> tuple:
    """Everything of the actors and the glossary that the matchers use."""
    return (tuple((a.id, a.name, a.aliases, a.ambiguous_aliases, a.case_sensitive_aliases, a.native_names)
                  for a in actors), tuple(t.term for t in glossary))


def _mentions_of(source: SourceDocument, matcher, candidates, terms) -> tuple:
    """(passage, mentions, glossary uses, unresolved matches) of every passage of *source*."""
    # Performance (bench/README.md): each passage is tokenized once, for both matchers.
    tokenized = {p.id: tokenize(p.text) for p in source.passages}
    found = {p.id: matcher.find(p.text, tokenized[p.id]) for p in source.passages}
    source_actors = {m.target[1] for ms in found.values() for m in ms if m.target[0] == "actor"}
    out = []
    for passage in source.passages:
        mentions, missed = _resolve_mentions(found[passage.id], candidates, source_actors)
        uses = tuple(TermUse(m.target, m.start, m.end) for m in terms.find(passage.text, tokenized[passage.id]))
        out.append((passage, tuple(mentions), uses, missed))
    return tuple(out)


def link(sources: tuple[SourceDocument, ...], actors, events, periods, glossary, explained,
         build: BuildInfo, log: ProblemLog, events_display: str = "sources/events.yml") -> Corpus:
    by_source = {s.id: list(s.passages) for s in sources}
    events, cited = _resolve_citations(events, by_source, log, events_display)
    events_of_passage = defaultdict(list)
    for event in events:
        for citation in event.citations:
            if citation.passage_id and event.id not in events_of_passage[citation.passage_id]:
                events_of_passage[citation.passage_id].append(event.id)
    linked, unresolved = [], {}
    names = _matcher_inputs(actors, glossary)
    matchers = []
    cache = {}
    for source in sources:
        key = (source.id, source.passages, names)
        found = _MENTION_CACHE.get(key)
        if found is None:
            if not matchers:
                matchers = [*build_actor_matcher(actors), build_term_matcher(glossary)]
            found = _mentions_of(source, *matchers)
        cache[key] = found
        for passage, mentions, uses, missed in found:
            unresolved[passage.id] = missed
            linked.append(LinkedPassage(passage, mentions, uses, tuple(events_of_passage.get(passage.id, ()))))
    _MENTION_CACHE.clear()
    _MENTION_CACHE.update(cache)
    editorial = _editorial(linked, cited, actors, glossary, unresolved, explained)
    return Corpus(sources, periods, actors, tuple(sorted(events, key=lambda e: (e.date.start, e.date.end, e.id))),
                  glossary, tuple(linked), editorial, build)
