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

from scripts import places, tei
from scripts.bibliography import reference
from scripts.claims.details import words
from scripts.claims.quantities import Quantity
from scripts.claims.references import unpinned
from scripts.dates import EdtfError, StatementError, chronological_key, day_after, parse_edtf, statement
from scripts.entryfiles import KINDS
from scripts.errors import Problem, ProblemLog
from scripts.model import (
    Actor,
    Author,
    CatalogEntry,
    Citation,
    ClaimVocabulary,
    CleaningRule,
    Container,
    Derived,
    Dispute,
    Event,
    GlossaryTerm,
    Inferred,
    Lifespan,
    Location,
    Note,
    Period,
    Pin,
    PlaceFacts,
    Predicate,
    RawText,
    Reading,
    Reference,
    Role,
    Says,
)
from scripts.patterns import PatternError, compile_rule
from scripts.rawtext import check_size, decode_raw_text
from scripts.reuse import Same, reusable
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
    notes: tuple[Note, ...] = ()
    displays: dict | None = None        # short name → "sources/x.yml"
    pins: tuple[Pin, ...] = ()          # editors' decisions for single occurrences of names
    claims: ClaimVocabulary = ClaimVocabulary()     # sources/claims.yml


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
    and :data:`SINGLE_LINE_KEYS`. Reusable by the document's identity: an
    unchanged file's document is the very object of the last run
    (stages/load.py), so its characters are checked once."""
    log.extend(_kept_character_problems(Same(document), display))


@reusable
def _kept_character_problems(document: Same, display: str) -> tuple:
    found = ProblemLog()
    _find_character_problems(document.value, display, found)
    return tuple(found.problems)


def _find_character_problems(document, display: str, log: ProblemLog) -> None:
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
    """Schema-check one kind's entries (each entry file against the schema
    of one entry) or one curated YAML file; return the display path (of the
    folder or file) and the entries under *list_key* (``None`` when the
    folder or file is absent or unreadable)."""
    display = loaded.yaml_display[name]
    document = loaded.yaml[name]
    if document is None:
        return display, None
    items = _items(document, list_key)
    if name in KINDS:
        for item in items:
            log.extend(schema_problems(item, name, item.origin))
    else:
        log.extend(schema_problems(document, name, display))
    return display, items


def key_lines(item) -> tuple[tuple[str, int], ...]:
    """(field, line) of every field of an entry and of its mappings'
    fields (``assessment.date``), for models that locate problems at the
    field they are about (:class:`scripts.model.KeyLines`)."""
    found = []
    for key, value in item.items():
        found.append((key, item.line_of(key)))
        if isinstance(value, LineDict):
            found += [(f"{key}.{sub}", value.line_of(sub)) for sub in value]
    return tuple(found)


def _at(item, display: str) -> str:
    """Where an entry's problems are reported: its own file, else *display*."""
    return getattr(item, "origin", "") or display


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
    numbers = [item.get(key) for item in items if isinstance(item.get(key), int)]
    next_free = max(numbers, default=0) + 1     # two branches that each took the same next number
    for item in items:
        value = item.get(key)
        if not isinstance(value, str) and not isinstance(value, int):
            continue
        here = _at(item, display)
        if value in seen:
            other_path, other_line = seen[value]
            other = f"line {other_line}" if other_path == here else f"{other_path}:{other_line}"
            log.add(here, item.line_of(key), f"duplicate {what} '{value}' (also at {other}); "
                    f"every {what} must be unique: " + (f"give this one the next free number, {next_free}"
                                                        if isinstance(value, int) else "rename one of them"))
            bad.add(value)
        else:
            seen[value] = (here, item.line_of(key))
    return bad


def _well_formed(items, folder: str, keys: tuple[str, ...], log: ProblemLog):
    """(item, its display path) for each entry whose *keys* are all strings
    (the schema has reported the others), its id checked to be a slug."""
    for item in items:
        if all(isinstance(item.get(k), str) for k in keys):
            display = _at(item, folder)
            _check_slug(item, display, log)
            yield item, display


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
        log.add(display, entry.file_line or entry.line, f"source '{entry.id}': the file {text_display} does not exist; "
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
    if tei.is_document_file(entry.file):
        # A TEI document: read as untrusted XML; the raw text is its bytes as UTF-8.
        document = tei.read_tei(data, text_display)
        if isinstance(document, Problem):
            log.extend([document])
            return None
        return RawText(entry.id, text_display, data.decode("utf-8"), False, False, document)
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
    display, items = _checked_entries(loaded, "catalog", "sources", log)
    if items is None:
        items = []
    bad_ids = _duplicates(items, "id", display, "source id", log)
    _duplicates(items, "file", display, "file", log)
    entries, texts = [], {}
    for item in items:
        for field in ("id", "file", "sha256", "language", "kind"):
            if not isinstance(item.get(field), str):
                break
        else:
            # One cause, one message: an entry the schema refused (reported at
            # its field's line) is unread, not read half (authors: 12 was a
            # crash); what cites it is not reported as citing an unknown source.
            if item["id"] in bad_ids or schema_problems(item, "catalog", item.origin):
                continue
            display = _at(item, loaded.yaml_display["catalog"])
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
                url=item.get("url"), editor_supplied=tuple(_supplied_field(s) for s in item.get("editor_supplied") or ()),
                supplied_why=tuple(_supplied_why(s) for s in item.get("editor_supplied") or ()),
                editor_supplied_line=item.line_of("editor_supplied"),
                notes=item.get("notes"), rules=_rules(item.get("cleaning") or [], display, log),
                line=item.line, sha256_line=item.line_of("sha256"), file_line=item.line_of("file"), container=_container(item.get("container")),
                accessed=item.get("accessed"), revision=item.get("revision"), assessment=_assessment(item),
                short_name=_nfc(item["short_name"]) if isinstance(item.get("short_name"), str) else None,
                prose_names=tuple(n for n in item.get("prose_names") or () if isinstance(n, str)),
                origin=display, key_lines=key_lines(item))
            entries.append(entry)
            raw = _decode_text(entry, loaded, display, log)
            if raw is not None:
                texts[entry.id] = raw
    catalogued = {item.get("file") for item in items}
    # A catalog file that could not be read may be the entry of any text:
    # say nothing about uncatalogued texts until it reads (one cause, one message).
    unread = (loaded.unreadable or {}).get("catalog")
    for key, text_file in loaded.texts.items():
        if key not in catalogued and "/." not in key and text_file.data is not None and not unread:
            folder = key.split("/", 1)[0]
            log.add(text_file.display, 1, "this file has no entry in sources/catalog/; add one with "
                    f"`make new-source FILE={text_file.display}` or move the file out of sources/{folder}/")
    return tuple(entries), texts


ASSESSMENT_FIELDS = ("author", "kind", "date", "independence", "weaknesses")


def _supplied_field(node) -> str:
    """``title`` or ``{field: title, reason: …}`` → ``title``."""
    return node.get("field") if isinstance(node, dict) else node


def _supplied_why(node) -> tuple[str, str | None, str | None]:
    if isinstance(node, dict):
        return node.get("field"), node.get("reason"), node.get("note")
    return node, None, None


def _assessment(item) -> tuple[tuple[str, str], ...]:
    found = item.get("assessment")
    if not isinstance(found, dict):
        return ()           # the schema check reports it
    return tuple((key, found[key]) for key in ASSESSMENT_FIELDS if isinstance(found.get(key), str))


def _edtf(item, key, display, log, what) -> object:
    try:
        return parse_edtf(item.get(key))
    except EdtfError as error:
        log.add(display, item.line_of(key), f"{what} '{item.get('id', '?')}': {key}: {error}")
        return None


def _periods(loaded: LoadedInputs, log: ProblemLog) -> tuple[Period, ...]:
    """The periods, in chronological order (by start, then id); only the
    last may be open-ended, and each starts the day after the previous ends."""
    folder, items = _checked_entries(loaded, "periods", "periods", log)
    if items is None:
        return ()
    _duplicates(items, "id", folder, "period id", log)
    read = []
    for item, display in _well_formed(items, folder, ("id", "title", "start", "summary"), log):
        start = _edtf(item, "start", display, log, "period")
        end = _edtf(item, "end", display, log, "period") if item.get("end") is not None else None
        if start is None or (end is None and item.get("end") is not None):
            continue
        if end is not None and end.end < start.start:
            log.add(display, item.line_of("end"), f"period '{item['id']}' ends ({end.text}) before it "
                    f"starts ({start.text}); swap them")
            continue
        read.append(Period(item["id"], item["title"], start, end, item["summary"], item.line,
                           opened_by=item.get("opened_by") or "", summary_line=item.line_of("summary"),
                           origin=display, key_lines=key_lines(item)))
    ordered = sorted(read, key=lambda p: (p.start.start, p.id))
    periods = []
    for index, period in enumerate(ordered):
        if period.end is None and index != len(ordered) - 1:
            log.add(period.origin, _line_of_key(items, period, "end"), f"period '{period.id}': only the last "
                    "period may be open-ended (end: null); give an end date")
            continue
        periods.append(period)
    # With a period left out (its own problem is reported), its neighbours
    # would seem to have a gap: check continuity only when all were read.
    complete = len(periods) == len(items) and not (loaded.unreadable or {}).get("periods")
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous.end is None or not complete:
            continue
        expected = day_after(previous.end.end)
        if current.start.start > expected:
            log.add(current.origin, current.line_of("start"), f"gap between periods '{previous.id}' (ends "
                    f"{previous.end.end}) and '{current.id}' (starts {current.start.start}); periods must "
                    f"follow each other without gaps: start '{current.id}' on {expected}")
        elif current.start.start < expected:
            log.add(current.origin, current.line_of("start"), f"period '{current.id}' (starts {current.start.start}) "
                    f"overlaps '{previous.id}' (ends {previous.end.end}); start it on {expected} or end the "
                    "previous one earlier")
    return tuple(periods)


def _line_of_key(items, period: Period, key: str) -> int:
    item = next((i for i in items if i.get("id") == period.id), None)
    return item.line_of(key) if item is not None else period.line


def _norm_alias(alias: str) -> str:
    from scripts.folding import normalize_key
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


def _actors(loaded: LoadedInputs, source_ids: set, log: ProblemLog,
            unread_sources: frozenset = frozenset()) -> tuple[Actor, ...]:
    folder, items = _checked_entries(loaded, "actors", "actors", log)
    if items is None:
        return ()
    _duplicates(items, "id", folder, "actor id", log)
    claimed: dict = {}          # normalized alias → (actor id, "path:line", ambiguous?)
    # A place may share a name with a government (Baghdad, Moscow): the
    # linker gives such a name to the government (stages/link.py,
    # _linking_names), so only two places with one name collide.
    claimed_by_places: dict = {}
    lifespans = {item.get("id"): _lifespan(item, _at(item, folder), log) for item in items
                 if isinstance(item.get("id"), str) and item.get("exists") is not None}
    actors = []
    for item, display in _well_formed(items, folder, ("id", "name", "kind", "summary"), log):
        actor_id = item["id"]
        lists = {}
        for key in ("aliases", "ambiguous_aliases", "case_sensitive_aliases", "edition_names"):
            values = item.get(key) or []
            # NFC: "Ṣaddām" typed with combining marks is the same name as
            # with precomposed letters (matched, compared and shown alike).
            lists[key] = tuple(_nfc(v) for v in values if isinstance(v, str)) if isinstance(values, list) else ()
        claims = claimed_by_places if item["kind"] == "place" else claimed
        for alias, line, ambiguous in _names_with_lines(item):
            normal = _norm_alias(_nfc(alias))
            if not normal:
                log.add(display, line, f"actor '{actor_id}': alias {alias!r} has no letters or digits")
                continue
            other = claims.get(normal)
            if other and other[0] != actor_id and not (ambiguous and other[2]) \
                    and not _in_turn(lifespans.get(actor_id), lifespans.get(other[0])):
                log.add(display, line, f"actor '{actor_id}': the name {alias!r} is already used by "
                        f"actor '{other[0]}' ({other[1]}); a name can point to one actor only. "
                        "If the two are one state or body at different times, give both an `exists` "
                        "interval (the date of a passage then decides); if both really use it at the same "
                        "time, move it to `ambiguous_aliases` of both, so that context decides")
                continue
            claims.setdefault(normal, (actor_id, f"{display}:{line}", ambiguous))
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
            passage = unpinned(role["passage"]) if isinstance(role.get("passage"), str) else None
            if source is not None and source not in source_ids and source not in unread_sources:
                log.add(display, role.line_of("source"), f"actor '{actor_id}': role source '{source}' is "
                        f"not in sources/catalog/; use one of: {', '.join(sorted(source_ids))}")
            elif passage and source is not None and passage.split("/")[0] != source:
                log.add(display, role.line_of("passage"), f"actor '{actor_id}': role '{role['title']}' cites "
                        f"the passage {passage} but names the source '{source}'; cite a passage of that "
                        f"source, or remove `source:` (it is the passage's source)")
            if source is None and passage:
                source = passage.split("/")[0]
            roles.append(Role(role["title"], when, source, passage, role.line, role.line_of("when")))
        native_items = [n for n in item.get("native_names") or []
                        if isinstance(n, dict) and isinstance(n.get("text"), str)]
        natives = tuple((n["lang"], n["text"]) for n in native_items)
        native_notes = tuple(n.get("note") if isinstance(n.get("note"), str) else None for n in native_items)
        native_lines = tuple(getattr(n, "line", 0) or item.line_of("native_names") for n in native_items)
        name_note = item.get("name_note") if isinstance(item.get("name_note"), str) else None
        place = _place_facts(item, actor_id, display, log)
        actors.append(Actor(actor_id, _nfc(item["name"]), item["kind"], lists["aliases"],
                            lists["ambiguous_aliases"], lists["case_sensitive_aliases"], natives,
                            tuple(roles), item["summary"], item.line, name_note=name_note,
                            name_line=item.line_of("name"), summary_line=item.line_of("summary"),
                            exists=lifespans.get(actor_id), native_notes=native_notes,
                            native_lines=native_lines, place=place, origin=display, key_lines=key_lines(item),
                            edition_names=lists["edition_names"], edition_names_line=item.line_of("edition_names")))
    return tuple(actors)


def _place_facts(item: LineDict, actor_id: str, display: str, log: ProblemLog) -> PlaceFacts | None:
    """An actor's ``place:`` (kind ``place`` only): its sort, and its
    coordinates from GeoNames (``geonames: <id>``, looked up in the pinned
    gazetteer) or from an editors' note (``coordinates`` with ``note``)."""
    node = item.get("place")
    if node is None:
        return None
    if item.get("kind") != "place":
        log.add(display, item.line_of("place"), f"actor '{actor_id}': `place:` is for actors of kind "
                "place; remove it, or make the kind `place`")
        return None
    if not isinstance(node, LineDict) or not isinstance(node.get("kind"), str):
        return None                 # the schema check reports it
    location = None
    if node.get("geonames") is not None and node.get("coordinates") is not None:
        log.add(display, node.line_of("coordinates"), f"actor '{actor_id}': give either `geonames:` (the "
                "gazetteer's coordinates) or `coordinates:` with a `note:` that cites them, not both")
    elif isinstance(node.get("geonames"), int) and not isinstance(node.get("geonames"), bool):
        try:
            location = places.geonames_location(node["geonames"])
        except places.GazetteerError as error:
            log.add(display, node.line_of("geonames"), f"actor '{actor_id}': {error}")
    elif isinstance(node.get("coordinates"), LineDict):
        point, note = node["coordinates"], node.get("note")
        if not isinstance(note, str):
            log.add(display, node.line_of("coordinates"), f"actor '{actor_id}': coordinates no gazetteer "
                    "gives are an outside fact: add a note with the reference they come from "
                    "(sources/notes/, with references:) and name it here with `note: <note-id>`")
        elif all(isinstance(point.get(k), (int, float)) and not isinstance(point.get(k), bool)
                 for k in ("lat", "lon")):
            location = Location(float(point["lat"]), float(point["lon"]), f"editors' note {note}", note=note)
    return PlaceFacts(node["kind"], location, item.line_of("place"))


def _in_turn(one: Lifespan | None, other: Lifespan | None) -> bool:
    """May two actors carry one name? Yes when each has an ``exists``
    interval: the date of a passage decides (where the two overlap, as
    in December 1991, no date does, and the queue asks for a pin)."""
    return one is not None and other is not None


def _lifespan(item: LineDict, display: str, log: ProblemLog) -> Lifespan | None:
    """An actor's ``exists: {date, support}``: an EDTF interval whose ends
    may be open (``..``); each end is read as an EDTF date."""
    node = item.get("exists")
    if not isinstance(node, dict) or not isinstance(node.get("date"), str):
        return None             # the schema check reports it
    text, line = node["date"].strip(), node.line_of("date") if isinstance(node, LineDict) else item.line
    what = f"actor '{item.get('id')}': exists"
    parts = text.split("/")
    if len(parts) != 2:
        log.add(display, line, f"{what}: {text!r} is not an interval; write start/end in EDTF "
                "(1922-12-30/1991-12-26), with `..` for an end no text or note gives (1991/..)")
        return None
    bounds = []
    for side, part in zip(("start", "end"), parts, strict=True):
        if part in ("", ".."):
            bounds.append(None)
            continue
        try:
            parsed = parse_edtf(part)
        except EdtfError as error:
            log.add(display, line, f"{what}: {side} {part!r}: {error}")
            return None
        bounds.append(parsed.start if side == "start" else parsed.end)
    start, end = bounds
    if start is not None and end is not None and end < start:
        log.add(display, line, f"{what}: {text!r} ends before it starts; swap the two dates")
        return None
    if start is None and end is None:
        log.add(display, line, f"{what}: {text!r} has no end at all; give the start or the end the texts "
                "or a note support, or remove `exists`")
        return None
    support = tuple(unpinned(s) for s in node.get("support") or [] if isinstance(s, str))
    return Lifespan(text, start, end, support, line)


def _period_for(date, periods) -> Period | None:
    for period in periods:
        end = period.end.end if period.end else None
        if period.start.start <= date.start and (end is None or date.start <= end):
            return period
    return None


def _events(loaded: LoadedInputs, source_ids: set, actor_ids: set | None, periods, log: ProblemLog,
            place_ids: set | None = None, unread_sources: frozenset = frozenset()):
    """The events. One that cites a source whose catalog entry could not be
    read or has a problem (*unread_sources*, reported there) is left out
    without a word: its citations cannot be checked, and every check of
    them would report a consequence of that one problem. Each event is
    reusable (scripts/reuse.py) by its entry's identity and what it is
    checked against (:class:`_EventContext`)."""
    folder, items = _checked_entries(loaded, "events", "events", log)
    if items is None:
        return ()
    _duplicates(items, "id", folder, "event id", log)
    # A period file that could not be read (or has a problem) leaves a hole
    # in the periods: an event cannot be said to fall outside them then.
    context = _event_context(frozenset(source_ids), None if actor_ids is None else frozenset(actor_ids),
                             tuple(periods), frozenset((loaded.file_ids or {}).get("periods", set())),
                             None if place_ids is None else frozenset(place_ids), frozenset(unread_sources))
    events = []
    for item, display in _well_formed(items, folder, ("id", "title", "date", "summary"), log):
        event, problems = _event(Same(item), display, context)
        log.extend(problems)
        if event is not None:
            events.append(event)
    return tuple(events)


class _EventContext:
    """What an event entry is checked against: the ids of the sources,
    actors and places, the periods, the period files, the sources left
    unread. One object per distinct context (:func:`_event_context`), so
    that it stands in the keys of :func:`_event` by identity."""

    def __init__(self, source_ids, actor_ids, periods, period_files, place_ids, unread_sources):
        self.source_ids, self.actor_ids, self.place_ids = source_ids, actor_ids, place_ids
        self.periods, self.period_files, self.unread_sources = periods, period_files, unread_sources
        self.period_by_id = {p.id: p for p in periods}
        self.periods_complete = period_files <= set(self.period_by_id)


_event_context = reusable(_EventContext)


@reusable
def _event(entry: Same, display: str, context: _EventContext) -> tuple:
    """(the event of one entry, or None when it is left out; the problems of the entry)."""
    item, log = entry.value, ProblemLog()
    source_ids, actor_ids, place_ids = context.source_ids, context.actor_ids, context.place_ids
    periods, period_by_id, period_files = context.periods, context.period_by_id, context.period_files
    periods_complete, unread_sources = context.periods_complete, context.unread_sources
    event_id = item["id"]
    date = _edtf(item, "date", display, log, "event")
    actors = item.get("actors") if isinstance(item.get("actors"), list) else []
    for index, actor in enumerate(actors):
        if actor_ids is not None and actor not in actor_ids:
            log.add(display, actors.line_of(index), f"event '{event_id}': unknown actor '{actor}'; "
                    f"add sources/actors/{actor}.md (make new-actor NAME='…') or correct the id"
                    + _suggest(actor, actor_ids))
    places_named = item.get("places") if isinstance(item.get("places"), list) else []
    for index, place in enumerate(places_named):
        if place_ids is not None and place not in place_ids:
            log.add(display, places_named.line_of(index), f"event '{event_id}': `places:` lists "
                    f"'{place}', which is not an actor of kind place" + _suggest(str(place), place_ids)
                    + "; name a place (sources/actors/<id>.md, kind: place) or correct the id")
    period_id, given = None, item.get("period") is not None
    if date is not None and periods:
        if given:
            period = period_by_id.get(item["period"])
            if period is None and item["period"] in period_files:
                pass            # its file has a problem, reported there
            elif period is None:
                log.add(display, item.line_of("period"), f"event '{event_id}': unknown period "
                        f"'{item['period']}'" + _suggest(item["period"], set(period_by_id))
                        + "; use the name of a file in sources/periods/, or remove `period:` to derive it "
                        "from the date")
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
            if period is None and not periods_complete:
                pass            # it may fall in the period whose file has a problem
            elif period is None:
                log.add(display, item.line_of("date"), f"event '{event_id}': its date {date.text} is "
                        "outside every period in sources/periods/; extend a period or fix the date")
            else:
                period_id = period.id
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    for index, tag in enumerate(tags):
        if tag in RESERVED_NAMES:
            log.add(display, tags.line_of(index), f"event '{event_id}': " + _reserved("tag", tag))
    citations, unread = [], False
    for cite in item.get("citations") or []:
        if not isinstance(cite, LineDict) or not isinstance(cite.get("quote"), str):
            continue
        if cite.get("source") in unread_sources:
            unread = True
            continue
        if cite.get("source") not in source_ids:
            log.add(display, cite.line_of("source"), f"event '{event_id}': unknown source "
                    f"'{cite.get('source')}'" + _suggest(str(cite.get("source")), source_ids)
                    + "; use the name of a file in sources/catalog/")
            continue
        says = _says(cite, event_id, display, log)
        citations.append(Citation(cite["source"], cite["quote"], cite.line_of("quote"), says=says,
                                  claim=cite.get("claim"), claimant=cite.get("claimant"),
                                  via=tuple(cite.get("via") or ())))
    dispute = None if unread else _dispute(item, event_id, {c.source_id for c in citations}, display, log)
    inferred = None
    if isinstance(item.get("inferred"), LineDict):
        node = item["inferred"]
        passages = node.get("passages") if isinstance(node.get("passages"), list) else []
        inferred = Inferred(node.get("reason") or "", tuple(unpinned(p) for p in passages if isinstance(p, str)),
                            item.line_of("inferred"))
    # An event with a problem still goes on to the link stage, which
    # checks its quotations: an editor sees every mistake of an event in
    # one run (the build stops after linking whenever a problem was found).
    # A malformed dispute block (reported) would make the claims stage
    # ask for the block that is there.
    if date is None or dispute is False or unread:
        return None, log.problems
    return Event(event_id, item["title"], date, period_id or "",
                 tuple(actors), tuple(item.get("tags") or ()), item["summary"],
                 dispute, tuple(citations), item.line, inferred=inferred,
                 date_line=item.line_of("date"), summary_line=item.line_of("summary"),
                 places=tuple(p for p in places_named if isinstance(p, str)),
                 origin=display, key_lines=key_lines(item)), log.problems


def _says(cite: LineDict, event_id: str, display: str, log: ProblemLog) -> Says | None:
    """The citation's ``says:`` as a :class:`Says`, or None (reported) when unusable."""
    node = cite.get("says")
    if not isinstance(node, LineDict) or not isinstance(node.get("date"), str):
        return None                 # the schema check reports the missing or malformed `says:`
    try:
        statement(node["date"])
    except StatementError as error:
        log.add(display, node.line_of("date"), f"event '{event_id}': says.date: {error}")
        return None
    quantities, ok = [], True
    items = node.get("quantities") if isinstance(node.get("quantities"), list) else []
    for index, q in enumerate(items):
        if not isinstance(q, LineDict) or not all(k in q for k in ("what", "unit")):
            ok = False              # the schema check reports it
            continue
        magnitude = q.get("magnitude")
        if magnitude is not None:
            known = words().magnitudes
            if magnitude not in known or "min" in q or "max" in q:
                ok = False
                log.add(display, items.line_of(index), f"event '{event_id}': quantity {q['what']!r}: "
                        f"magnitude {magnitude!r} " + ("is not one of " + ", ".join(sorted(known))
                                                       if magnitude not in known else
                        "replaces min and max; remove them") + " (scripts/data/details.yml)")
                continue
            quantities.append(Quantity(str(q["what"]), None, None, str(q["unit"]), items.line_of(index),
                                       magnitude=magnitude))
            continue
        if "min" not in q or "max" not in q:
            ok = False
            log.add(display, items.line_of(index), f"event '{event_id}': quantity {q['what']!r} needs min "
                    "and max (null for an open side), or `magnitude:` for 'hundreds'")
            continue
        low, high = q["min"], q["max"]
        if not all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in (low, high)):
            ok = False
            continue
        if low is None and high is None:
            ok = False
            log.add(display, items.line_of(index), f"event '{event_id}': quantity {q['what']!r} has neither "
                    "min nor max; give the number the text states (min == max for an exact value, "
                    "max: null for 'more than')")
        elif low is not None and high is not None and low > high:
            ok = False
            log.add(display, items.line_of(index), f"event '{event_id}': quantity {q['what']!r} has min "
                    f"{low} above max {high}; swap them")
        else:
            quantities.append(Quantity(str(q["what"]), low, high, str(q["unit"]), items.line_of(index),
                                       approximate=q.get("approximate") is True))
    if not ok:
        return None
    derived = node.get("derived")
    if isinstance(derived, LineDict) and isinstance(derived.get("reason"), str) \
            and isinstance(derived.get("from"), list):
        derived = Derived(derived["reason"], tuple(unpinned(str(r)) for r in derived["from"]), node.line_of("derived"))
    else:
        derived = None              # absent, or reported by the schema check
    return Says(node["date"], tuple(quantities), node.line_of("date"), derived)


def _dispute(item: LineDict, event_id: str, cited: set, display: str, log: ProblemLog):
    """The event's ``dispute:`` block: a :class:`Dispute`, None (no dispute)
    or False (malformed; reported)."""
    node = item.get("dispute")
    if node is None:
        return None
    if not isinstance(node, LineDict):
        return False                # the schema check reports it
    readings, ok = [], True
    items = node.get("readings") if isinstance(node.get("readings"), list) else []
    labels: dict = {}
    for reading in items:
        if not isinstance(reading, LineDict) or not all(isinstance(reading.get(k), str) for k in ("label", "summary")):
            ok = False
            continue
        sources = reading.get("sources") if isinstance(reading.get("sources"), list) else []
        for index, source in enumerate(sources):
            if source not in cited:
                ok = False
                log.add(display, sources.line_of(index), f"event '{event_id}': reading "
                        f"{reading['label']!r} is held by '{source}', which this event does not cite; "
                        "add a citation of that source (with the quote that holds the reading) or use one "
                        f"of: {', '.join(sorted(cited)) or '(no citations)'}")
        if reading["label"] in labels:
            ok = False
            log.add(display, reading.line_of("label"), f"event '{event_id}': two readings are labelled "
                    f"{reading['label']!r} (also line {labels[reading['label']]}); give each its own label")
        labels.setdefault(reading["label"], reading.line_of("label"))
        numbers = reading.get("citations") if isinstance(reading.get("citations"), list) else []
        readings.append(Reading(reading["label"], reading["summary"], tuple(s for s in sources if isinstance(s, str)),
                                reading.line, reading.line_of("summary"),
                                tuple(n for n in numbers if isinstance(n, int) and not isinstance(n, bool))))
    if not ok or len(readings) < 2 or not isinstance(node.get("kind"), str) \
            or not isinstance(node.get("assessment"), str):
        return False                # schema problems (kind, assessment, minItems) are reported there
    return Dispute(node["kind"], node["assessment"], tuple(readings), item.line_of("dispute"))


def _suggest(value: str, options: set) -> str:
    close = difflib.get_close_matches(value, sorted(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _glossary(loaded: LoadedInputs, log: ProblemLog) -> tuple[GlossaryTerm, ...]:
    folder, items = _checked_entries(loaded, "glossary", "terms", log)
    if items is None:
        return ()
    _duplicates(items, "term", folder, "glossary term", log)
    for item in items:
        term = item.get("term")
        display = _at(item, folder)
        if isinstance(term, str) and ("]" in term or "[" in term):
            # *[TERM]: is how Markdown defines an abbreviation: a bracket would end it.
            log.add(display, item.line_of("term"), f"term {term!r}: square brackets are not allowed in a "
                    "term; remove them (write the bracketed part in the expansion)")
        elif isinstance(term, str) and item.origin and display.rsplit("/", 1)[-1] != f"{slugify(term)}.md":
            log.add(display, item.line_of("term"), f"term {term!r}: a glossary file is named by its term; "
                    f"rename this file to {slugify(term)}.md")
    return tuple(GlossaryTerm(i["term"], i["expansion"], i.get("note") or "", i.line,
                              expansion_note=i.get("expansion_note") if isinstance(i.get("expansion_note"), str) else None,
                              expansion_line=i.line_of("expansion"), note_line=i.line_of("note"),
                              origin=_at(i, folder))
                 for i in items if isinstance(i.get("term"), str) and isinstance(i.get("expansion"), str))


def provisional_note_numbers(items) -> dict:
    """The numbers new notes (without ``number:``) are shown with until they
    are published (``make number-notes`` writes them): the next free numbers
    after the highest published one, in order of id. Two pull requests that
    each add a note therefore never claim the same number, and a published
    number never changes. In: the notes' entries; out: id → number."""
    numbers = [i.get("number") for i in items if isinstance(i.get("number"), int)]
    new = sorted(i["id"] for i in items if "number" not in i and isinstance(i.get("id"), str))
    return {note_id: max(numbers, default=0) + offset for offset, note_id in enumerate(new, start=1)}


def _notes(loaded: LoadedInputs, log: ProblemLog) -> tuple[Note, ...]:
    """The editors' notes with their published numbers (``number:``, unique
    and never changed); a new note without one is numbered after them
    (:func:`provisional_note_numbers`)."""
    if "notes" not in loaded.yaml:
        return ()
    folder, items = _checked_entries(loaded, "notes", "notes", log)
    if items is None:
        return ()
    _duplicates(items, "id", folder, "note id", log)
    taken = _duplicates(items, "number", folder, "note number", log)
    provisional = provisional_note_numbers(items)
    notes = []
    for item in items:
        number = item.get("number", provisional.get(item.get("id")))
        if not all(isinstance(item.get(k), str) for k in ("id", "kind", "target", "text")) \
                or not isinstance(number, int) or isinstance(number, bool) or number in taken:
            continue
        display = _at(item, folder)
        records = []
        for index, node in enumerate(item.get("references") or []):
            what = f"note '{item['id']}': reference {index + 1}"
            if isinstance(node, str):
                line = item["references"].line_of(index) if isinstance(item["references"], LineList) else item.line
                log.add(display, line, f"{what}: a reference is written as a record, not as text (type, author, "
                        "title, publisher, year, pages …: see CONTRIBUTING.md, \"Editors' notes\"), so that "
                        "its page and its date can be checked")
                records.append(Reference(type=None, title=None, text=node))
            elif isinstance(node, dict):
                record, problems = reference(node, what)
                line = item["references"].line_of(index) if isinstance(item["references"], LineList) else item.line
                for problem in problems:
                    log.add(display, line, problem)
                records.append(record)
        references = [r.text for r in records]
        passages = [unpinned(p) for p in item.get("passages") or [] if isinstance(p, str)]
        if not references and not passages:
            # At the empty `references:` line (a new note has both), where the editor writes.
            where = item.line_of("references" if "references" in item else "passages" if "passages" in item else "id")
            log.add(display, where, f"note '{item['id']}' rests on nothing: add `references:` "
                    "(a full bibliographic reference, Chicago style) for a fact from outside the texts, or "
                    "`passages:` (source-id/pN) when it rests on the texts themselves")
        corrects = tuple(w for w in item.get("corrects") or [] if isinstance(w, str))
        if corrects and (item["kind"] != "correction" or not item["target"].startswith("passage:")):
            log.add(display, item.line_of("corrects"), f"note '{item['id']}': `corrects:` lists the wrong words "
                    "of a passage: it belongs on a note of kind correction whose target is passage:<id>")
        notes.append(Note(item["id"], number, item["kind"], unpinned(item["target"]), item["text"], tuple(references),
                          tuple(passages), item.line, item.line_of("target"), tuple(records),
                          origin=display, corrects=corrects, key_lines=key_lines(item)))
    return tuple(notes)


def _check_opened_by(loaded: LoadedInputs, periods: tuple[Period, ...], log: ProblemLog) -> None:
    """Each period starts with its opening event, on the same EDTF date."""
    document = loaded.yaml.get("events")
    dates = {e.get("id"): (e.get("date"), f"{_at(e, '')}:{e.line_of('date')}")
             for e in _items(document, "events")} if document else {}
    unreadable_events = (loaded.file_ids or {}).get("events", set())
    items = {i.get("id"): i for i in _items(loaded.yaml.get("periods"), "periods")}
    for period in periods:
        display = period.origin or loaded.yaml_display["periods"]
        item = items.get(period.id)
        line = item.line_of("opened_by") if item is not None else period.line
        if not period.opened_by:
            continue                # the schema check reports the missing field
        if period.opened_by not in dates:
            if period.opened_by in unreadable_events:
                continue            # its file could not be read: that is reported
            log.add(display, line, f"period '{period.id}': opened_by '{period.opened_by}' is not an event"
                    + _suggest(period.opened_by, {k for k in dates if isinstance(k, str)})
                    + "; name the event (a file in sources/events/) that opens the period")
            continue
        date, event_at = dates[period.opened_by]
        if date != period.start.text:
            log.add(display, item.line_of("start") if item is not None else line,
                    f"period '{period.id}': start {period.start.text!r} differs from the date {date!r} of its "
                    f"opening event '{period.opened_by}' ({event_at}); write "
                    f"start: \"{date}\" (the same EDTF string), or open the period with another event")


def _explained(loaded: LoadedInputs, log: ProblemLog) -> dict:
    """The explanations of editorial items (``sources/editorial/*.yml``, one
    each) as ``(kind, text) → why``, the longest text first: when two
    explanations fit one item, the more specific one applies, whatever the
    names of their files."""
    if "editorial" not in loaded.yaml:
        return {}
    _display, items = _checked_entries(loaded, "editorial", "explained", log)
    if items is None:
        return {}
    valid = [i for i in items if all(isinstance(i.get(k), str) for k in ("kind", "text", "why"))]
    first: dict = {}
    for item in valid:
        # Two pull requests that each met the same item (a "MOSCOW —" dateline
        # in two news reports) each explain it in a file of their own source:
        # both files are kept, the one whose name sorts first is shown.
        first.setdefault((item["kind"], item["text"]), item)
    ordered = sorted(first.values(), key=lambda i: (-len(i["text"]), i["kind"], i["text"]))
    return {(i["kind"], i["text"]): i["why"] for i in ordered}


def validate(loaded: LoadedInputs, log: ProblemLog) -> ValidInputs:
    """Check every input against its schema and the rules of the format.
    The checks of one document are reusable by its identity (scripts/reuse.py):
    an unchanged file's document is the very object of the last run."""
    for name, document in loaded.yaml.items():
        if document is not None and not isinstance(document, dict):
            kind = {"LineList": "list", "str": "text"}.get(type(document).__name__, type(document).__name__)
            log.add(loaded.yaml_display[name], 1, "the file must be a mapping with a top-level key "
                    f"(see the comment at its top); it is a {kind}: add the key, e.g. `{name}:`")
            loaded.yaml[name] = None
        elif document is not None and name in KINDS:
            for entry in _items(document, KINDS[name].list_key):
                _character_problems(entry, entry.origin, log)
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
    unread_sources = loaded_unread_sources(loaded, source_ids)
    actors = _actors(loaded, source_ids, log, unread_sources)
    # An actor whose file could not be read (or has another problem) is
    # unreadable, not absent: its id is its file's name, so an event naming
    # it is not also reported as naming an unknown actor (or place).
    valid_ids = {a.id for a in actors}
    actor_ids = valid_ids | (loaded.file_ids or {}).get("actors", set())
    place_ids = {a.id for a in actors if a.kind == "place"} | (actor_ids - valid_ids)
    events = _events(loaded, source_ids, actor_ids, periods, log, place_ids, unread_sources)
    _check_opened_by(loaded, periods, log)
    return ValidInputs(in_order(catalog), generic_rules, texts, in_order(periods), in_order(actors),
                       in_order(events), in_order(_glossary(loaded, log)), _explained(loaded, log),
                       in_order(_notes(loaded, log)), dict(loaded.yaml_display),
                       _pins(loaded, source_ids, actor_ids, log),
                       _claims(loaded, source_ids | unread_sources, log))


def _claims(loaded: LoadedInputs, source_ids: set, log: ProblemLog) -> ClaimVocabulary:
    """``sources/claims.yml`` (optional): the vocabulary of claim keys."""
    display = loaded.yaml_display.get("claims", "sources/claims.yml")
    document = loaded.yaml.get("claims")
    if document is None:
        return ClaimVocabulary(display=display)
    problems = schema_problems(document, "claims", display)
    log.extend(problems)
    if problems:
        return ClaimVocabulary(display=display)
    predicates = tuple(Predicate(p["id"], p["means"], p.get("ends"), p.line, p.get("opposes"))
                       for p in _items(document, "predicates"))
    known = {p.id for p in predicates}
    for predicate in predicates:
        for field in ("ends", "opposes"):
            other = getattr(predicate, field)
            if other is not None and other not in known:
                log.add(display, predicate.line, f"predicate '{predicate.id}': {field} {other!r} is not a "
                        "predicate of this file; add it, or correct the id")
        if predicate.ends is not None and predicate.opposes is not None:
            log.add(display, predicate.line, f"predicate '{predicate.id}': give `ends` or `opposes`, not both (a "
                    "claim either ends a course or contradicts it while it lasts)")
    names = []
    for item in _items(document, "source_names"):
        # One file per source: a pull request adding a source never edits
        # this shared file for its names.
        log.add(display, item.line, f"source_names: how the prose names a source is written in its own "
                f"catalog file now: move these names to `prose_names: [{', '.join(item['names'])}]` in "
                f"sources/catalog/{item['source']}.yml and delete this entry")
    assessments = tuple((a["claim"], a["assessment"], a.line) for a in _items(document, "assessments"))
    return ClaimVocabulary(predicates, assessments, tuple(names), display)


def loaded_unread_sources(loaded: LoadedInputs, source_ids: set) -> frozenset:
    """Ids of catalog files that could not be read or whose entry has a
    problem (reported at the file): unknown, not absent."""
    return frozenset((loaded.file_ids or {}).get("catalog", set()) - source_ids)


def _pins(loaded: LoadedInputs, source_ids: set, actor_ids: set | None, log: ProblemLog) -> tuple[Pin, ...]:
    """The editors' pins (``sources/pins/<source-id>.yml``): each names a
    passage of that file's source, the words, and an actor or null. Whether
    the words occur in the passage is checked in *link*, which has the text."""
    pins = []
    for display, document in sorted(loaded.pins.items()):
        if document is None:
            continue                        # unreadable: reported by load
        source = display.rsplit("/", 1)[-1].removesuffix(".yml")
        if source not in source_ids and source not in loaded_unread_sources(loaded, source_ids):
            log.add(display, 1, f"there is no source '{source}' in sources/catalog/"
                    + _suggest(source, source_ids) + "; name the file <source-id>.yml after the source "
                    "whose passages it pins")
            continue
        problems = schema_problems(document, "pins", display)
        if problems:
            log.extend(problems)
            continue
        _character_problems(document, display, log)
        seen: dict = {}
        for item in document["pins"]:
            passage, words, actor = unpinned(item["passage"]), item["words"], item["actor"]
            occurrence = item.get("occurrence")
            if passage.split("/")[0] != source:
                log.add(display, item.line_of("passage"), f"pin of {words!r}: the passage {passage} is not a "
                        f"passage of '{source}'; pin it in sources/pins/{passage.split('/')[0]}.yml")
                continue
            if actor is not None and actor_ids is not None and actor not in actor_ids:
                log.add(display, item.line_of("actor"), f"pin of {words!r} in {passage}: there is no actor "
                        f"'{actor}'" + _suggest(actor, actor_ids) + "; write an actor id, or `actor: null` "
                        "for no link")
                continue
            key = (passage, _nfc(words), occurrence or 1)
            if key in seen:
                log.add(display, item.line, f"pin of {words!r} in {passage} (occurrence {occurrence or 1}) is also "
                        f"at line {seen[key]}; keep one of the two")
                continue
            seen[key] = item.line
            pins.append(Pin(passage, _nfc(words), occurrence, actor, item["why"], display, item.line))
    return tuple(pins)


#: The one order of each kind of entry, whatever the order of the files that
#: hold them: the key the pages list them by (the source list, the actor
#: index, the glossary, the timeline), with the id last to break ties.
ORDER = {
    CatalogEntry: lambda e: (e.published or "9999", e.id),
    Period: lambda p: (p.start.start, p.id),
    Actor: lambda a: (a.name.casefold(), a.id),
    Event: lambda e: (chronological_key(e.date), e.id),
    GlossaryTerm: lambda t: (t.term.casefold(), t.term),
    Note: lambda n: n.number,
}


def in_order(entries: tuple) -> tuple:
    """*entries* (all of one kind) sorted by their kind's key in :data:`ORDER`."""
    return tuple(sorted(entries, key=ORDER[type(entries[0])])) if entries else entries
