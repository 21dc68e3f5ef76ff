"""Data for each kind of generated page.

One function per kind of page. Each takes the shared
:class:`~scripts.model.Corpus` (through :class:`Context`), prepares what the
page shows (corpus objects, links already made relative to the page, counts)
and hands it to a template of ``scripts/templates/`` (see
:mod:`scripts.renderer.templates`); it returns a
:class:`~scripts.model.GeneratedPage` whose Markdown MkDocs renders. The
layout itself (order, headings, wording, markup) lives in the templates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import unquote

from markupsafe import Markup

from scripts import csl
from scripts.dates import chronological_key, day_words, parse_edtf
from scripts.model import Actor, Corpus, Event, GeneratedPage, Period, SourceDocument
from scripts.renderer import assessments as assessments_render
from scripts.renderer import disputes as disputes_render
from scripts.renderer import document as document_render
from scripts.renderer import html as inline_html
from scripts.renderer import maps
from scripts.renderer import notes as notes_render
from scripts.renderer import references as references_render
from scripts.renderer import statements as statements_render
from scripts.renderer.citation import (
    bibtex_source,
    chicago_source,
    cite_this_page,
    download_links,
    highwire_meta,
    jsonld_source,
    page_citation_html,
)
from scripts.renderer.html import front_matter, lang_span, mark_languages, passage_body
from scripts.renderer.templates import environment
from scripts.renderer.templates import render as render_template
from scripts.urls import page_path, relative, relative_md, url_path
from scripts.words import plural

KIND_LABELS = {"person": "People", "state": "States", "government": "Governments", "party": "Parties",
               "armed-group": "Armed groups", "company": "Companies", "alliance": "Alliances and pacts",
               "institution": "Institutions", "movement": "Movements", "people": "Peoples and communities",
               "place": "Places"}
KIND_SINGULAR = {"person": "Person", "state": "State", "government": "Government", "party": "Political party",
                 "armed-group": "Armed group", "company": "Company", "alliance": "Alliance or pact",
                 "institution": "Institution", "movement": "Movement", "people": "People or community",
                 "place": "Place"}
SCHEMA_TYPES = {"person": "Person", "state": "Country", "place": "Place"}
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "ar": "Arabic", "fa": "Persian"}
#: Kinds of source as a reader names them (a catalog entry's ``kind``).
SOURCE_KINDS = {"encyclopedia-article": "encyclopedia article", "blog-post": "blog post"}

#: Where each kind of page sits: the section (a page of the nav, whose tab
#: is marked active) and the section's name in the breadcrumb.
SECTIONS = {"source": ("sources/index.md", "Sources"), "actor": ("actors/index.md", "Actors"),
            "event": ("events/index.md", "Events"), "period": ("periods/index.md", "Periods"),
            "theme": ("themes/index.md", "Themes")}

#: How many items a list page shows at most; the rest go to numbered
#: continuation pages (issue 14: no page grows without bound).
PAGE_SIZE = {"events": 200, "concordance": 100, "editorial": 200}

#: Infobox fields of an encyclopedia article as readers name them. A field
#: numbered ("Mission1", "Mission2") is one field with several values; a
#: field not listed reads as its words. ``None`` hides a field that only
#: describes another (the map's file type).
INFOBOX_LABELS = {"mission": "Diplomatic missions", "map": "Map", "filetype": None,
                  "image": "Image", "caption": "Caption"}
#: A value that is only a file name (a map, a flag) cannot be shown here.
_FILE_VALUE = re.compile(r"\.(svg|png|jpe?g|gif|webp|tiff?)$", re.IGNORECASE)


#: Theme names as readers see them; a tag not listed reads as its words.
THEME_LABELS = {"arms-trade": "Arms trade", "united-states": "United States", "kurds": "Kurds",
                "iran": "Iran", "un": "United Nations"}


def theme_label(tag: str) -> str:
    return THEME_LABELS.get(tag, tag.replace("-", " ").capitalize())


def snippet(ctx: Context, text: str, start: int, end: int, width: int = 70) -> str:
    """A keyword-in-context snippet with the matched words marked."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return ctx.part("mark", before=before, match=text[start:end], after=after)


def _group(items, keys_of) -> dict:
    """Index *items* by each of their keys, keeping the items' order."""
    found = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            found[key].append(item)
    return found


@dataclass(frozen=True)
class Link:
    """A link as a template shows it: ``href`` relative to the page, ``text``
    plain (the template escapes it), ``note`` an optional plain remark."""

    href: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class PersonNames:
    """What :func:`scripts.tei.person_actors` reads of an actor."""

    id: str
    name: str
    aliases: tuple[str, ...]
    edition_names: tuple[str, ...]


@dataclass
class Context:
    """The corpus plus the indexes every page needs (built once), and where a
    project's own templates are (``overrides/portal/``)."""

    corpus: Corpus
    override_dir: str | None = field(default=None)
    #: What the template files are (scripts/renderer/templates.py: templates_stamp).
    templates_stamp: bytes = b""

    def render(self, template: str, /, **context) -> str:
        return render_template(template, self.override_dir, self.templates_stamp, **context)

    @property
    def env(self):
        """The Jinja environment of the pages (with the project's overrides)."""
        return environment(self.override_dir, self.templates_stamp)

    def part(self, name: str, /, **values) -> str:
        """An inline piece of HTML: the block *name* of ``_inline.html``."""
        return inline_html.part(self.env, name, **values)

    def page_part(self, _key: tuple, function, *args):
        """A page made inside a page function (a continuation page of a long
        list): ``function(self, *args)``. Under ``mkdocs serve`` the page
        memo stands for the context and keeps the part, named *_key*, as a
        page of its own (scripts/preview/memo.py)."""
        return function(self, *args)

    @cached_property
    def actors(self) -> dict:
        return {a.id: a for a in self.corpus.actors}

    @cached_property
    def events(self) -> dict:
        return {e.id: e for e in self.corpus.events}

    @cached_property
    def periods(self) -> dict:
        return {p.id: p for p in self.corpus.periods}

    @cached_property
    def sources(self) -> dict:
        return {s.id: s for s in self.corpus.sources}

    @cached_property
    def passages(self) -> dict:
        return {p.passage.id: p for p in self.corpus.passages}

    @cached_property
    def edition_statements(self) -> dict:
        """actor id → what the editions' persons lists say of the person
        (scripts/renderer/document.py: edition_statements)."""
        return document_render.edition_statements(self.corpus.sources, self.corpus.actors)

    @cached_property
    def glossary(self) -> dict:
        return {t.term: t.expansion for t in self.corpus.glossary}

    # Small indexes of what other pages show of an entity (its name, its
    # neighbours): a page that only links to an actor reads its name, so an
    # edit of the actor's summary does not make the page render again
    # (scripts/preview/memo.py).

    @cached_property
    def source_records(self) -> dict:
        """source id → its CSL-JSON record (scripts/csl.py): a reference list
        reads these, so a save of a source's text leaves it as it was."""
        return {s.id: csl.source_record(s.entry) for s in self.corpus.sources}

    @cached_property
    def passage_places(self) -> dict:
        """passage id → (source id, anchor, number): what a link to a passage
        shows, so a page that only links to it is kept when its text changes."""
        return {p.passage.id: (p.passage.source_id, p.passage.anchor, p.passage.number) for p in self.corpus.passages}

    @cached_property
    def person_names(self) -> tuple[PersonNames, ...]:
        """The actors as a document's persons list is linked to them: a source
        page reads these, not the actors, so a summary edit leaves it as it was."""
        return tuple(PersonNames(a.id, a.name, a.aliases, a.edition_names) for a in self.corpus.actors)

    @cached_property
    def actor_names(self) -> dict:
        return {a.id: a.name for a in self.corpus.actors}

    @cached_property
    def actor_kinds(self) -> dict:
        return {a.id: a.kind for a in self.corpus.actors}

    @cached_property
    def event_titles(self) -> dict:
        return {e.id: e.title for e in self.corpus.events}

    @cached_property
    def period_titles(self) -> dict:
        return {p.id: p.title for p in self.corpus.periods}

    @cached_property
    def source_titles(self) -> dict:
        return {s.id: s.entry.title or "[Untitled]" for s in self.corpus.sources}

    @cached_property
    def source_cite_names(self) -> dict:
        return {s.id: references_render.cite_name(s.entry) for s in self.corpus.sources}

    @cached_property
    def neighbours(self) -> dict:
        """(kind, id) → (previous id, next id) in the order previous/next
        follow: sources by publication, actors alphabetically within their
        kind (a person's next is a person, as the actors index groups them),
        events and periods chronologically."""
        out = {}
        actors_by_kind: dict[str, list] = {}
        for actor in self.actors_alphabetical:
            actors_by_kind.setdefault(actor.kind, []).append(actor)
        for kind, items in (("source", self.sources_in_order),
                            *(("actor", same_kind) for same_kind in actors_by_kind.values()),
                            ("event", self.corpus.events), ("period", self.corpus.periods)):
            for item_id, around in _neighbours([item.id for item in items]).items():
                out[(kind, item_id)] = around
        return out

    @cached_property
    def sources_of_years(self) -> dict:
        """period id → the sources with a passage that states a year of the
        period, in passage order (a period page lists them)."""
        spans = [(period.id, period.start.start.year, period.end.end.year if period.end else 9999)
                 for period in self.corpus.periods]
        periods_of_year: dict = {}
        out: dict = {period_id: {} for period_id, _start, _end in spans}
        for item in self.corpus.passages:
            for year in item.passage.years:
                if year not in periods_of_year:
                    periods_of_year[year] = [p for p, start, end in spans if start <= year <= end]
                for period_id in periods_of_year[year]:
                    out[period_id][item.passage.source_id] = None
        return {period_id: list(sources) for period_id, sources in out.items()}

    @cached_property
    def term_uses(self) -> dict:
        """glossary term → how many passages use it."""
        uses = Counter()
        for item in self.corpus.passages:
            for use in item.terms:
                uses[use.term] += 1
        return dict(uses)

    @cached_property
    def notes_by_id(self) -> dict:
        return {n.id: n for n in self.corpus.notes}

    @cached_property
    def notes_by_target(self) -> dict:
        """target → its notes; made once: pages ask for the notes of every
        passage (performance, bench/README.md)."""
        by_target: dict = {}
        for note in self.corpus.notes:
            by_target.setdefault(note.target, []).append(note)
        return by_target

    @cached_property
    def passages_of_actor(self) -> dict:
        return _group(self.corpus.passages, lambda item: item.actor_ids)

    @cached_property
    def events_of_actor(self) -> dict:
        return _group(self.corpus.events, lambda event: event.actors)

    @cached_property
    def events_at_place(self) -> dict:
        """place id → the events that happened there (``places:``) or
        involve it (``actors:``), in the corpus' order."""
        return _group(self.corpus.events, lambda event: dict.fromkeys((*event.places, *event.actors)))

    @cached_property
    def events_of_period(self) -> dict:
        return _group(self.corpus.events, lambda event: (event.period_id,))

    @cached_property
    def events_of_tag(self) -> dict:
        return dict(sorted(_group(self.corpus.events, lambda event: event.tags).items()))

    @cached_property
    def actors_alphabetical(self) -> list:
        return sorted(self.corpus.actors, key=lambda a: (a.name.casefold(), a.id))

    @cached_property
    def sources_in_order(self) -> list:
        """Sources as the Sources index lists them: by date of publication."""
        return sorted(self.corpus.sources, key=lambda s: (s.entry.published or "9999", s.id))

    @cached_property
    def related_actors(self) -> dict:
        """actor id → [(other actor id, passages naming both)], most often first (top 12)."""
        out = {}
        for actor in self.corpus.actors:
            related = Counter()
            for item in self.passages_of_actor.get(actor.id, []):
                for other in item.actor_ids:
                    if other != actor.id:
                        related[other] += 1
            out[actor.id] = sorted(related.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
        return out

    @cached_property
    def key_actors_of_period(self) -> dict:
        """period id → [(actor id, events)], most often first (top 15)."""
        out = {}
        for period in self.corpus.periods:
            counts = Counter(a for e in self.events_of_period.get(period.id, []) for a in e.actors)
            out[period.id] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
        return out

    @cached_property
    def pages_linking_to_actor(self) -> dict:
        """actor id → {"periods": [ids], "actors": [ids]}: the pages other than
        events and sources whose lists link to the actor ("what links here")."""
        found = defaultdict(lambda: {"periods": [], "actors": []})
        for period in self.corpus.periods:
            for actor_id, _count in self.key_actors_of_period[period.id]:
                found[actor_id]["periods"].append(period.id)
        for actor in self.actors_alphabetical:
            for other, _count in self.related_actors[actor.id]:
                found[other]["actors"].append(actor.id)
        return dict(found)

    def link(self, here: str, kind: str, item_id: str, fragment: str = "") -> str:
        return relative(here, page_path(kind, item_id), fragment)

    def source_title(self, source_id: str) -> str:
        return self.source_titles[source_id]

    def source_short(self, source_id: str) -> str:
        """A source as readers cite it: "Mahmoudian 2021" (author's surname, or
        the publisher, and the year), never its catalog id."""
        return self.source_cite_names[source_id]

    def prose(self, here: str, text: str | None) -> Markup:
        """The editors' prose (a summary) as a Markdown line for the templates:
        escaped, its ``[[source/pN]]`` references as links named as readers
        cite the source (scripts/renderer/references.py). *here* is the page it
        goes on."""
        return Markup(references_render.prose(self, here, text or ""))

    def to_passage(self, here: str, passage_id: str) -> Link:
        """A link to a passage, named as readers cite it ("Mahmoudian 2021, ¶3")."""
        passage = self.passages[passage_id].passage
        return Link(self.link(here, "source", passage.source_id, f"#{passage.anchor}"),
                    f"{self.source_short(passage.source_id)}, ¶{passage.number}")

    # Links as data for the templates.

    def to(self, here: str, kind: str, item_id: str, fragment: str = "") -> Link:
        title = {"actor": lambda: self.actor_names[item_id], "event": lambda: self.event_titles[item_id],
                 "period": lambda: self.period_titles[item_id], "source": lambda: self.source_title(item_id),
                 "theme": lambda: theme_label(item_id)}[kind]()
        return Link(self.link(here, kind, item_id, fragment), title)

    def to_page(self, here: str, target: str, text: str, fragment: str = "") -> Link:
        """A link to any page by its docs/-relative Markdown path."""
        return Link(relative(here, target, fragment), text)


def _time(event: Event) -> dict:
    """An event's date for the ``event_time`` macro of _portal.html: the
    machine-readable ``datetime`` at the precision given, a ``title`` naming
    the EDTF form and its qualifiers, and the ``label`` readers see."""
    date = event.date
    machine = date.start.isoformat() if len(date.text.split("/")[0].rstrip("~?%")) == 10 else (
        date.start.strftime("%Y-%m") if len(date.text.split("/")[0].rstrip("~?%")) == 7 else f"{date.start.year:04d}")
    qualifiers = []
    if date.approximate:
        qualifiers.append("approximate")
    if date.uncertain:
        qualifiers.append("uncertain")
    if "/" in date.text:
        qualifiers.append("range")
    if "X" in date.text:
        qualifiers.append("unspecified digits")
    title = f"EDTF {date.text}" + (f" ({', '.join(qualifiers)})" if qualifiers else "")
    return {"datetime": machine, "title": title, "label": statements_render.date_label(event)}


def _edit(path: str, line: int | None = None) -> str:
    return f"{path}#L{line}" if line else path


def _wayfinding(ctx: Context, here: str, kind: str, trail: list[Link], current: str,
                neighbours: tuple, noun: str) -> dict:
    """Breadcrumb and previous/next of an entity page: the section first, then
    *trail*, then the page itself (*current*, not a link); *neighbours* is
    (previous id, next id) or None, *noun* names its items."""
    section, section_title = SECTIONS[kind]
    crumbs = [ctx.to_page(here, section, section_title)] + trail
    before, after = neighbours or (None, None)
    previous = ctx.to(here, kind, before) if before is not None else None
    nxt = ctx.to(here, kind, after) if after is not None else None
    return {"crumbs": crumbs, "current": current, "previous": previous, "next": nxt, "noun": noun}


def _neighbours(ids: list[str]) -> dict[str, tuple]:
    """id → (previous id, next id) in *ids* (None at either end)."""
    return {item_id: (ids[i - 1] if i else None, ids[i + 1] if i + 1 < len(ids) else None)
            for i, item_id in enumerate(ids)}


def _meta(kind: str, **extra) -> dict:
    """Front-matter keys that place a page: ``section`` is the nav page whose
    tab is active (scripts/wayfinding.py)."""
    return {"section": SECTIONS[kind][0], **extra}


# --- sources ------------------------------------------------------------------------------


def _infobox_rows(infobox) -> list[tuple[str, str]]:
    """The infobox's (key, value) pairs as (label, plain value) rows: numbered
    fields merged, labels readable, a file said plainly not to be shown."""
    rows: dict[str, list[str]] = {}
    for key, value, _line in infobox:
        base = re.sub(r"\d+$", "", key).strip().casefold()
        if base in INFOBOX_LABELS and INFOBOX_LABELS[base] is None:
            continue
        label = INFOBOX_LABELS.get(base) or key.replace("_", " ").strip().capitalize()
        if _FILE_VALUE.search(value.strip()):
            what = "a locator map" if base == "map" else "an image"
            value = f"{what}, not reproduced here (file {value.strip()})"
        rows.setdefault(label, []).append(value)
    return [(label, "; ".join(values)) for label, values in rows.items()]


def _byline(entry) -> list[str]:
    """The compact bibliographic line: only what is known, as plain text parts."""
    parts = []
    if entry.authors:
        parts.append("By " + " and ".join(a.name for a in entry.authors))
    venue = entry.venue or entry.publisher
    if venue:
        parts.append(venue)
    if entry.first_published_in and entry.first_published_in != venue:
        parts.append(f"first published in {entry.first_published_in}")
    if entry.published:
        parts.append(parse_edtf(entry.published).label)
    parts.append(LANGUAGE_NAMES.get(entry.language, entry.language))
    parts.append(SOURCE_KINDS.get(entry.kind, entry.kind.replace("-", " ")))
    return parts


def _record(source: SourceDocument) -> list[dict]:
    """The full bibliographic record, field by field: label, *kind* of value
    (``text``, ``authors``, ``time``, ``link``: source.html lays each out),
    the value (None when unknown), whether the editors supplied it and what
    that rests on (*why*: their reason, or a pointer to their note)."""
    entry = source.entry
    rows = []
    why = {field: reason or ("see the editors' note on this source" if note else None)
           for field, reason, note in entry.supplied_why}

    def row(label, value, field_name, kind="text"):
        rows.append({"label": label, "kind": kind, "value": value or None,
                     "supplied": field_name in entry.editor_supplied, "why": why.get(field_name)})

    row("Author(s)", [{"name": a.name, "affiliation": a.affiliation} for a in entry.authors], "authors", "authors")
    row("Publisher", entry.publisher, "publisher")
    if entry.venue:
        row("Venue", entry.venue, "venue")
    if entry.first_published_in:
        row("First published in", entry.first_published_in, "first_published_in")
    published = None
    if entry.published:
        published = {"datetime": entry.published, "label": parse_edtf(entry.published).label}
    row("Published", published, "published", "time")
    row("Language", LANGUAGE_NAMES.get(entry.language, entry.language), "language")
    row("Kind", SOURCE_KINDS.get(entry.kind, entry.kind.replace("-", " ")), "kind")
    row("Rights", entry.rights, "rights")
    row("Original address", {"href": entry.url, "text": unquote(entry.url)} if entry.url else None, "url", "link")
    return rows


def _passage_blocks(ctx: Context, here: str, source: SourceDocument) -> list[dict]:
    """The body in order: headings and passages (HTML), list items grouped,
    each passage with the events and contested claims that cite it.

    An actor is linked at its first mention in each section (between two
    headings), as an encyclopedia links: the other mentions are plain text
    but still count (data, concordance)."""
    actor_href = lambda actor_id: ctx.link(here, "actor", actor_id)  # noqa: E731
    blocks: list[dict] = []
    linked: set = set()
    for section in source.body:
        if section.heading:
            linked = set()
            blocks.append({"type": "heading", "heading": section.heading, "level": min(section.heading.level + 1, 6)})
            continue
        item = ctx.passages[section.passage.id]
        citing = [ctx.events[e] for e in item.events if e in ctx.events]
        cited_by = [{"link": ctx.to(here, "event", e.id),
                     "contested": ctx.to_page(here, "contested.md", "contested claim", f"#{e.id}")
                     if e.disputed else None} for e in citing]
        passage = section.passage
        tag = "li" if passage.kind == "list-item" else "div"
        data = {"tag": tag, "kind": passage.kind, "anchor": passage.anchor, "number": passage.number,
                "body": Markup(passage_body(ctx.env, item, actor_href, ctx.glossary, linked)),
                "cited_by": Markup(ctx.render("passage_cited_by.html", cited_by=cited_by) if cited_by else ""),
                # The paragraph's own citation files (export.citation_files).
                "cite": download_links(here, f"passages/{source.id}", passage.id.rsplit("/", 1)[-1]),
                "notes": Markup(notes_render.passage_notes(ctx, here, passage.id, tag=tag))}
        if tag == "li" and blocks and blocks[-1]["type"] == "list":
            blocks[-1]["items"].append(data)
        elif tag == "li":
            blocks.append({"type": "list", "items": [data]})
        else:
            blocks.append({"type": "passage", "passage": data})
    return blocks


def source_page(ctx: Context, source: SourceDocument) -> GeneratedPage:
    here = page_path("source", source.id)
    entry = source.entry
    title = entry.title or "[Untitled]"
    words = sum(len(p.text.split()) for p in source.passages)
    stated = [{"label": m.field.replace("_", " ").capitalize(), "value": m.value, "line": m.line}
              for m in source.clean.metadata if m.field not in ("infobox", "see-also")]
    removed = source.clean.removed
    document = document_render.document_of(source, ctx.person_names, lambda a: ctx.to(here, "actor", a))
    markdown = ctx.render(
        "document.html" if document else "source.html",
        document=document,
        front_matter=Markup(front_matter(title, f"Full text of a source on Iraq–Russia relations: {title}",
                                         search={"boost": 1.5}, **_meta("source"),
                                         citation_meta=highwire_meta(csl.source_record(
                                             entry, ctx.corpus.build.site_url + url_path("source", source.id))),
                                         citation_html=page_citation_html(csl.page_record(
                                             source.id, title, ctx.corpus.build.site_url + url_path("source", source.id),
                                             ctx.corpus.build)))),
        way=_wayfinding(ctx, here, "source", [], title, ctx.neighbours.get(("source", source.id)), "source"),
        title=title, entry=entry, byline=_byline(entry),
        length=f"{plural(len(source.passages), 'passage')}, {plural(words, 'word')}",
        citation=Markup(chicago_source(entry)),
        bibtex=bibtex_source(entry, ctx.corpus.build.site_url + url_path("source", source.id)).splitlines(),
        cite_source=download_links(here, "sources", source.id),
        cite_passages=download_links(here, "passages", source.id),
        blocks=document_render.with_footnote_calls(_passage_blocks(ctx, here, source), source),
        see_also=[text for text, _line in source.clean.see_also],
        record=_record(source), stated=stated, notes=entry.notes,
        raw_file=f"sources/{entry.file}", sha256=entry.sha256,
        infobox=_infobox_rows(source.clean.infobox),
        raw_lines=source.raw.line_count, removed=removed,
        assessment=Markup(assessments_render.source_assessment(ctx, here, entry)),
        json_ld=_source_ld(ctx, source))
    return GeneratedPage(here, markdown, _edit(entry.origin), title)


def _source_ld(ctx: Context, source: SourceDocument) -> dict:
    return jsonld_source(source.entry, ctx.corpus.build.site_url + url_path("source", source.id))


def sources_index(ctx: Context) -> GeneratedPage:
    here = "sources/index.md"
    rows = []
    for source in ctx.sources_in_order:
        entry = source.entry
        words = sum(len(p.text.split()) for p in source.passages)
        rows.append({"link": ctx.to(here, "source", source.id),
                     "authors": ", ".join(a.name for a in entry.authors) or "Not stated",
                     "published": parse_edtf(entry.published).label if entry.published else "n.d.",
                     "kind": SOURCE_KINDS.get(entry.kind, entry.kind.replace("-", " ")),
                     "length": f"{plural(len(source.passages), 'passage')}, {plural(words, 'word')}"})
    markdown = ctx.render(
        "sources_index.html",
        front_matter=Markup(front_matter("Sources", "The source texts of the portal, with date, author, kind and length.")),
        rows=rows)
    return GeneratedPage(here, markdown, "sources/catalog/README.md", "Sources")


# --- actors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListPart:
    """One page's share of a long list: ``path`` is the page that shows it,
    ``label`` its range ("101–200"), ``items`` the corpus objects."""

    path: str
    label: str
    items: tuple


def _split(items: list, size: int, first_path: str, stem: str) -> list[ListPart]:
    """A long list in parts of *size*: the first on *first_path* (the
    owner's page), the others on ``lists/<stem>-<n>.md`` (issue 14: no page
    grows without bound)."""
    starts = range(0, len(items), size) if items else [0]
    return [ListPart(first_path if n == 1 else f"lists/{stem}-{n}.md",
                     f"{start + 1:,}–{start + len(items[start:start + size]):,}", tuple(items[start:start + size]))
            for n, start in enumerate(starts, start=1)]


def _part_links(here: str, parts: list[ListPart]) -> list[dict]:
    return [{"link": Link(relative(here, p.path), p.label), "current": p.path == here} for p in parts]


def _list_pages(ctx: Context, parts: list[ListPart], kind: str, owner_id: str, what: str, list_kind: str,
                item_data, edit: str, *data_args) -> list[GeneratedPage]:
    """The continuation pages of a long list on an entity page (all parts but
    the first). *list_kind* is ``events`` or ``passages``; ``item_data(ctx,
    path, item, *data_args)`` makes one item's template data for a page path
    (a module-level function: each part is a page of its own for the
    incremental preview, scripts/preview/memo.py)."""
    total = sum(len(p.items) for p in parts)
    pager = tuple((p.path, p.label) for p in parts)
    return [ctx.page_part(("list", part.path), _list_part, kind, owner_id, what, list_kind, item_data, edit,
                          data_args, part, pager, total) for part in parts[1:]]


def _list_part(ctx: Context, kind: str, owner_id: str, what: str, list_kind: str, item_data, edit: str,
               data_args: tuple, part: ListPart, pager: tuple, total: int) -> GeneratedPage:
    here = part.path
    owner = ctx.to(here, kind, owner_id)
    title = f"{owner.text}: {what} {part.label}"
    return GeneratedPage(here, ctx.render(
        "list_part.html",
        front_matter=Markup(front_matter(title, f"{what.capitalize()} of {owner.text}, {part.label} of {total:,}.",
                                         search={"exclude": True}, **_meta(kind))),
        way={"crumbs": [ctx.to_page(here, SECTIONS[kind][0], SECTIONS[kind][1]), owner],
             "current": title, "previous": None, "next": None, "noun": "page"},
        title=title, owner=owner, what=what, total=total, label=part.label, list_kind=list_kind,
        items=[item_data(ctx, here, item, *data_args) for item in part.items],
        pager=[{"link": Link(relative(here, path), label), "current": path == here} for path, label in pager]),
        edit, title)


def actor_page(ctx: Context, actor: Actor) -> list[GeneratedPage]:
    """The actor's page, and continuation pages of its timeline and
    concordance when they are longer than ``PAGE_SIZE`` allows."""
    here = page_path("actor", actor.id)
    edit = _edit(actor.origin)
    names = [Markup(mark_languages(ctx.env, a)) for a in actor.aliases]
    # Names in other scripts are the editors' linking aids (CONTRIBUTING:
    # native_names), not statements of the texts: shown apart, and said so.
    native = [Markup(lang_span(ctx.env, text, lang) + (" " + references_render.refs_html(ctx, here, [f"note:{note}"])
                                              if note else ""))
              for (lang, text), note in zip(actor.native_names,
                                            actor.native_notes or (None,) * len(actor.native_names), strict=True)]
    exists = None
    if actor.exists is not None:
        # The interval in which the actor exists, with what supports it
        # (CONTRIBUTING: exists): a shared name such as Russia links here
        # only from passages of these dates.
        exists = {"words": lifespan_words(actor.exists.text),
                  "refs": Markup(references_render.refs_html(ctx, here, list(actor.exists.support)))}
    variants = sorted(_search_variants(actor) - {actor.name, *actor.aliases})
    roles = [{"title": role.title, "when": statements_render.role_when(ctx, role),
              "source": statements_render.role_source(ctx, here, role)} for role in actor.roles]
    events = sorted(ctx.events_of_actor.get(actor.id, []), key=lambda e: (chronological_key(e.date), e.id))
    periods = list(dict.fromkeys(e.period_id for e in events if e.period_id in ctx.periods))
    mentions = ctx.passages_of_actor.get(actor.id, [])
    linking = ctx.pages_linking_to_actor.get(actor.id, {"periods": [], "actors": []})
    sources_naming = list(dict.fromkeys(item.passage.source_id for item in mentions))
    event_parts = _split(events, PAGE_SIZE["events"], here, f"actor-{actor.id}-events")
    passage_parts = _split(mentions, PAGE_SIZE["concordance"], here, f"actor-{actor.id}-passages")

    def event_data(path, event):
        return _dated(ctx, path, event)

    def passage_data(path, item):
        return _concordance_item(ctx, path, item, actor.id)

    kind_label = KIND_LABELS.get(actor.kind, actor.kind)
    data = {"@context": "https://schema.org", "@type": SCHEMA_TYPES.get(actor.kind, "Organization"),
            "@id": ctx.corpus.build.site_url + url_path("actor", actor.id), "name": actor.name,
            "alternateName": list(actor.aliases) + [t for _, t in actor.native_names],
            "description": references_render.plain(actor.summary)}
    markdown = ctx.render(
        "actor.html",
        front_matter=Markup(front_matter(actor.name, f"{actor.name}: {references_render.plain(actor.summary)}"[:300],
                                         search={"boost": 3}, **_meta("actor"))),
        way=_wayfinding(ctx, here, "actor",
                        [ctx.to_page(here, "actors/index.md", kind_label, f"#{_slug(kind_label)}")],
                        actor.name, ctx.neighbours.get(("actor", actor.id)),
                        # Previous and next stay within the kind: "Next person".
                        KIND_SINGULAR.get(actor.kind, "actor").lower()),
        actor=actor, summary=ctx.prose(here, actor.summary),
        place_map=maps.map_markup(ctx, here, [actor], f"Map: where {actor.name} is")
        if actor.kind == "place" else "",
        place=actor.place,
        place_reference=maps.location_reference(ctx, here, actor.place.location if actor.place else None),
        notes=Markup(notes_render.notes_html(ctx, here, f"actor:{actor.id}")), kind=KIND_SINGULAR.get(actor.kind, actor.kind), names=names, native=native, exists=exists,
        ambiguous=actor.ambiguous_aliases, variants=variants, roles=roles,
        edition_roles=[{**item, "documents": [ctx.to(here, "source", s) for s in item["source_ids"]]}
                       for item in ctx.edition_statements.get(actor.id, [])],
        periods=[ctx.to(here, "period", p) for p in periods],
        events=[event_data(here, e) for e in event_parts[0].items], event_count=len(events),
        event_parts=_part_links(here, event_parts) if len(event_parts) > 1 else [],
        linking_periods=[ctx.to(here, "period", p) for p in linking["periods"]],
        linking_actors=[ctx.to(here, "actor", a) for a in linking["actors"]],
        linking_sources=[ctx.to(here, "source", s) for s in sources_naming],
        mention_count=len(mentions), concordance=[passage_data(here, i) for i in passage_parts[0].items],
        passage_parts=_part_links(here, passage_parts) if len(passage_parts) > 1 else [],
        related=[(ctx.to(here, "actor", other), count) for other, count in ctx.related_actors[actor.id]],
        json_ld=data)
    return ([GeneratedPage(here, markdown, edit, actor.name)]
            + _list_pages(ctx, event_parts, "actor", actor.id, "events", "events", _dated, edit)
            + _list_pages(ctx, passage_parts, "actor", actor.id, "passages", "passages", _concordance_item, edit,
                          actor.id))


def _concordance_item(ctx: Context, here: str, item, actor_id: str) -> dict:
    mention = next(m for m in item.mentions if m.actor_id == actor_id)
    return {"link": ctx.to_passage(here, item.passage.id),
            "text": Markup(snippet(ctx, item.passage.text, mention.start, mention.end))}


def lifespan_words(text: str) -> str:
    """``1922-12/1991-12`` → "December 1922 – December 1991"; an open end
    (``..``) is left blank ("December 1991 –")."""
    from scripts.dates import EdtfError, parse_edtf

    words = []
    for part in text.split("/"):
        try:
            words.append(parse_edtf(part).label if part not in ("", "..") else "")
        except EdtfError:
            words.append(part)
    return " – ".join(words).strip()


def _slug(text: str) -> str:
    """The id Python-Markdown's toc gives a heading of plain words."""
    return re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def _search_variants(actor: Actor) -> set:
    """Spellings a reader may type: without apostrophes, without "al-", without hyphens."""
    variants = set()
    for name in (actor.name,) + actor.aliases:
        plain = name.replace("’", "'")
        variants.add(plain.replace("'", ""))
        for prefix in ("al-", "Al-", "el-", "El-"):
            if prefix in plain:
                variants.add(plain.replace(prefix, ""))
                variants.add(plain.replace(prefix, "Al "))
        if "-" in plain:
            # "S-400" → "S400", but not "al-Maliki" → "alMaliki".
            variants.add(re.sub(r"-(?=\d)|(?<=\d)-", "", plain))
            variants.add(plain.replace("-", " "))
    return {v for v in variants if v}


def _dated(ctx: Context, here: str, event: Event) -> dict:
    """An event of a chronological list, as template data."""
    return {"time": _time(event), "link": ctx.to(here, "event", event.id), "disputed": event.disputed}


def _actor_entry(ctx: Context, here: str, actor) -> dict:
    """One line of the actors index: the link, the roles the sources give
    (with their terms when a text states them), the years of the actor's
    events and the number of passages that name it."""
    events = ctx.events_of_actor.get(actor.id, [])
    years = ""
    if events:
        first = min(e.date.start.year for e in events)
        last = max(e.date.end.year for e in events)
        years = str(first) if first == last else f"{first}–{last}"
    roles = list(dict.fromkeys((role.title, role.when.label if role.when else "") for role in actor.roles))
    return {"link": ctx.to(here, "actor", actor.id), "passages": len(ctx.passages_of_actor.get(actor.id, [])),
            "roles": roles, "years": years, "events": len(events)}


def actors_index(ctx: Context) -> GeneratedPage:
    here = "actors/index.md"
    by_kind = defaultdict(list)
    for actor in ctx.actors_alphabetical:
        by_kind[actor.kind].append(actor)
    groups = [{"title": KIND_LABELS[kind], "actors": [_actor_entry(ctx, here, a) for a in by_kind[kind]]}
              for kind in KIND_LABELS if kind in by_kind]
    markdown = ctx.render(
        "actors_index.html",
        front_matter=Markup(front_matter("Actors", "People, states, parties, companies and institutions named in the sources.")),
        groups=groups)
    return GeneratedPage(here, markdown, "sources/actors/README.md", "Actors")


# --- events ---------------------------------------------------------------------------------


def event_page(ctx: Context, event: Event) -> GeneratedPage:
    here = page_path("event", event.id)
    period = ctx.periods.get(event.period_id)
    # The breadcrumb names the tab the page is under (Events ›), as for every
    # kind of page; the period is the first fact under the title.
    way = _wayfinding(ctx, here, "event", [], event.title, ctx.neighbours.get(("event", event.id)), "event")
    data = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
            "@id": ctx.corpus.build.site_url + url_path("event", event.id),
            "startDate": event.date.start.isoformat(), "endDate": event.date.end.isoformat(),
            "description": references_render.plain(event.summary),
            "about": [{"@type": SCHEMA_TYPES.get(ctx.actor_kinds[a], "Organization"), "name": ctx.actor_names[a]}
                      for a in event.actors],
            "subjectOf": [{"@type": "CreativeWork", "name": ctx.source_title(c.source_id),
                           "url": ctx.corpus.build.site_url + url_path("source", c.source_id) + f"#{c.passage_id.split('/')[-1]}"}
                          for c in event.citations]}
    markdown = ctx.render(
        "event.html",
        # The theme chips above the title would repeat the Themes row (which links).
        front_matter=Markup(front_matter(event.title, references_render.plain(event.summary)[:300], tags=[theme_label(t) for t in event.tags],
                                         hide=["tags"], search={"boost": 2}, **_meta("event"),
                                         **cite_this_page(csl.page_record(
                                             event.id, event.title, data["@id"], ctx.corpus.build)))),
        way=way, event=event, time=_time(event),
        summary=ctx.prose(here, event.summary), extras=Markup(statements_render.event_extras(ctx, here, event)),
        readings=Markup(disputes_render.readings_html(ctx, here, event)) if event.disputed else "",
        date_from=day_words(event.date.start), date_to=day_words(event.date.end),
        period=ctx.to(here, "period", period.id) if period else None,
        actors=[ctx.to(here, "actor", a) for a in event.actors if a in ctx.actor_names],
        themes=[ctx.to_page(here, f"themes/{t}.md", theme_label(t)) for t in event.tags],
        contested=relative_md(here, "contested.md"),
        across=[{"title": disputes_render.key_title(ctx, d), "href": relative_md(here, "contested.md") + f"#{d.id}"}
                for d in ctx.corpus.key_disputes if event.id in d.event_ids],
        citations=Markup(_citations_grid(ctx, here, event)),
        cite_links=download_links(here, "events", event.id),
        places=[ctx.to(here, "actor", p) for p in event.places if p in ctx.actor_names],
        place_map=maps.map_markup(ctx, here, [ctx.actors[p] for p in event.places if p in ctx.actors],
                                  f"Map: where {event.title} happened"),
        json_ld=data)
    return GeneratedPage(here, markdown, _edit(event.origin), event.title)


def _citations_grid(ctx: Context, here: str, event: Event) -> str:
    cards = []
    for index, citation in enumerate(event.citations):
        cards.append({"target": ctx.link(here, "source", citation.source_id, citation.fragment),
                      "quote": citation.quote, "short": ctx.source_short(citation.source_id),
                      "title": ctx.source_title(citation.source_id),
                      "number": ctx.passage_places[citation.passage_id][2],
                      "says": Markup(statements_render.says_html(ctx, event, index, here))})
    return ctx.render("_citations.html", cards=cards)


def events_index(ctx: Context) -> list[GeneratedPage]:
    """The events in chronological order, ``PAGE_SIZE["events"]`` a page:
    events/index.md, then events/list/2.md …"""
    size = PAGE_SIZE["events"]
    events = list(ctx.corpus.events)
    chunks = [events[i:i + size] for i in range(0, len(events), size)] or [[]]
    paths = ["events/index.md"] + [f"events/list/{n}.md" for n in range(2, len(chunks) + 1)]
    pages = []
    for number, (here, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
        start = (number - 1) * size
        rows = [{"time": _time(e), "link": ctx.to(here, "event", e.id), "disputed": e.disputed,
                 "period": ctx.to(here, "period", e.period_id) if e.period_id in ctx.periods else None,
                 "sources": ", ".join(ctx.source_short(s) for s in dict.fromkeys(c.source_id for c in e.citations))}
                for e in chunk]
        title = "Events" if number == 1 else f"Events {start + 1:,}–{start + len(chunk):,}"
        pager = [{"link": Link(relative(here, p), str(n)), "current": n == number}
                 for n, p in enumerate(paths, start=1)] if len(paths) > 1 else []
        pages.append(GeneratedPage(here, ctx.render(
            "events_index.html",
            front_matter=Markup(front_matter(title, "Every dated event the sources report, in chronological order.",
                                             **({} if number == 1 else {"section": "events/index.md",
                                                                        "search": {"exclude": True}}))),
            title=title, total=len(events), rows=rows, pager=pager, number=number,
            first=Link(relative(here, "events/index.md"), "Events"),
            range_label=f"{start + 1:,}–{start + len(chunk):,}" if chunk else ""),
            "sources/events/README.md", title))
    return pages


def contested_page(ctx: Context) -> GeneratedPage:
    """The Contested claims page: every disputed event as labelled readings."""
    here = "contested.md"
    disputed = [e for e in ctx.corpus.events if e.disputed]
    kinds: dict[str, int] = {}
    for event in disputed:
        kinds[event.dispute.kind] = kinds.get(event.dispute.kind, 0) + 1
    claims = [{"event": event, "time": _time(event), "link": Link(ctx.link(here, "event", event.id), event.title),
               "readings": Markup(disputes_render.readings_html(ctx, here, event))} for event in disputed]
    assessed = dict(ctx.corpus.key_assessments)
    across = [{"id": d.id, "title": disputes_render.key_title(ctx, d),
               "readings": Markup(disputes_render.key_readings_html(ctx, here, d, assessed.get(d.key.text, "")))}
              for d in ctx.corpus.key_disputes]
    for dispute in ctx.corpus.key_disputes:
        kinds[dispute.kind] = kinds.get(dispute.kind, 0) + 1
    markdown = ctx.render(
        "contested.html",
        front_matter=Markup(front_matter("Contested claims", "Where the sources disagree about dates, numbers, "
                                         "attribution or interpretation, reading by reading.")),
        claims=claims, across=across, kinds=sorted(kinds.items()))
    return GeneratedPage(here, markdown, "sources/events/README.md", "Contested claims")


# --- periods --------------------------------------------------------------------------------


def period_span(period: Period) -> str:
    end = period.end.label if period.end else "the present"
    return f"{period.start.label} – {end}"


def period_page(ctx: Context, period: Period) -> list[GeneratedPage]:
    """The period's page, and continuation pages of its events when there
    are more than ``PAGE_SIZE["events"]``."""
    here = page_path("period", period.id)
    edit = _edit(period.origin)
    events = sorted(ctx.events_of_period.get(period.id, []), key=lambda e: (chronological_key(e.date), e.id))
    parts = _split(events, PAGE_SIZE["events"], here, f"period-{period.id}-events")

    def event_data(path, event):
        return _dated(ctx, path, event)

    sources = Counter(c.source_id for e in events for c in e.citations)
    for source_id in ctx.sources_of_years.get(period.id, []):
        sources[source_id] += 0
    data = {"@context": "https://schema.org", "@type": "Event", "name": period.title,
            "@id": ctx.corpus.build.site_url + url_path("period", period.id),
            "startDate": period.start.start.isoformat(), "description": references_render.plain(period.summary)}
    if period.end:
        data["endDate"] = period.end.end.isoformat()
    markdown = ctx.render(
        "period.html",
        front_matter=Markup(front_matter(period.title, references_render.plain(period.summary)[:300], search={"boost": 2},
                                         **_meta("period"), **cite_this_page(csl.page_record(
                                             period.id, period.title, data["@id"], ctx.corpus.build)))),
        way=_wayfinding(ctx, here, "period", [], period.title, ctx.neighbours.get(("period", period.id)), "period"),
        period=period, summary=ctx.prose(here, period.summary),
        notes=Markup(notes_render.notes_html(ctx, here, f"period:{period.id}")), span=period_span(period), event_count=len(events),
        events=[event_data(here, e) for e in parts[0].items],
        event_parts=_part_links(here, parts) if len(parts) > 1 else [],
        sources=[{"link": ctx.to(here, "source", s), "short": ctx.source_short(s), "count": sources[s]}
                 for s in sorted(sources, key=lambda s: (-sources[s], s))],
        actors=[(ctx.to(here, "actor", a), n) for a, n in ctx.key_actors_of_period[period.id]],
        cite_links=download_links(here, "periods", period.id),
        dossier=relative(here, f"dossiers/{period.id}.md"),
        # The period's places on the map, when one of its events has a mapped place.
        map_link=relative(here, "map.md", f"?period={period.id}") if any(
            ctx.actors[a].place and ctx.actors[a].place.location
            for e in events for a in dict.fromkeys((*e.places, *e.actors)) if a in ctx.actors) else None,
        json_ld=data)
    return ([GeneratedPage(here, markdown, edit, period.title)]
            + _list_pages(ctx, parts, "period", period.id, "events", "events", _dated, edit))


def periods_index(ctx: Context) -> GeneratedPage:
    here = "periods/index.md"
    periods = [{"period": p, "span": period_span(p), "link": ctx.to(here, "period", p.id),
                "summary": ctx.prose(here, p.summary),
                "count": len(ctx.events_of_period.get(p.id, []))} for p in ctx.corpus.periods]
    markdown = ctx.render(
        "periods_index.html",
        front_matter=Markup(front_matter("Periods", "The periods of Iraq–Russia relations, from the first contacts to today.")),
        periods=periods)
    return GeneratedPage(here, markdown, "sources/periods/README.md", "Periods")


def period_strip(ctx: Context, here: str) -> str:
    """A band of periods, widths by number of events (a condensed axis)."""
    items = [{"link": ctx.to(here, "period", p.id), "span": period_span(p),
              "grow": max(len(ctx.events_of_period.get(p.id, [])), 1)} for p in ctx.corpus.periods]
    return ctx.render("_period_strip.html", items=items).strip()
