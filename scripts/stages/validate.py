"""Stage 2, *validate*: check every input against its schema and against the
others, and turn it into typed, frozen objects.

In: :class:`~scripts.stages.load.LoadedInputs`. Out: :class:`ValidInputs`.
All problems go to the shared :class:`~scripts.errors.ProblemLog` as
``sources/<file>:<line>: message`` — every one of them, not just the first —
and an entry with a problem is left out of the output so later stages can
still check the rest (quotes are checked against passages in *link*).
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from slugify import slugify

from scripts.edtfdates import EdtfError, day_after, parse_edtf
from scripts.errors import Problem, ProblemLog
from scripts.model import (
    Actor,
    Author,
    CatalogEntry,
    Citation,
    CleaningRule,
    Container,
    Event,
    GlossaryTerm,
    Period,
    RawText,
    Role,
)
from scripts.patterns import PatternError, compile_rule
from scripts.rawtext import check_size, decode_raw_text
from scripts.schemacheck import schema_problems
from scripts.stages.load import LoadedInputs
from scripts.urls import RESERVED_NAMES
from scripts.yamlio import LineDict, LineList


@dataclass(frozen=True)
class ValidInputs:
    catalog: tuple[CatalogEntry, ...]
    generic_rules: tuple[CleaningRule, ...]
    texts: dict                         # source id → RawText
    periods: tuple[Period, ...]
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]           # citations not yet resolved
    glossary: tuple[GlossaryTerm, ...]
    explained: dict                     # (kind, text) → why


#: Never in curated YAML: C0 controls but tab and newline, DEL, C1 controls
#: (U+0080-U+009F), the line/paragraph separators, and the bidi embeddings,
#: overrides and isolates that make text display in another order than it
#: is stored ("Trojan source"). YAML's "\x85"-style escapes can write them all.
_NEVER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: Also invisible, so never in identities (ids, names, aliases, terms, tags):
#: zero-width characters, word joiners, bidi marks, soft hyphen, BOM.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
#: Fields that identify something: compared, matched in texts, used in URLs.
IDENTITY_KEYS = frozenset({"id", "name", "aliases", "ambiguous_aliases", "case_sensitive_aliases", "term",
                           "tags", "actors", "source", "period", "file"})
#: Fields shown on one line (a heading, a link, a hover title, an
#: abbreviation's definition); the others (summary, dispute, notes …) are prose.
SINGLE_LINE_KEYS = IDENTITY_KEYS | frozenset({
    "title", "expansion", "kind", "language", "lang", "url", "sha256", "date", "start", "end", "when",
    "published", "field", "publisher", "venue", "first_published_in", "affiliation", "match", "action"})


def _character_problems(document, display: str, log: ProblemLog) -> None:
    """Characters that are never right in curated YAML, in any text value of
    *document*, at the value's line: see :data:`_NEVER`, :data:`_INVISIBLE`
    and :data:`SINGLE_LINE_KEYS`."""
    def visit(node, key, line):
        if isinstance(node, LineDict):
            for child_key, value in node.items():
                visit(value, child_key, node.line_of(child_key))
        elif isinstance(node, LineList):
            for index, value in enumerate(node):
                visit(value, key, node.line_of(index))
        elif isinstance(node, str):
            bad = _NEVER.search(node) or (key in IDENTITY_KEYS and _INVISIBLE.search(node))
            if bad:
                log.add(display, line, f"{key}: {node[:60]!r} contains the invisible or control character "
                        f"U+{ord(bad.group()):04X}; delete it (retype the value if you cannot see it)")
            elif key in SINGLE_LINE_KEYS and ("\n" in node or "\r" in node):
                log.add(display, line, f"{key}: {node[:60]!r} runs over several lines; write it on one line "
                        "(use `>-` or quotes for a long value)")
    visit(document, None, getattr(document, "line", 0))


def _checked_entries(loaded: LoadedInputs, name: str, list_key: str, log: ProblemLog):
    """Schema-check one curated YAML file; return its display path and the
    entries under *list_key* (``None`` when the file is absent or unreadable)."""
    display = loaded.yaml_display[name]
    document = loaded.yaml[name]
    if document is None:
        return display, None
    log.extend(schema_problems(document, name, display))
    return display, _items(document, list_key)


def _items(document, key) -> list:
    if isinstance(document, dict) and isinstance(document.get(key), list):
        return [item for item in document[key] if isinstance(item, LineDict)]
    return []


def _rules(items, display: str, log: ProblemLog) -> tuple[CleaningRule, ...]:
    rules = []
    for item in items:
        if not isinstance(item, LineDict) or not {"id", "match", "action", "reason"} <= set(item):
            continue                    # the schema check has reported it
        try:
            compile_rule(item["match"])
        except PatternError as error:
            log.add(display, item.line_of("match"), f"rule '{item['id']}': {error}")
            continue
        if item["action"] == "metadata" and not item.get("field"):
            log.add(display, item.line, f"rule '{item['id']}': action metadata needs `field:`")
            continue
        rules.append(CleaningRule(id=item["id"], pattern=item["match"], action=item["action"],
                                  reason=item["reason"], field=item.get("field"),
                                  level=item.get("level", 2), origin=display, line=item.line))
    return tuple(rules)


def _duplicates(items, key: str, display: str, what: str, log: ProblemLog) -> set:
    seen: dict = {}
    bad = set()
    for item in items:
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            log.add(display, item.line_of(key), f"duplicate {what} '{value}' (also at line {seen[value]}); "
                    f"every {what} must be unique: rename one of them")
            bad.add(value)
        else:
            seen[value] = item.line_of(key)
    return bad


def _check_slug(item, display: str, log: ProblemLog, name_key: str | None = None) -> None:
    """Ids are hand-written but must stay what python-slugify would make."""
    value = item.get("id")
    if isinstance(value, str) and slugify(value) != value:
        log.add(display, item.line_of("id"), f"id {value!r} is not a slug; write {slugify(value)!r}")
    elif value in RESERVED_NAMES:
        log.add(display, item.line_of("id"), _reserved("id", value))


def _reserved(what: str, value: str) -> str:
    return (f"the {what} {value!r} is reserved (its page would replace or be replaced by the site's "
            f"'{value}' page or folder); add a word to make it specific, e.g. '{value}-1' or 'the-{value}'")


def _decode_text(entry: CatalogEntry, loaded: LoadedInputs, display: str, log: ProblemLog) -> RawText | None:
    text_file = loaded.texts.get(entry.file)
    text_display = f"sources/{entry.file}"
    if text_file is None:
        log.add(display, entry.line, f"source '{entry.id}': the file {text_display} does not exist; "
                "add the text there or correct `file:`")
        return None
    data = text_file.data
    if data is None:
        return None                     # not a regular file: load has said why
    too_big = check_size(data, text_display)
    if too_big:
        log.extend([too_big])
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry.sha256:
        # Reported at the catalog's sha256 line: that is the line to edit,
        # whether the text changed or the hash was mistyped.
        log.add(display, entry.sha256_line, f"source '{entry.id}': the bytes of {text_display} do not "
                f"match this sha256 (the file's sha256 is {digest}). Raw texts are never edited: restore "
                f"the file with `git checkout -- {text_display}`, or, if this new version is intended, "
                f"set `sha256: {digest}`")
        return None
    decoded = decode_raw_text(data, text_display)
    if isinstance(decoded, Problem):
        log.extend([decoded])
        return None
    return RawText(entry.id, text_display, decoded.text, decoded.had_bom, decoded.had_crlf)


def _container(node) -> Container | None:
    """The larger work of a chapter (schema-checked already; None if unusable)."""
    if not isinstance(node, dict) or not isinstance(node.get("title"), str):
        return None
    text = {k: node.get(k) if isinstance(node.get(k), str) else None for k in ("edition", "publisher", "place", "pages")}
    editors = tuple(e for e in node.get("editors") or () if isinstance(e, str))
    return Container(node["title"], editors, **text)


def _catalog(loaded: LoadedInputs, log: ProblemLog) -> tuple[tuple[CatalogEntry, ...], dict]:
    display = loaded.yaml_display["catalog"]
    document = loaded.yaml["catalog"]
    if document is None:
        return (), {}
    log.extend(schema_problems(document, "catalog", display))
    items = _items(document, "sources")
    bad_ids = _duplicates(items, "id", display, "source id", log)
    _duplicates(items, "file", display, "file", log)
    entries, texts = [], {}
    for item in items:
        for field in ("id", "file", "sha256", "language", "kind"):
            if not isinstance(item.get(field), str):
                break
        else:
            if item["id"] in bad_ids:
                continue
            _check_slug(item, display, log)
            authors = tuple(Author(a["name"], a.get("affiliation")) for a in item.get("authors") or []
                            if isinstance(a, dict) and isinstance(a.get("name"), str))
            published = item.get("published")
            if published:
                try:
                    parse_edtf(published)
                except EdtfError as error:
                    log.add(display, item.line_of("published"), f"published: {error}")
            entry = CatalogEntry(
                id=item["id"], file=item["file"], sha256=item["sha256"], title=item.get("title"),
                authors=authors, publisher=item.get("publisher"), venue=item.get("venue"),
                first_published_in=item.get("first_published_in"), published=published,
                language=item["language"], kind=item["kind"], rights=item.get("rights"),
                url=item.get("url"), editor_supplied=tuple(item.get("editor_supplied") or ()),
                notes=item.get("notes"), rules=_rules(item.get("cleaning") or [], display, log),
                line=item.line, sha256_line=item.line_of("sha256"), container=_container(item.get("container")),
                accessed=item.get("accessed"), revision=item.get("revision"))
            entries.append(entry)
            raw = _decode_text(entry, loaded, display, log)
            if raw is not None:
                texts[entry.id] = raw
    catalogued = {item.get("file") for item in items}
    for key, text_file in loaded.texts.items():
        if key not in catalogued and not key.startswith("texts/.") and text_file.data is not None:
            log.add(text_file.display, 1, "this text has no entry in sources/catalog.yml; add one with "
                    f"`make new-source FILE={text_file.display}` or move the file out of sources/texts/")
    return tuple(entries), texts


def _edtf(item, key, display, log, what) -> object:
    try:
        return parse_edtf(item.get(key))
    except EdtfError as error:
        log.add(display, item.line_of(key), f"{what} '{item.get('id', '?')}': {key}: {error}")
        return None


def _periods(loaded: LoadedInputs, log: ProblemLog) -> tuple[Period, ...]:
    display, items = _checked_entries(loaded, "periods", "periods", log)
    if items is None:
        return ()
    _duplicates(items, "id", display, "period id", log)
    periods = []
    for index, item in enumerate(items):
        if not all(isinstance(item.get(k), str) for k in ("id", "title", "start", "summary")):
            continue
        _check_slug(item, display, log)
        start = _edtf(item, "start", display, log, "period")
        is_last = index == len(items) - 1
        end = None
        if item.get("end") is not None:
            end = _edtf(item, "end", display, log, "period")
            if end is None:
                continue
        elif not is_last:
            log.add(display, item.line_of("end"), f"period '{item['id']}': only the last period may be "
                    "open-ended (end: null); give an end date")
            continue
        if start is None:
            continue
        if end is not None and end.end < start.start:
            log.add(display, item.line_of("end"), f"period '{item['id']}' ends ({end.text}) before it "
                    f"starts ({start.text}); swap them")
            continue
        periods.append(Period(item["id"], item["title"], start, end, item["summary"], item.line))
    ordered = sorted(periods, key=lambda p: p.start.start)
    if [p.id for p in ordered] != [p.id for p in periods]:
        log.add(display, items[0].line if items else 0, "periods must be listed in chronological order; "
                "order them by start: " + ", ".join(p.id for p in ordered))
    # With a period left out (its own problem is reported), its neighbours
    # would seem to have a gap: check continuity only when all were read.
    complete = len(periods) == len(items)
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous.end is None or not complete:
            continue
        expected = day_after(previous.end.end)
        if current.start.start > expected:
            log.add(display, current.line, f"gap between periods '{previous.id}' (ends {previous.end.end}) "
                    f"and '{current.id}' (starts {current.start.start}); periods must follow each other "
                    f"without gaps: start '{current.id}' on {expected}")
        elif current.start.start < expected:
            log.add(display, current.line, f"period '{current.id}' (starts {current.start.start}) overlaps "
                    f"'{previous.id}' (ends {previous.end.end}); start it on {expected} or end the "
                    "previous one earlier")
    return tuple(periods)


def _norm_alias(alias: str) -> str:
    from scripts.matcher import normalize_key
    return normalize_key(alias)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _names_with_lines(item: LineDict):
    """(name, line, ambiguous?) for an actor's name, aliases and ambiguous aliases."""
    yield item["name"], item.line_of("name"), False
    for key, ambiguous in (("aliases", False), ("ambiguous_aliases", True)):
        node = item.get(key)
        if isinstance(node, list):
            for index, alias in enumerate(node):
                if isinstance(alias, str):
                    yield alias, node.line_of(index), ambiguous


def _actors(loaded: LoadedInputs, source_ids: set, log: ProblemLog) -> tuple[Actor, ...]:
    display, items = _checked_entries(loaded, "actors", "actors", log)
    if items is None:
        return ()
    _duplicates(items, "id", display, "actor id", log)
    claimed: dict = {}          # normalized alias → (actor id, line, ambiguous?)
    actors = []
    for item in items:
        if not all(isinstance(item.get(k), str) for k in ("id", "name", "kind", "summary")):
            continue
        actor_id = item["id"]
        _check_slug(item, display, log)
        lists = {}
        for key in ("aliases", "ambiguous_aliases", "case_sensitive_aliases"):
            values = item.get(key) or []
            # NFC: "Ṣaddām" typed with combining marks is the same name as
            # with precomposed letters (matched, compared and shown alike).
            lists[key] = tuple(_nfc(v) for v in values if isinstance(v, str)) if isinstance(values, list) else ()
        for alias, line, ambiguous in _names_with_lines(item):
            normal = _norm_alias(_nfc(alias))
            if not normal:
                log.add(display, line, f"actor '{actor_id}': alias {alias!r} has no letters or digits")
                continue
            other = claimed.get(normal)
            if other and other[0] != actor_id and not (ambiguous and other[2]):
                log.add(display, line, f"actor '{actor_id}': the name {alias!r} is already used by "
                        f"actor '{other[0]}' (line {other[1]}); a name can point to one actor only. "
                        "If both really use it, move it to `ambiguous_aliases` of both, so that "
                        "context decides")
                continue
            claimed.setdefault(normal, (actor_id, line, ambiguous))
        for alias in lists["case_sensitive_aliases"]:
            if alias not in lists["aliases"] and alias != item["name"]:
                log.add(display, item.line_of("case_sensitive_aliases"), f"actor '{actor_id}': "
                        f"case_sensitive_aliases lists {alias!r}, which is not in its aliases; add it there too")
        roles = []
        for role in item.get("roles") or []:
            if not isinstance(role, LineDict) or not isinstance(role.get("title"), str):
                continue
            when = None
            if role.get("when"):
                when = _edtf(role, "when", display, log, f"actor '{actor_id}' role")
            source = role.get("source")
            if source is not None and source not in source_ids:
                log.add(display, role.line_of("source"), f"actor '{actor_id}': role source '{source}' is "
                        f"not in sources/catalog.yml; use one of: {', '.join(sorted(source_ids))}")
            roles.append(Role(role["title"], when, source))
        natives = tuple((n["lang"], n["text"]) for n in item.get("native_names") or []
                        if isinstance(n, dict) and isinstance(n.get("text"), str))
        actors.append(Actor(actor_id, _nfc(item["name"]), item["kind"], lists["aliases"],
                            lists["ambiguous_aliases"], lists["case_sensitive_aliases"], natives,
                            tuple(roles), item["summary"], item.line))
    return tuple(actors)


def _period_for(date, periods) -> Period | None:
    for period in periods:
        end = period.end.end if period.end else None
        if period.start.start <= date.start and (end is None or date.start <= end):
            return period
    return None


def _events(loaded: LoadedInputs, source_ids: set, actor_ids: set | None, periods, log: ProblemLog):
    display, items = _checked_entries(loaded, "events", "events", log)
    if items is None:
        return ()
    _duplicates(items, "id", display, "event id", log)
    period_by_id = {p.id: p for p in periods}
    events = []
    for item in items:
        if not all(isinstance(item.get(k), str) for k in ("id", "title", "date", "summary")):
            continue
        event_id = item["id"]
        _check_slug(item, display, log)
        date = _edtf(item, "date", display, log, "event")
        actors = item.get("actors") if isinstance(item.get("actors"), list) else []
        for index, actor in enumerate(actors):
            if actor_ids is not None and actor not in actor_ids:
                log.add(display, actors.line_of(index), f"event '{event_id}': unknown actor '{actor}'; "
                        f"add it to sources/actors.yml or correct the id"
                        + _suggest(actor, actor_ids))
        period_id, given = None, item.get("period") is not None
        if date is not None and periods:
            if given:
                period = period_by_id.get(item["period"])
                if period is None:
                    log.add(display, item.line_of("period"), f"event '{event_id}': unknown period "
                            f"'{item['period']}'" + _suggest(item["period"], set(period_by_id))
                            + "; use an id from sources/periods.yml, or remove `period:` to derive it from the date")
                else:
                    end = period.end.end if period.end else date.end
                    if date.end < period.start.start or date.start > end:
                        log.add(display, item.line_of("date"), f"event '{event_id}': its date {date.text} "
                                f"is outside its period '{period.id}' ({period.start.start} to "
                                f"{period.end.end if period.end else 'the present'}); correct the date "
                                "or the period, or remove `period:` to derive it from the date")
                    period_id = period.id
            else:
                period = _period_for(date, periods)
                if period is None:
                    log.add(display, item.line_of("date"), f"event '{event_id}': its date {date.text} is "
                            "outside every period in sources/periods.yml; extend a period or fix the date")
                else:
                    period_id = period.id
        tags = item.get("tags") if isinstance(item.get("tags"), list) else []
        for index, tag in enumerate(tags):
            if tag in RESERVED_NAMES:
                log.add(display, tags.line_of(index), f"event '{event_id}': " + _reserved("tag", tag))
        disputed = bool(item.get("disputed"))
        dispute = item.get("dispute")
        if disputed and not dispute:
            log.add(display, item.line_of("disputed"), f"event '{event_id}': disputed events need a "
                    "`dispute:` note that quotes each side; add one, or set `disputed: false`")
        if dispute and not disputed:
            log.add(display, item.line_of("dispute"), f"event '{event_id}': has a `dispute:` note but "
                    "not `disputed: true`; add it or remove the note")
        citations = []
        for cite in item.get("citations") or []:
            if not isinstance(cite, LineDict) or not isinstance(cite.get("quote"), str):
                continue
            if cite.get("source") not in source_ids:
                log.add(display, cite.line_of("source"), f"event '{event_id}': unknown source "
                        f"'{cite.get('source')}'" + _suggest(str(cite.get("source")), source_ids)
                        + "; use an id from sources/catalog.yml")
                continue
            citations.append(Citation(cite["source"], cite["quote"], cite.line_of("quote")))
        # An event with a problem still goes on to the link stage, which
        # checks its quotations: an editor sees every mistake of an event in
        # one run (the build stops after linking whenever a problem was found).
        if date is not None:
            events.append(Event(event_id, item["title"], date, period_id or "", given,
                                tuple(actors), tuple(item.get("tags") or ()), item["summary"],
                                disputed, dispute, tuple(citations), item.line))
    return tuple(events)


def _suggest(value: str, options: set) -> str:
    close = difflib.get_close_matches(value, sorted(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _glossary(loaded: LoadedInputs, log: ProblemLog) -> tuple[GlossaryTerm, ...]:
    display, items = _checked_entries(loaded, "glossary", "terms", log)
    if items is None:
        return ()
    _duplicates(items, "term", display, "glossary term", log)
    for item in items:
        term = item.get("term")
        if isinstance(term, str) and ("]" in term or "[" in term):
            # *[TERM]: is how Markdown defines an abbreviation: a bracket would end it.
            log.add(display, item.line_of("term"), f"term {term!r}: square brackets are not allowed in a "
                    "term; remove them (write the bracketed part in the expansion)")
    return tuple(GlossaryTerm(i["term"], i["expansion"], i.get("note") or "", i.line) for i in items
                 if isinstance(i.get("term"), str) and isinstance(i.get("expansion"), str))


def _explained(loaded: LoadedInputs, log: ProblemLog) -> dict:
    _display, items = _checked_entries(loaded, "editorial", "explained", log)
    if items is None:
        return {}
    return {(i["kind"], i["text"]): i["why"] for i in items
            if all(isinstance(i.get(k), str) for k in ("kind", "text", "why"))}


def validate(loaded: LoadedInputs, log: ProblemLog) -> ValidInputs:
    for name, document in loaded.yaml.items():
        if document is not None and not isinstance(document, dict):
            kind = {"LineList": "list", "str": "text"}.get(type(document).__name__, type(document).__name__)
            log.add(loaded.yaml_display[name], 1, "the file must be a mapping with a top-level key "
                    f"(see the comment at its top); it is a {kind}: add the key, e.g. `{name}:`")
            loaded.yaml[name] = None
        elif document is not None:
            _character_problems(document, loaded.yaml_display[name], log)
    cleaning = loaded.yaml["cleaning"]
    generic_rules = ()
    if cleaning is not None:
        log.extend(schema_problems(cleaning, "cleaning", loaded.yaml_display["cleaning"]))
        generic_rules = _rules(_items(cleaning, "rules"), loaded.yaml_display["cleaning"], log)
    catalog, texts = _catalog(loaded, log)
    source_ids = {entry.id for entry in catalog}
    periods = _periods(loaded, log)
    actors = _actors(loaded, source_ids, log)
    # A file that could not be read at all would make every reference to it
    # look wrong; check references only against files that were read.
    unreadable = {name for name, data in loaded.yaml.items()
                  if data is None and loaded.paths.yaml(name).exists()}
    actor_ids = None if "actors" in unreadable else {a.id for a in actors}
    events = _events(loaded, source_ids, actor_ids, periods, log)
    return ValidInputs(catalog, generic_rules, texts, periods, actors, events, _glossary(loaded, log),
                       _explained(loaded, log))
