"""One function per kind of generated page. Each takes the shared
:class:`~scripts.model.Corpus` (through :class:`Context`) and returns a
:class:`~scripts.model.GeneratedPage` whose Markdown MkDocs renders."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from scripts import escaping
from scripts.model import Actor, Corpus, Event, GeneratedPage, Period, SourceDocument
from scripts.renderer import claims as claims_render
from scripts.renderer.citation import bibtex_source, chicago_source, jsonld_source
from scripts.renderer.html import esc, json_ld, lang_span, mark_languages, md_text, passage_html, table
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
FIELD_LABELS = {"title": "Title", "authors": "Author(s)", "publisher": "Publisher", "venue": "Venue",
                "first_published_in": "First published in", "published": "Published",
                "language": "Language", "kind": "Kind", "rights": "Rights", "url": "Original address"}
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "ar": "Arabic", "fa": "Persian"}


#: Theme names as readers see them; a tag not listed reads as its words.
THEME_LABELS = {"arms-trade": "Arms trade", "united-states": "United States", "kurds": "Kurds",
                "iran": "Iran", "un": "United Nations"}


def theme_label(tag: str) -> str:
    return THEME_LABELS.get(tag, tag.replace("-", " ").capitalize())


def front_matter(title: str, description: str, **extra) -> str:
    # Plain text: overrides/main.html escapes it into <meta content="…">.
    data = {"title": title, "description": " ".join(description.split()), **extra}
    # One line per key that YAML reads back unchanged whatever the characters
    # (a C1 control or U+2028 in a title broke the block: scripts/escaping.py).
    return escaping.front_matter(data)


def snippet(text: str, start: int, end: int, width: int = 70) -> str:
    """A keyword-in-context snippet with the matched words marked."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return f"{mark_languages(before)}<mark>{mark_languages(text[start:end])}</mark>{mark_languages(after)}"


def _group(items, keys_of) -> dict:
    """Index *items* by each of their keys, keeping the items' order."""
    found = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            found[key].append(item)
    return found


@dataclass
class Context:
    """The corpus plus the indexes every page needs (built once)."""

    corpus: Corpus

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
    def glossary(self) -> dict:
        return {t.term: t.expansion for t in self.corpus.glossary}

    @cached_property
    def passages_of_actor(self) -> dict:
        return _group(self.corpus.passages, lambda item: item.actor_ids)

    @cached_property
    def events_of_actor(self) -> dict:
        return _group(self.corpus.events, lambda event: event.actors)

    @cached_property
    def events_of_period(self) -> dict:
        return _group(self.corpus.events, lambda event: (event.period_id,))

    @cached_property
    def events_of_tag(self) -> dict:
        return dict(sorted(_group(self.corpus.events, lambda event: event.tags).items()))

    def link(self, here: str, kind: str, item_id: str, fragment: str = "") -> str:
        return relative(here, page_path(kind, item_id), fragment)

    def actor_link(self, here: str, actor_id: str) -> str:
        actor = self.actors[actor_id]
        return f'<a href="{self.link(here, "actor", actor_id)}">{mark_languages(actor.name)}</a>'

    def event_link(self, here: str, event: Event) -> str:
        return f'<a href="{self.link(here, "event", event.id)}">{esc(event.title)}</a>'

    def period_link(self, here: str, period_id: str) -> str:
        period = self.periods.get(period_id)
        if period is None:
            return ""
        return f'<a href="{self.link(here, "period", period_id)}">{esc(period.title)}</a>'

    def source_title(self, source_id: str) -> str:
        entry = self.sources[source_id].entry
        return entry.title or "[Untitled]"

    def source_short(self, source_id: str) -> str:
        entry = self.sources[source_id].entry
        who = entry.authors[0].name.split()[-1] if entry.authors else (entry.publisher or "Anonymous")
        year = entry.published[:4] if entry.published else "n.d."
        return f"{who} ({year})"

    def passage_link(self, here: str, passage_id: str, fragment: str | None = None) -> str:
        item = self.passages[passage_id]
        passage = item.passage
        target = self.link(here, "source", passage.source_id, fragment or f"#{passage.anchor}")
        return (f'<a href="{esc(target)}">{esc(self.source_short(passage.source_id))}, '
                f'¶{passage.number}</a>')

    def period_of_date(self, day) -> Period | None:
        for period in self.corpus.periods:
            if period.start.start <= day and (period.end is None or day <= period.end.end):
                return period
        return None


def _time(event: Event) -> str:
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
    return f'<time datetime="{machine}" title="{esc(title)}">{esc(claims_render.date_label(event))}</time>'


def _edit(path: str, line: int | None = None) -> str:
    return f"{path}#L{line}" if line else path


# --- sources ------------------------------------------------------------------------------


def source_page(ctx: Context, source: SourceDocument) -> GeneratedPage:
    here = page_path("source", source.id)
    entry = source.entry
    title = entry.title or "[Untitled]"
    stated = defaultdict(list)
    for meta in source.clean.metadata:
        stated[meta.field].append(meta)
    out = [front_matter(title, f"Full text of a source on Iraq–Russia relations: {title}",
                        search={"boost": 1.5})]
    out.append(f"# {md_text(title)}\n\n")
    out.append('<div class="source-header" markdown="0"><dl class="bibliography">')

    def row(label: str, value_html: str | None, field: str):
        supplied = field in entry.editor_supplied
        if value_html:
            note = ' <span class="supplied" title="Supplied by the editors, not stated in the text">' \
                   '(supplied by the editors)</span>' if supplied else ""
            out.append(f"<dt>{label}</dt> <dd>{value_html}{note}</dd> ")
        else:
            out.append(f'<dt>{label}</dt> <dd class="unknown">Not stated in the text; unknown to the editors</dd> ')

    authors = "<br>".join(esc(a.name) + (f' <span class="affiliation">— {esc(a.affiliation)}</span>'
                                          if a.affiliation else "") for a in entry.authors)
    row("Author(s)", authors, "authors")
    row("Publisher", esc(entry.publisher) if entry.publisher else None, "publisher")
    if entry.venue:
        row("Venue", esc(entry.venue), "venue")
    if entry.first_published_in:
        row("First published in", esc(entry.first_published_in), "first_published_in")
    from scripts.edtfdates import parse_edtf
    published = None
    if entry.published:
        published = f'<time datetime="{esc(entry.published)}">{esc(parse_edtf(entry.published).label)}</time>'
    row("Published", published, "published")
    row("Language", esc(LANGUAGE_NAMES.get(entry.language, entry.language)), "language")
    row("Kind", esc(entry.kind), "kind")
    row("Rights", esc(entry.rights) if entry.rights else None, "rights")
    row("Original address", f'<a href="{esc(entry.url)}" rel="external">{esc(entry.url)}</a>' if entry.url else None, "url")
    words = sum(len(p.text.split()) for p in source.passages)
    out.append(f"<dt>Length</dt> <dd>{plural(len(source.passages), 'passage')}, {plural(words, 'word')}</dd>")
    out.append(f"<dt>Raw file</dt> <dd><code>sources/{esc(entry.file)}</code>, SHA-256 "
               f"<code class=\"sha\">{entry.sha256}</code></dd>")
    out.append("</dl>")
    if stated:
        out.append('<p class="stated-title">Bibliographic lines in the text itself (moved out of the body):</p><ul class="stated">')
        for meta in source.clean.metadata:
            if meta.field in ("infobox", "see-also"):
                continue
            out.append(f"<li>{esc(meta.field.replace('_', ' '))}: “{mark_languages(meta.value)}” "
                       f"<span class=\"line\">(line {meta.line})</span></li>")
        out.append("</ul>")
    if entry.notes:
        out.append(f'<p class="source-notes"><strong>Note on this copy:</strong> {mark_languages(entry.notes)}</p>')
    out.append("</div>\n\n")
    out.append(claims_render.source_assessment(ctx, here, entry))
    out.append("## How to cite this source\n\n")
    out.append(f'<p class="citation" markdown="0">{_md_italics(esc(chicago_source(entry)))}</p>\n\n')
    out.append("??? note \"BibTeX\"\n    ```bibtex\n" +
               "\n".join("    " + line for line in bibtex_source(entry).splitlines()) + "\n    ```\n\n")
    if source.clean.infobox:
        out.append("## Infobox\n\n")
        out.append(table(["Field", "Value"], [[md_text(k), md_text(v)] for k, v, _ in source.clean.infobox]))
        out.append("\n")
    out.append("## Text\n\n")
    out.append('<p class="text-help">Each paragraph has a number and a permalink (¶). Names link to '
               'their pages; abbreviations explain themselves on hover.</p>\n\n')
    actor_href = lambda actor_id: ctx.link(here, "actor", actor_id)  # noqa: E731
    in_list = False
    for section in source.body:
        if section.heading:
            if in_list:
                out.append("</ul>\n\n")
                in_list = False
            level = min(section.heading.level + 1, 6)
            out.append(f"{'#' * level} {md_text(section.heading.text)} {{#{section.heading.anchor}}}\n\n")
            continue
        item = ctx.passages[section.passage.id]
        if section.passage.kind == "list-item":
            if not in_list:
                out.append('<ul class="passage-list">')
                in_list = True
            out.append(passage_html(item, actor_href, ctx.glossary, tag="li")
                       + claims_render.passage_notes(ctx, here, item.passage.id, tag="li"))
            continue
        if in_list:
            out.append("</ul>\n\n")
            in_list = False
        out.append(passage_html(item, actor_href, ctx.glossary) + claims_render.passage_notes(ctx, here, item.passage.id)
                   + "\n\n")
    if in_list:
        out.append("</ul>\n\n")
    if source.clean.see_also:
        out.append("## See also (in the original article)\n\n")
        out.append("Related articles the encyclopedia links to (not captured here):\n\n")
        for text, _line in source.clean.see_also:
            out.append(f"- {md_text(text)}\n")
        out.append("\n")
    out.append("## What the editors removed\n\n")
    removed = source.clean.removed
    if removed:
        count = source.raw.line_count
        these = "This line is" if len(removed) == 1 else f"These {len(removed)} lines are"
        out.append(f"The raw text has {count} line{'s' if count != 1 else ''}. {these} not "
                   "part of the article and were left out of the text above; each is listed with the "
                   "rule that removed it. Everything else is in the text, in the bibliographic header "
                   "or in the infobox.\n\n")
        out.append(table(["Line", "Removed text", "Why"],
                         [[str(r.line), f"<code>{esc(r.text.strip()) or '&nbsp;'}</code>",
                           f"{md_text(r.reason)} <small>(rule <code>{esc(r.rule)}</code>)</small>"]
                          for r in removed]))
    else:
        out.append("Nothing: every line of the raw text is in the text above or in the header.\n")
    out.append("\n" + json_ld(_source_ld(ctx, source)) + "\n")
    return GeneratedPage(here, "".join(out), _edit("sources/catalog.yml", entry.line), title)


def _md_italics(text: str) -> str:
    parts = text.split("*")
    return "".join(p if i % 2 == 0 else f"<em>{p}</em>" for i, p in enumerate(parts))


def _source_ld(ctx: Context, source: SourceDocument) -> dict:
    return jsonld_source(source.entry, ctx.corpus.build.site_url + url_path("source", source.id))


def sources_index(ctx: Context) -> GeneratedPage:
    here = "sources/index.md"
    out = [front_matter("Sources", "The source texts of the portal, with date, author, kind and length."),
           "# Sources\n\n",
           "The portal's statements rest on these texts, or on an editors' note that names its reference. "
           "Each source page shows the full "
           "clean text with numbered, citable paragraphs, its bibliographic record, and every line "
           "the editors removed from the raw capture.\n\n"]
    rows = []
    for source in sorted(ctx.corpus.sources, key=lambda s: (s.entry.published or "9999", s.id)):
        entry = source.entry
        words = sum(len(p.text.split()) for p in source.passages)
        rows.append([f'<a href="{ctx.link(here, "source", source.id)}">{mark_languages(entry.title or "[Untitled]")}</a>',
                     esc(", ".join(a.name for a in entry.authors) or "Not stated"),
                     esc(ctx.source_short(source.id).split("(")[-1].rstrip(")")),
                     esc(entry.kind), f"{plural(len(source.passages), 'passage')}, {plural(words, 'word')}"])
    out.append(table(["Title", "Author", "Published", "Kind", "Length"], rows))
    return GeneratedPage(here, "".join(out), "sources/catalog.yml", "Sources")


# --- actors ---------------------------------------------------------------------------------


def actor_page(ctx: Context, actor: Actor) -> GeneratedPage:
    here = page_path("actor", actor.id)
    KIND_LABELS.get(actor.kind, actor.kind).rstrip("s")
    out = [front_matter(actor.name, f"{actor.name}: {claims_render.plain(actor.summary)}"[:300], search={"boost": 3})]
    out.append(f"# {md_text(actor.name)}\n\n")
    out.append(f'<p class="entity-kind">{esc(KIND_SINGULAR.get(actor.kind, actor.kind))}</p>\n\n')
    out.append(f"{claims_render.prose(ctx, here, actor.summary)}\n\n" + claims_render.notes_html(ctx, here, f"actor:{actor.id}"))
    names = [mark_languages(a) for a in actor.aliases]
    names += [lang_span(text, lang) for lang, text in actor.native_names]
    if names or actor.ambiguous_aliases:
        out.append('<div class="names" markdown="0">')
        if names:
            out.append(f"<p><strong>Also written:</strong> {', '.join(names)}</p>")
        if actor.ambiguous_aliases:
            out.append(f"<p><strong>Short forms shared with others</strong> (linked here only where the "
                       f"context is clear): {', '.join(esc(a) for a in actor.ambiguous_aliases)}</p>")
        variants = sorted(_search_variants(actor) - {actor.name, *actor.aliases})
        if variants:
            out.append(f'<p class="search-variants"><strong>Other spellings for search:</strong> '
                       f'{esc(", ".join(variants))}</p>')
        out.append("</div>\n\n")
    if actor.roles:
        out.append("## Roles\n\n")
        rows = []
        for role in actor.roles:
            when = claims_render.role_when(role)
            source = claims_render.role_source(ctx, here, role)
            rows.append([md_text(role.title), when, source])
        out.append(table(["Role", "When", "According to"], rows) + "\n")
    events = sorted(ctx.events_of_actor.get(actor.id, []), key=lambda e: e.date.start)
    if events:
        periods = []
        for event in events:
            if event.period_id not in periods:
                periods.append(event.period_id)
        out.append("## Active in\n\n" + ", ".join(ctx.period_link(here, p) for p in periods) + "\n\n")
        out.append("## Timeline\n\n")
        out.append('<ol class="entity-timeline">' + "".join(
            dated_event_item(ctx, here, e) for e in events) + "</ol>\n\n")
    mentions = ctx.passages_of_actor.get(actor.id, [])
    out.append(f"## Mentioned in {len(mentions)} passage{'s' if len(mentions) != 1 else ''}\n\n")
    if mentions:
        out.append('<ul class="concordance">')
        for item in mentions:
            mention = next(m for m in item.mentions if m.actor_id == actor.id)
            out.append(f"<li>{ctx.passage_link(here, item.passage.id)}: "
                       f"{snippet(item.passage.text, mention.start, mention.end)}</li>")
        out.append("</ul>\n\n")
    else:
        out.append("No passage names this actor yet.\n\n")
    related = Counter()
    for item in mentions:
        for other in item.actor_ids:
            if other != actor.id:
                related[other] += 1
    if related:
        out.append("## Often named together with\n\n")
        out.append(", ".join(f"{ctx.actor_link(here, other)} ({count})"
                             for other, count in sorted(related.items(), key=lambda kv: (-kv[1], kv[0]))[:12]) + "\n\n")
    data = {"@context": "https://schema.org", "@type": SCHEMA_TYPES.get(actor.kind, "Organization"),
            "@id": ctx.corpus.build.site_url + url_path("actor", actor.id), "name": actor.name,
            "alternateName": list(actor.aliases) + [t for _, t in actor.native_names],
            "description": claims_render.plain(actor.summary)}
    out.append(json_ld(data) + "\n")
    return GeneratedPage(here, "".join(out), _edit("sources/actors.yml", actor.line), actor.name)


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


def dated_event_item(ctx: Context, here: str, event: Event, attributes: str = "") -> str:
    """One event of a chronological list: its date, then title and badge
    together (the list is a two-column grid: date | what happened)."""
    return (f"<li{attributes}>{_time(event)} <span class=\"event-title\">{ctx.event_link(here, event)}"
            f"{_disputed_badge(event)}</span></li>")


def _disputed_badge(event: Event) -> str:
    return ' <span class="badge badge--disputed" title="The sources disagree about this event">disputed</span>' \
        if event.disputed else ""


def actors_index(ctx: Context) -> GeneratedPage:
    here = "actors/index.md"
    out = [front_matter("Actors", "People, states, parties, companies and institutions named in the sources."),
           "# Actors\n\n",
           "Everyone and everything the sources name as acting or being acted upon, grouped by kind. "
           "Each page lists the actor's names, roles, events and every passage that mentions them.\n\n"]
    by_kind = defaultdict(list)
    for actor in ctx.corpus.actors:
        by_kind[actor.kind].append(actor)
    for kind in KIND_LABELS:
        if kind not in by_kind:
            continue
        out.append(f"## {KIND_LABELS[kind]}\n\n")
        out.append('<ul class="actor-list">' + "".join(
            f"<li>{ctx.actor_link(here, a.id)} <span class=\"count\">"
            f"({plural(len(ctx.passages_of_actor.get(a.id, [])), 'passage')})</span></li>"
            for a in sorted(by_kind[kind], key=lambda a: a.name.casefold())) + "</ul>\n\n")
    return GeneratedPage(here, "".join(out), "sources/actors.yml", "Actors")


# --- events ---------------------------------------------------------------------------------


def event_page(ctx: Context, event: Event) -> GeneratedPage:
    here = page_path("event", event.id)
    out = [front_matter(event.title, claims_render.plain(event.summary)[:300], tags=[theme_label(t) for t in event.tags],
                        search={"boost": 2})]
    out.append(f"# {md_text(event.title)}\n\n")
    out.append('<dl class="event-facts" markdown="0">')
    out.append(f"<dt>When</dt> <dd>{_time(event)} <span class=\"edtf\" data-search-exclude>(EDTF <code>{esc(event.date.text)}</code>: "
               f"{event.date.start.isoformat()} to {event.date.end.isoformat()})</span></dd>")
    out.append(f"<dt>Period</dt> <dd>{ctx.period_link(here, event.period_id)}</dd>")
    if event.actors:
        out.append("<dt>Actors</dt> <dd>" + ", ".join(ctx.actor_link(here, a) for a in event.actors) + "</dd>")
    if event.tags:
        out.append("<dt>Themes</dt> <dd>" + ", ".join(
            f'<a href="{relative(here, f"themes/{t}.md")}">{esc(theme_label(t))}</a>' for t in event.tags) + "</dd>")
    out.append("</dl>\n\n")
    out.append(f"{claims_render.prose(ctx, here, event.summary)}\n\n" + claims_render.event_extras(ctx, here, event))
    if event.disputed:
        out.append("## How the sources disagree\n\n" + claims_render.readings_html(ctx, here, event))
        out.append(f"[All contested claims]({relative_md(here, 'contested.md')})\n\n")
    out.append("## What the sources say\n\n")
    out.append(_citations_grid(ctx, here, event))
    data = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
            "@id": ctx.corpus.build.site_url + url_path("event", event.id),
            "startDate": event.date.start.isoformat(), "endDate": event.date.end.isoformat(),
            "description": claims_render.plain(event.summary),
            "about": [{"@type": SCHEMA_TYPES.get(ctx.actors[a].kind, "Organization"), "name": ctx.actors[a].name}
                      for a in event.actors],
            "subjectOf": [{"@type": "CreativeWork", "name": ctx.source_title(c.source_id),
                           "url": ctx.corpus.build.site_url + url_path("source", c.source_id) + f"#{c.passage_id.split('/')[-1]}"}
                          for c in event.citations]}
    out.append(json_ld(data) + "\n")
    return GeneratedPage(here, "".join(out), _edit("sources/events.yml", event.line), event.title)


def _citations_grid(ctx: Context, here: str, event: Event) -> str:
    cards = []
    for index, citation in enumerate(event.citations):
        passage = ctx.passages[citation.passage_id].passage
        target = ctx.link(here, "source", citation.source_id, citation.fragment)
        cards.append(
            f'<figure class="citation-card"><blockquote cite="{esc(target)}">'
            f"<p>{mark_languages(citation.quote)}</p></blockquote>"
            f'<figcaption>{esc(ctx.source_short(citation.source_id))}, '
            f"<cite>{mark_languages(ctx.source_title(citation.source_id))}</cite>, ¶{passage.number}. "
            f'<a href="{esc(target)}">Read it in context</a>{claims_render.says_html(ctx, event, index)}</figcaption></figure>')
    return '<div class="citation-grid" markdown="0">' + "".join(cards) + "</div>\n\n"


def events_index(ctx: Context) -> GeneratedPage:
    here = "events/index.md"
    out = [front_matter("Events", "Every dated event the sources report, in chronological order."),
           "# Events\n\n",
           f"{len(ctx.corpus.events)} dated events reported by the sources, in chronological order. "
           "Each event page quotes every source that reports it, side by side.\n\n"]
    rows = [[_time(e), ctx.event_link(here, e) + _disputed_badge(e), ctx.period_link(here, e.period_id),
             ", ".join(esc(ctx.source_short(s)) for s in dict.fromkeys(c.source_id for c in e.citations))]
            for e in ctx.corpus.events]
    out.append(table(["Date", "Event", "Period", "Sources"], rows))
    return GeneratedPage(here, "".join(out), "sources/events.yml", "Events")


def contested_page(ctx: Context) -> GeneratedPage:
    return claims_render.contested_page(ctx)


# --- periods --------------------------------------------------------------------------------


def period_span(period: Period) -> str:
    end = period.end.label if period.end else "the present"
    return f"{period.start.label} – {end}"


def period_page(ctx: Context, period: Period) -> GeneratedPage:
    here = page_path("period", period.id)
    events = sorted(ctx.events_of_period.get(period.id, []), key=lambda e: e.date.start)
    out = [front_matter(period.title, claims_render.plain(period.summary)[:300], search={"boost": 2})]
    out.append(f"# {md_text(period.title)}\n\n")
    out.append(f'<p class="period-span"><strong>{esc(period_span(period))}</strong></p>\n\n')
    out.append(f"{claims_render.prose(ctx, here, period.summary)}\n\n" + claims_render.notes_html(ctx, here, f"period:{period.id}"))
    index = ctx.corpus.periods.index(period)
    neighbours = []
    if index > 0:
        neighbours.append(f"← Before: {ctx.period_link(here, ctx.corpus.periods[index - 1].id)}")
    if index + 1 < len(ctx.corpus.periods):
        neighbours.append(f"After: {ctx.period_link(here, ctx.corpus.periods[index + 1].id)} →")
    if neighbours:
        out.append('<p class="period-nav">' + " · ".join(neighbours) + "</p>\n\n")
    out.append(f"## Events ({len(events)})\n\n")
    if events:
        out.append('<ol class="entity-timeline">' + "".join(
            dated_event_item(ctx, here, e) for e in events) + "</ol>\n\n")
    else:
        out.append("No event of this period is recorded yet.\n\n")
    sources = Counter(c.source_id for e in events for c in e.citations)
    end_year = period.end.end.year if period.end else 9999
    for item in ctx.corpus.passages:
        if any(period.start.start.year <= y <= end_year for y in item.passage.years):
            sources[item.passage.source_id] += 0
    if sources:
        out.append("## Sources that cover it\n\n")
        for source_id in sorted(sources, key=lambda s: (-sources[s], s)):
            out.append(f"- [{md_text(ctx.source_title(source_id))}]({relative_md(here, page_path('source', source_id))})"
                       f" — {ctx.source_short(source_id)}, cited by {sources[source_id]} of these events\n")
        out.append("\n")
    actors = Counter(a for e in events for a in e.actors)
    if actors:
        out.append("## Key actors\n\n")
        out.append(", ".join(f"{ctx.actor_link(here, a)} ({n})"
                             for a, n in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:15]) + "\n\n")
    data = {"@context": "https://schema.org", "@type": "Event", "name": period.title,
            "@id": ctx.corpus.build.site_url + url_path("period", period.id),
            "startDate": period.start.start.isoformat(), "description": claims_render.plain(period.summary)}
    if period.end:
        data["endDate"] = period.end.end.isoformat()
    out.append(json_ld(data) + "\n")
    return GeneratedPage(here, "".join(out), _edit("sources/periods.yml", period.line), period.title)


def periods_index(ctx: Context) -> GeneratedPage:
    here = "periods/index.md"
    out = [front_matter("Periods", "The periods of Iraq–Russia relations, from the first contacts to today."),
           "# Periods\n\n", "The relationship in chapters, from the earliest recorded contact to the present. "
           "The periods follow one another without gaps.\n\n"]
    for period in ctx.corpus.periods:
        count = len(ctx.events_of_period.get(period.id, []))
        out.append(f"## {md_text(period.title)}\n\n")
        out.append(f"<p class=\"period-span\">{esc(period_span(period))} · {count} events · "
                   f"{ctx.period_link(here, period.id).replace('>' + esc(period.title) + '<', '>Read more<')}</p>\n\n")
        out.append(f"{claims_render.prose(ctx, here, period.summary)}\n\n")
    return GeneratedPage(here, "".join(out), "sources/periods.yml", "Periods")


def period_strip(ctx: Context, here: str) -> str:
    """A band of periods, widths by number of events (a condensed axis)."""
    items = []
    for period in ctx.corpus.periods:
        count = len(ctx.events_of_period.get(period.id, []))
        items.append(f'<li style="flex-grow:{max(count, 1)}"><a href="{ctx.link(here, "period", period.id)}">'
                     f'<span class="strip-title">{esc(period.title)}</span> '
                     f'<span class="strip-span">{esc(period_span(period))}</span></a></li>')
    return '<nav class="period-strip" aria-label="Periods"><ol>' + "".join(items) + "</ol></nav>"
