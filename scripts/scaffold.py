"""Editors' helpers: start a new source, actor, event or note correctly.

Every helper writes one new file (never overwriting one), so two pull
requests that add different entries never touch the same file.

* :func:`new_source` copies a text into ``sources/texts/`` under a slug file
  name, computes its sha256 and writes its catalog entry to
  ``sources/catalog/<id>.yml`` with every field in the documented order. What
  the text itself says (a title line, a byline, a date line found by the
  generic cleaning rules) is filled in; everything else is ``null`` (or the
  nearest valid placeholder) with a ``# TODO editor:`` comment. The CLI
  then runs the cleaner's dry run on the new text.
* :func:`new_actor`, :func:`new_event` and :func:`new_note` write
  ``sources/actors/<id>.md``, ``sources/events/<id>.md`` and
  ``sources/notes/<id>.md``. What an editor must write (summaries,
  quotations) is marked TODO and left in a form the build refuses, so a
  template cannot be published half-done.

Refusals are :class:`Refused` with ``path:line: message`` problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import yaml
from slugify import slugify

from scripts.claims import UNASSESSED
from scripts.dates import EdtfError, parse_edtf
from scripts.entryfiles import KINDS, entry_files, parse_entry
from scripts.errors import Problem
from scripts.paths import ProjectPaths
from scripts.rawtext import decode_raw_text, read_regular_file
from scripts.schemacheck import input_schema
from scripts.words import plural
from scripts.yamlformat import field_order

#: What an editor must decide for each catalog field the text does not state.
CATALOG_TODO = {
    "title": "the title as stated in the text; a title you supply goes in [square brackets] "
             "and 'title' into editor_supplied",
    "authors": "list {name, affiliation} as stated in the text; keep [] if the text names nobody",
    "publisher": "who published it (site or organisation), or null",
    "venue": "series, blog or section, if stated; else null",
    "first_published_in": "where the text says it first appeared ('First published in …'), or null",
    "container": "for a chapter or section of a larger work: {title, editors, edition, publisher, place, "
                 "pages}; else null",
    "published": "publication date as stated, in EDTF (\"2012-10-25\", \"2018-05\", \"2021\", uncertain "
                 "\"1990?\", approximate \"1990~\"); null if the text gives none",
    "language": "BCP 47 code of the text (en, ru, ar …); guessed from its alphabet, check it",
    "kind": "one of: {kinds}",
    "rights": "licence or rights note, or null if unknown",
    "url": "original address, only if known for certain; else null",
    "accessed": "for a web page: the day it was read (\"2024-05-02\"); else null",
    "revision": "for a page that changes (a wiki): its revision, e.g. Wikipedia's oldid; else null",
    "short_name": "optional: how readers cite it in short ('Wikipedia', 'Mahmoudian 2021') when the name built "
                  "from author or publisher and year does not serve; else null",
    "prose_names": ("optional: how your prose names it when attributing a claim to it, besides the authors' "
                    "surnames and the publisher, e.g. [the report]; else null"),
    "editor_supplied": ("list every field above that you supplied rather than read in the text, each with what "
                        "it rests on: {field: F, reason: \"what a reader can check\"} or {field: F, note: <note-id>}"),
    "notes": "anything a reader should know about this copy (capture, gaps, inferred dates), or null",
    "cleaning": "rules for this text only, if the dry run below keeps site chrome or drops text",
}

#: The source criticism every catalog entry carries (a catalog entry's `assessment:`).
ASSESSMENT_TODO = {
    "author": "who wrote it and from where (affiliation, position)",
    "kind": "what kind of text (encyclopedia article, analysis, blog post …)",
    "date": "when it was written, and how we know",
    "independence": "whose view it represents and what it relies on",
    "weaknesses": "known errors and limits, with an example",
}

#: Date lines the generic rules may find, and how to read them as EDTF.
DATE_FORMATS = ("%A, %B %d, %Y", "%B %d, %Y", "%d %B %Y", "%A, %d %B %Y", "%Y-%m-%d", "%d.%m.%Y")


class Refused(Exception):
    """The helper refuses; nothing was written. *problems* are
    :class:`~scripts.errors.Problem` (``path:line: message``) or, for a bad
    command-line argument, plain messages."""

    def __init__(self, *problems: Problem | str):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


# ------------------------------------------------------------------- helpers

def yaml_scalar(value, *, quote: bool = False) -> str:
    """One YAML scalar on one line, quoted only when YAML needs it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if quote:
        return yaml.safe_dump(str(value), default_style='"', allow_unicode=True, width=10**6).strip()
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True)
    return dumped.removesuffix("\n...\n").strip()


def _entries(paths: ProjectPaths, kind: str) -> list:
    """The readable entries of one kind (each knows its file: ``origin``)."""
    found = []
    for path in entry_files(paths.entries(kind), KINDS[kind]):
        raw = read_regular_file(path, paths.display(path), limit=None)
        if isinstance(raw, Problem):
            continue
        entry, _problems = parse_entry(raw, path.name[: -len(KINDS[kind].suffix)], KINDS[kind],
                                       paths.display(path))
        if entry is not None:
            found.append(entry)
    return found


def _write_new(paths: ProjectPaths, path: Path, text: str, what: str) -> Path:
    """Write *text* to the new file *path*; refuse if it exists."""
    if path.exists() or path.is_symlink():
        raise Refused(Problem(paths.display(path), 1, f"{what} already exists; edit that file, or choose "
                              "another name so that the id differs"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return path


def guess_language(text: str) -> str:
    """The language code suggested by the alphabet most letters are in."""
    counts = {"ru": 0, "ar": 0, "en": 0}
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            counts["ru"] += 1
        elif "\u0600" <= char <= "\u06ff":
            counts["ar"] += 1
        elif char.isascii() and char.isalpha():
            counts["en"] += 1
    return max(counts, key=counts.get)


def as_edtf(value: str) -> str | None:
    """An EDTF reading of a date line the cleaner moved into metadata."""
    text = " ".join(value.replace(",", ", ").split()).replace(" ,", ",")
    try:
        return parse_edtf(text).text
    except EdtfError:
        pass
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _read_text(file: Path, *, allow_symlink: bool = True) -> tuple[bytes, str]:
    # One reader for texts (scripts/rawtext.py): a folder, a named pipe (which
    # would block for ever) or a device is refused before anything is read.
    data = read_regular_file(file, str(file), allow_symlink=allow_symlink)
    if isinstance(data, Problem):
        raise Refused(data)
    decoded = decode_raw_text(data, str(file))
    if isinstance(decoded, Problem):
        raise Refused(decoded)
    return data, decoded.text


def _stated(paths: ProjectPaths, text: str) -> dict:
    """What the generic cleaning rules read in the text: {field: (value, line, rule)}."""
    from scripts.errors import ProblemLog
    from scripts.model import RawText
    from scripts.stages.clean import clean
    from scripts.stages.load import load
    from scripts.stages.validate import validate

    rules = validate(load(paths, ProblemLog()), ProblemLog()).generic_rules
    found: dict = {}
    authors: list = []
    cleaned = clean(RawText("new", "new", text, False, False), rules)
    for meta in cleaned.metadata:
        if meta.field == "author":
            authors.append({"name": meta.value, "affiliation": None, "line": meta.line, "rule": meta.rule})
        elif meta.field == "affiliation" and authors:
            authors[-1]["affiliation"] = meta.value
        elif meta.field == "published":
            edtf = as_edtf(meta.value)
            if edtf:
                found.setdefault("published", (edtf, meta.line, meta.rule))
        elif meta.field in ("title", "first_published_in"):
            found.setdefault(meta.field, (meta.value, meta.line, meta.rule))
    if authors:
        found["authors"] = authors
    if "title" not in found:
        title = title_line(cleaned.blocks)
        if title is not None:
            found["title"] = (title[0], title[1], TITLE_RULE)
            found["cleaning"] = [title_rule(title[0])]
    return found


#: The rule new-source writes into a text's own `cleaning:` for its title line.
TITLE_RULE = "title-line"
#: A title line is short and does not end like a sentence.
MAX_TITLE = 200


def title_line(blocks) -> tuple[str, int] | None:
    """The text's title line, when the text opens with one: a first
    paragraph of one line, short, not ending like a sentence, followed by
    more text. Returns (title, raw line number) or None."""
    if len(blocks) < 2 or blocks[0].kind != "paragraph" or len(blocks[0].lines) != 1:
        return None
    text = blocks[0].text.strip()
    if not 3 <= len(text) <= MAX_TITLE or text.endswith((".", ",", ";", ":")) or "[[" in text:
        return None
    return text, blocks[0].lines[0]


def title_rule(title: str) -> dict:
    """A cleaning rule that moves the title line into the record's `title`."""
    import re

    literal = re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", " ".join(title.split()))
    return {"id": TITLE_RULE, "match": f"(?P<value>{literal})", "action": "metadata",
            "field": "title", "reason": "The text's title line, shown as the title (moved by make new-source)."}


# ------------------------------------------------------------------- dry run

def dry_run_report(result, lines: tuple[str, ...], shown: str) -> str:
    """Every line of a text with its fate under the cleaning rules, in order.

    In: the cleaner's :class:`~scripts.model.CleanText`, the raw lines and the
    file name to show. Out: the report text: each non-blank line is KEPT (body,
    with the block kind), HEADING, METADATA, INFOBOX, SEE ALSO or DROPPED, with
    the rule that decided it (body lines: no rule matched). Blank lines are
    listed together at the end.
    """
    count = len(lines) - (1 if lines and lines[-1] == "" else 0)
    fates: dict[int, str] = {}
    for block in result.blocks:
        label = "HEADING " if block.kind == "heading" else "KEPT    "
        for number in block.lines:
            what = f"{'#' * block.level} {block.text[:70]}" if block.kind == "heading" else \
                repr(lines[number - 1].strip()[:60])
            rule = "" if block.kind == "heading" else f"  ({block.kind}; no rule matched)"
            fates[number] = f"{label} {what}{rule}"
    for meta in result.metadata:
        fates[meta.line] = f"METADATA {meta.field}: {meta.value[:70]}  [{meta.rule}]"
    for key, value, number in result.infobox:
        fates[number] = f"INFOBOX  {key}: {value[:60]}"
    for text, number in result.see_also:
        fates[number] = f"SEE ALSO {text[:60]}"
    for removed in result.removed:
        fates[removed.line] = (f"DROPPED  {removed.text.strip()[:60]!r}\n"
                               f"             why: {removed.reason}  [{removed.rule}]")
    out = [f"Dry run of the cleaner on {shown} ({plural(count, 'line')}):\n"]
    for number in sorted(fates):
        out.append(f"  line {number:>4}  {fates[number]}")
    blank = [n for n in result.blank_lines if n <= count]
    if blank:
        out.append(f"  blank: {plural(len(blank), 'line')} ({', '.join(map(str, blank[:40]))}"
                   f"{' …' if len(blank) > 40 else ''})")
    unaccounted = [n for n in range(1, count + 1) if n not in fates and n not in result.blank_lines]
    if unaccounted:      # never expected: the cleaner accounts for every line
        out.append(f"  NOT ACCOUNTED FOR: lines {', '.join(map(str, unaccounted))}")
    headings = [b for b in result.blocks if b.kind == "heading"]
    passages = [b for b in result.blocks if b.kind != "heading"]
    out.append(f"\n  kept: {plural(len(passages), 'passage')}, {plural(len(headings), 'heading')}, "
               f"{plural(len(result.infobox), 'infobox row')}, {plural(len(result.see_also), 'see-also link')}; "
               f"dropped: {plural(len(result.removed), 'line')}")
    out.append("  Lines KEPT that are not the text's own (menus, mastheads, share buttons) need a rule in "
               "the entry's `cleaning:` list (see CONTRIBUTING.md).")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ new-source

def catalog_entry(entry_id: str, file_name: str, digest: str, text: str, stated: dict,
                  given: dict | None = None) -> str:
    """The YAML text of a new catalog file (``sources/catalog/<id>.yml``; the
    id is the file's name). *stated*: what the text says (see :func:`_stated`);
    *given*: what the editor gave on the command line (title, url,
    published, publisher), written without a TODO and listed in
    ``editor_supplied`` unless the text states the same."""
    given = {k: v for k, v in (given or {}).items() if v}
    kinds = input_schema("catalog")["properties"]["kind"]["enum"]
    values = {
        "id": (entry_id, None),
        "file": (f"texts/{file_name}", None),
        "sha256": (digest, None),
        "language": (guess_language(text), CATALOG_TODO["language"]),
        "kind": ("other", CATALOG_TODO["kind"].format(kinds=" | ".join(kinds))),
        "editor_supplied": (["kind"] + [k for k in given if not (k in stated and stated[k][0] == given[k])],
                            CATALOG_TODO["editor_supplied"] + " (kind is yours: the text rarely states it)"),
        "authors": ([], CATALOG_TODO["authors"]),
        "cleaning": ([], CATALOG_TODO["cleaning"]),
    }
    lines = []
    indent = ""
    for name in field_order("catalog"):
        if name == "id":
            continue
        if name == "authors" and stated.get("authors"):
            found = stated["authors"]
            where = ", ".join(str(a["line"]) for a in found)
            lines.append(f"{indent}authors:  # TODO editor: check: read from line(s) {where} of the text "
                         f"by the cleaning rule '{found[0]['rule']}'")
            for author in found:
                lines.append(f"  - name: {yaml_scalar(author['name'])}")
                lines.append(f"    affiliation: {yaml_scalar(author['affiliation'])}")
            continue
        if name in given:
            lines.append(f"{indent}{name}: {yaml_scalar(given[name], quote=name == 'published')}")
            continue
        if name == "cleaning" and stated.get("cleaning"):
            lines.append(f"{indent}cleaning:  # TODO editor: check; add rules if the dry run keeps site chrome")
            for rule in stated["cleaning"]:
                for index, (key, value) in enumerate(rule.items()):
                    lines.append(f"  {'- ' if index == 0 else '  '}{key}: {yaml_scalar(value)}")
            continue
        if name in stated:
            value, line, rule = stated[name]
            rendered = yaml_scalar(value, quote=name == "published")
            lines.append(f"{indent}{name}: {rendered}  # TODO editor: check: read from line {line} of the "
                         f"text by the cleaning rule '{rule}'")
            continue
        if name == "assessment":
            # Placeholders keep the preview building; each stays an open
            # editorial item ("unassessed-source") until it is written.
            lines.append(f"{indent}assessment:  # TODO editor: source criticism, shown on the source page")
            for key, todo in ASSESSMENT_TODO.items():
                lines.append(f"  {key}: {yaml_scalar(UNASSESSED)}  # TODO editor: {todo}")
            continue
        value, todo = values.get(name, (None, CATALOG_TODO.get(name)))
        rendered = yaml_scalar(value)
        lines.append(f"{indent}{name}: {rendered}" + (f"  # TODO editor: {todo}" if todo else ""))
    return "\n".join(lines) + "\n"


def new_source(paths: ProjectPaths, file: Path, given: dict | None = None) -> tuple[Path, str, Path]:
    """Add the source *file*, dispatched by its kind (:data:`SOURCE_KINDS`,
    one function per kind of file, by suffix). *given*: the record's values
    the editor already knows ({title, url, published, publisher}).

    Returns (the file's path in sources/, its id, the new catalog file).
    Raises :class:`Refused` (and writes nothing) when anything is wrong.
    """
    given = dict(given or {})
    if given.get("published"):
        try:
            given["published"] = parse_edtf(given["published"]).text
        except EdtfError as error:
            raise Refused(f"new-source: DATE: {error}") from None
    refused = [_refused_value(field, value) for field, value in given.items() if value]
    if any(refused):
        # Written as given, a value the schema refuses would make the whole
        # new entry unread (and its cleaning rules unused): refuse it here.
        raise Refused("; ".join(r for r in refused if r))
    add = SOURCE_KINDS.get(file.suffix.lower(), new_text_source)
    return add(paths, file, given)


#: The make variable of each field `make new-source` takes.
GIVEN_OPTIONS = {"title": "TITLE", "url": "URL", "published": "DATE", "publisher": "PUBLISHER"}


def _refused_value(field: str, value: str) -> str:
    """Why the catalog schema refuses *value* for *field*, as a message
    naming the option, or "" when it accepts it."""
    import jsonschema

    option = GIVEN_OPTIONS.get(field, field)
    if any(char in value for char in "\n\r\v\f\x85\u2028\u2029"):
        return f"new-source: {option}: {value!r} runs over several lines; give it on one line"
    schema = input_schema("catalog")["properties"].get(field)
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(value)) \
        if schema else None
    if error is None:
        return ""
    if error.validator == "pattern":
        why = f"it must match {error.validator_value} ({schema.get('description') or 'the catalog schema'})"
    else:
        why = error.message
    return f"new-source: {option}: {value!r} is not valid for `{field}:`: {why}; give a valid {option} or leave it out"


def new_text_source(paths: ProjectPaths, file: Path, given: dict) -> tuple[Path, str, Path]:
    """A plain text (UTF-8): copied into ``sources/texts/``; its title line,
    byline and date lines (found by the cleaning rules) fill the record."""
    texts = paths.sources / "texts"
    # A text already in sources/texts/ must be a file, not a link out of the repository.
    data, text = _read_text(file, allow_symlink=file.parent.resolve() != texts.resolve())
    entries = _entries(paths, "catalog")
    in_place = file.resolve().parent == texts.resolve()
    stem = file.stem if file.suffix else file.name
    entry_id = slugify(stem)
    if not entry_id:
        raise Refused(Problem(str(file), 0, "the file name has no letters or digits to make an id from; "
                              "rename it (e.g. publisher-author-year.txt)"))
    if in_place and file.suffix != ".txt":
        raise Refused(Problem(paths.display(file), 0, "texts in sources/texts/ must end in .txt; rename it"))
    file_name = file.name if in_place else f"{entry_id}.txt"
    target = texts / file_name
    digest = hashlib.sha256(data).hexdigest()
    catalog_path = paths.entries("catalog") / f"{entry_id}.yml"
    if catalog_path.exists() or catalog_path.is_symlink():
        raise Refused(Problem(paths.display(catalog_path), 1, f"a source with the id '{entry_id}' already "
                              "exists; rename your file (the id is made from its name, e.g. "
                              "publisher-author-year.txt) and run this again"))
    for entry in entries:
        if entry.get("file") == f"texts/{file_name}":
            raise Refused(Problem(entry.origin, entry.line_of("file"), f"sources/texts/{file_name} is "
                                  f"already catalogued as '{entry.get('id')}'; edit that entry instead"))
        if entry.get("sha256") == digest:
            raise Refused(Problem(entry.origin, entry.line_of("sha256"), f"this text is byte-identical to "
                                  f"'{entry.get('id')}' (same sha256); it is already in the portal"))
    if not in_place and target.exists():
        raise Refused(Problem(paths.display(target), 0, "already exists; refusing to overwrite it. If it is "
                              "another text, rename your file; if it is a new version of this one, see "
                              "'Replacing a text' in CONTRIBUTING.md"))
    stated = _stated(paths, text)
    entry = catalog_entry(entry_id, file_name, digest, text, stated, given)
    if not in_place:
        texts.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    try:
        _write_new(paths, catalog_path, entry, f"the catalog entry {paths.display(catalog_path)}")
    except BaseException:
        if not in_place:
            target.unlink(missing_ok=True)
        raise
    return target, entry_id, catalog_path


#: One function per kind of source file, by suffix (a TEI document, ".xml",
#: gets its own); anything else is read as plain text, which refuses what
#: is not UTF-8.
SOURCE_KINDS = {".txt": new_text_source}


# ------------------------------------------------------------------- new-actor

#: The body of a new entry: it cites a passage that does not exist, so the
#: build refuses the entry until the editor has written it.
TODO_BODY = ("TODO editor: {what}, each sentence ending with the reference of the passage it rests on, "
             "e.g. [[source-id/pN]].\n")


def _new_entry_path(paths: ProjectPaths, kind: str, words: str, field: str, hint: str) -> Path:
    """The file of a new *kind* (actor, event) named by the slug of *words*
    (its name or title). Raises :class:`Refused` when *words* make no id or
    the file exists (*hint*: how to make the id differ)."""
    entry_id = slugify(words)
    if not entry_id:
        raise Refused(f"new-{kind}: the {field} {words!r} has no letters or digits to make an id from")
    path = paths.entries(f"{kind}s") / f"{entry_id}.md"
    if path.exists() or path.is_symlink():
        raise Refused(Problem(paths.display(path), 1, f"an {kind} with the id '{entry_id}' already exists; "
                              f"edit that file, or {hint}"))
    return path


def _entry_file(front: list[str], body: str) -> str:
    return "---\n" + "\n".join(front) + "\n---\n\n" + body


def new_actor(paths: ProjectPaths, name: str, kind: str) -> tuple[Path, list[str]]:
    """Write ``sources/actors/<id>.md`` for a new actor; return it and
    warnings (a name already used by another actor). Raises :class:`Refused`
    if the id exists."""
    from scripts.folding import normalize_key

    path = _new_entry_path(paths, "actor", name, "name", "give the new actor a fuller name so that its id differs")
    warnings = []
    for actor in _entries(paths, "actors"):
        names = [actor.get("name")] + list(actor.get("aliases") or [])
        if normalize_key(name) in {normalize_key(n) for n in names if isinstance(n, str)}:
            warnings.append(f"{actor.origin}:{actor.line_of('name')}: the name {name!r} is already a name or "
                            f"alias of '{actor.get('id')}'; a name can point to one actor only. If both use "
                            "it, move it to `ambiguous_aliases` of both")
    example_role = ('[{title: Foreign Minister, when: null, passage: SOURCE-ID/pN}]' if kind == "person"
                    else '[{title: Ruling party, when: null, passage: SOURCE-ID/pN}]')
    front = [
        f"name: {yaml_scalar(name)}",
        "name_note: null  # only if the name occurs in no text: the id of the note (sources/notes/) "
        "that gives its reference",
        f"kind: {kind}",
        ("place: null  # TODO editor: {kind: city, geonames: N} (the GeoNames id), or coordinates with note"
         if kind == "place" else "place: null  # kind place only"),
        "exists: null  # only for a name several actors carry in turn (Russia): {date: EDTF interval, "
        "support: [SOURCE-ID/pN, note:ID]}",
        "edition_names: []  # only for a person of a documentary edition's list of persons: the name as "
        "that list prints it, e.g. [\"Qassim, General Abdul Karim\"]",
        "aliases: []  # other spellings the texts use, exactly as written there",
        "ambiguous_aliases: []  # short forms shared with other actors (a bare surname); linked only "
        "when the paragraph or source says who",
        "case_sensitive_aliases: []  # aliases that are also ordinary words or short acronyms (IS, US); "
        "list them in aliases too",
        'native_names: []  # only if certain, e.g. [{lang: ru, text: "…", note: null}]; lang: ru, ar, fa, ku '
        'or tr; a name no text writes needs note: the id of the note with its reference',
        f"roles: []  # titles as the texts state them, e.g. {example_role}; when: only a term the passage states",
    ]
    _write_new(paths, path, _entry_file(front, TODO_BODY.format(what="1–3 sentences on who this is")),
               f"the actor {paths.display(path)}")
    return path, warnings


# ------------------------------------------------------------------- new-event

def new_event(paths: ProjectPaths, title: str, date: str) -> Path:
    """Write ``sources/events/<id>.md`` for a new event. Raises
    :class:`Refused` for a bad date, an existing id or a date outside every
    period."""
    from scripts.errors import ProblemLog
    from scripts.stages.load import load
    from scripts.stages.validate import validate

    try:
        edtf = parse_edtf(date)
    except EdtfError as error:
        raise Refused(f"new-event: --date: {error}") from None
    path = _new_entry_path(paths, "event", title, "title", "give the new event a more specific title")
    valid = validate(load(paths, ProblemLog()), ProblemLog())
    period_line = "# period: (sources/periods/ has no periods yet)"
    if valid.periods:
        period = next((p for p in valid.periods if p.start.start <= edtf.start
                       and (p.end is None or edtf.start <= p.end.end)), None)
        if period is None:
            first, last = valid.periods[0], valid.periods[-1]
            raise Refused(Problem(first.origin, first.line, f"{edtf.text} "
                                  f"({edtf.label}) is outside every period ({first.start.start} to "
                                  f"{last.end.end if last.end else 'the present'}); check the date, or "
                                  "extend the first or last period"))
        period_line = (f"# period: {period.id}  (derived from the date, so leave it out; write "
                       "`period:` only to override)")
    sources = ", ".join(entry.id for entry in valid.catalog if _may_report(entry.published, edtf))
    front = [
        f"title: {yaml_scalar(title)}",
        f"date: {yaml_scalar(edtf.text, quote=True)}  # {edtf.label}",
        "inferred: null  # only if the date is more precise than every quote states it: {reason, passages}",
        period_line,
        "actors: []  # actor ids (file names in sources/actors/), e.g. [iraq, soviet-union]",
        "places: []  # optional: where it happened, ids of actors of kind place",
        "tags: []  # lowercase-hyphenated, e.g. [diplomacy, arms-trade]",
        "dispute: null  # required when citations disagree: {kind, assessment, readings: [{label, summary, sources}]}",
        "citations:",
        f"  - source: null  # TODO editor: the id of a source: {sources}",
        "    quote: null  # TODO editor: words copied exactly from one paragraph of that source",
        "    says:",
        f"      date: {yaml_scalar(edtf.text, quote=True)}  # TODO editor: the date as THIS quote states it "
        "(XXXX-08-22: no year; XXXX: no date)",
    ]
    return _write_new(paths, path, _entry_file(front, TODO_BODY.format(what="1–3 sentences on what happened")),
                      f"the event {paths.display(path)}")


def _may_report(published: str | None, event) -> bool:
    """Can a source published at *published* (EDTF, or None: undated) tell
    of *event*'s date? Not one published before the event began (a FRUS
    document of 1958 does not report talks of 1994): the new event's list
    of sources to cite leaves it out."""
    if not published:
        return True
    try:
        return parse_edtf(published).end >= event.start
    except EdtfError:
        return True


# -------------------------------------------------------------------- new-note

def _provisional_numbers(paths: ProjectPaths) -> dict:
    """id → the number each new note (without ``number:``) is shown with."""
    from scripts.stages.validate import provisional_note_numbers

    return provisional_note_numbers(_entries(paths, "notes"))


def new_note(paths: ProjectPaths, note_id: str, kind: str, target: str) -> tuple[Path, int]:
    """Write ``sources/notes/<id>.md`` without a number (it is given when the
    note is published, so two pull requests that each add a note never take
    the same one); return the file and the number it is shown with for now."""
    slug = slugify(note_id)
    if not slug:
        raise Refused(f"new-note: the id {note_id!r} has no letters or digits")
    path = paths.entries("notes") / f"{slug}.md"
    front = [
        "# number: none yet; `make number-notes` gives the next free one when the note is published",
        f"kind: {kind}",
        f"target: {yaml_scalar(target)}  # what it is about: passage:SOURCE-ID/pN, event:ID, actor:ID, "
        "period:ID, source:ID or glossary:TERM",
        "references: []  # one record per work for every fact from outside the texts: "
        "{type: book, author, title, publisher, year, pages, checked: null} (CONTRIBUTING: Editors' notes)",
        "passages: []  # the passages (SOURCE-ID/pN) it rests on, when it rests on the texts",
    ]
    _write_new(paths, path, _entry_file(front, "TODO editor: the note, in the editors' words; give it "
                                        "`references:` or `passages:` (or both).\n"), f"the note {paths.display(path)}")
    return path, _provisional_numbers(paths).get(slug, 0)


def number_notes(paths: ProjectPaths) -> list[tuple[Path, int]]:
    """Publish the new notes' numbers: write ``number: N`` (the number each
    is shown with) at the top of the front matter of every note without
    one. Returns the files written and their numbers."""
    written = []
    numbers = _provisional_numbers(paths)
    for entry in _entries(paths, "notes"):
        if entry["id"] not in numbers:
            continue
        path = paths.root / entry.origin
        lines = path.read_text("utf-8").split("\n")
        body = [line for line in lines[1:] if not line.startswith("# number: none yet")]
        path.write_text("\n".join([lines[0], f"number: {numbers[entry['id']]}", *body]), "utf-8")
        written.append((path, numbers[entry["id"]]))
    return written


# -------------------------------------------------------------------- explain

def new_explanation(paths: ProjectPaths, kind: str, text: str, why: str, source: str | None = None) -> Path:
    """Write ``sources/editorial/[<source>--]<kind>-<slug of text>.yml``, the
    explanation of the editorial items of *kind* whose text contains *text*;
    return it. *source*, the source the item was found in, prefixes the
    name: two pull requests adding different sources that meet the same item
    then write different files. Refused when that item is explained already
    (the existing file is named) or *source* is not catalogued."""
    from scripts.entryfiles import entry_stem

    kinds = input_schema("editorial")["properties"]["kind"]["enum"]
    if kind not in kinds:
        raise Refused(f"explain: KIND {kind!r} is not a kind of editorial item; use one of {', '.join(kinds)}")
    if not text.strip() or not why.strip():
        raise Refused("explain: TEXT (the name or words as the report shows them) and WHY (the reason, for "
                      "the next editor) must not be empty")
    entry = {"kind": kind, "text": text.strip(), "why": " ".join(why.split())}
    for existing in _entries(paths, "editorial"):
        if existing.get("kind") == kind and existing.get("text") == entry["text"]:
            raise Refused(Problem(existing.origin, existing.line_of("text"), f"the {kind} item "
                                  f"{entry['text']!r} is explained here already; edit this file"))
    folder = paths.entries("editorial")
    stem = entry_stem(KINDS["editorial"], entry)
    if source:
        if not (paths.entries("catalog") / f"{source}.yml").is_file():
            raise Refused(f"explain: SOURCE {source!r} is not a source of sources/catalog/; give the id the "
                          "gate printed, or leave SOURCE out")
        stem = f"{source}--{stem}"
    path, number = folder / f"{stem}.yml", 2
    while path.exists() or path.is_symlink():       # another text that starts alike: the name is only a label
        path, number = folder / f"{stem}-{number}.yml", number + 1
    lines = [f"kind: {kind}", f"text: {yaml_scalar(entry['text'])}", f"why: {yaml_scalar(entry['why'])}"]
    return _write_new(paths, path, "\n".join(lines) + "\n", f"the explanation {paths.display(path)}")
