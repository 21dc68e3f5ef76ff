"""Pages that look across the whole corpus: timeline, themes, glossary, the
editors' report, downloads, and the blocks of the hand-written home page."""

from __future__ import annotations

from markupsafe import Markup

from scripts.dates import chronological_key
from scripts.model import GeneratedPage
from scripts.renderer import document as document_render
from scripts.renderer import references as references_render
from scripts.renderer import timeline
from scripts.renderer.html import esc, mark_languages
from scripts.renderer.pages import (
    PAGE_SIZE,
    Context,
    Link,
    _dated,
    _list_pages,
    _neighbours,
    _part_links,
    _split,
    _wayfinding,
    front_matter,
    period_span,
    period_strip,
    theme_label,
)
from scripts.urls import relative


def timeline_page(ctx: Context) -> GeneratedPage:
    # The page's data and markup live in scripts/renderer/timeline.py and
    # scripts/templates/timeline.html.
    return timeline.timeline_page(ctx)


def _theme_passage(ctx: Context, path: str, passage_id: str) -> dict:
    text = ctx.passages[passage_id].passage.text
    return {"link": ctx.to_passage(path, passage_id),
            "text": Markup(mark_languages(ctx.env, text if len(text) < 320 else text[:317] + "…"))}


def theme_pages(ctx: Context) -> list[GeneratedPage]:
    here = "themes/index.md"
    themes = [(ctx.to_page(here, f"themes/{tag}.md", theme_label(tag)), len(events))
              for tag, events in ctx.events_of_tag.items()]
    pages = [GeneratedPage(here, ctx.render(
        "themes_index.html",
        front_matter=Markup(front_matter("Themes", "Browse the events by theme: arms trade, energy, diplomacy, Kurds and more.")),
        themes=themes), "sources/events/README.md", "Themes")]
    around = _neighbours(list(ctx.events_of_tag))
    for tag, events in ctx.events_of_tag.items():
        here = f"themes/{tag}.md"
        name = theme_label(tag)
        events = sorted(events, key=lambda e: (chronological_key(e.date), e.id))
        seen: dict = {}     # an ordered set: a list made this quadratic in the tag's citations
        for event in events:
            for citation in event.citations:
                seen.setdefault(citation.passage_id, None)
        event_parts = _split(events, PAGE_SIZE["events"], here, f"theme-{tag}-events")
        passage_parts = _split(list(seen), PAGE_SIZE["concordance"], here, f"theme-{tag}-passages")

        def event_data(path, event):
            return _dated(ctx, path, event)

        def passage_data(path, passage_id):
            return _theme_passage(ctx, path, passage_id)

        way = _wayfinding(ctx, here, "theme", [], name, around.get(tag), "theme")
        pages.append(GeneratedPage(here, ctx.render(
            "theme.html",
            front_matter=Markup(front_matter(f"Theme: {name}", f"Events and source passages on {name.lower()} in Iraq–Russia relations.",
                                             section="themes/index.md")),
            way=way, name=name, event_count=len(events),
            events=[event_data(here, e) for e in event_parts[0].items],
            event_parts=_part_links(here, event_parts) if len(event_parts) > 1 else [],
            passages=[passage_data(here, p) for p in passage_parts[0].items],
            passage_parts=_part_links(here, passage_parts) if len(passage_parts) > 1 else []),
            "sources/events/README.md", f"Theme: {name}"))
        pages += _list_pages(ctx, event_parts, "theme", tag, "events", "events", _dated, "sources/events/README.md")
        pages += _list_pages(ctx, passage_parts, "theme", tag, "passages", "passages", _theme_passage,
                             "sources/events/README.md")
    return pages


def glossary_page(ctx: Context) -> GeneratedPage:
    uses = ctx.term_uses
    here = "glossary.md"
    terms = [{"term": t, "uses": uses.get(t.term, 0),
              "refs": Markup(references_render.refs_html(ctx, here, [f"note:{t.expansion_note}"]) if t.expansion_note else ""),
              "note": Markup(references_render.inline(ctx, here, t.note))}
             for t in sorted(ctx.corpus.glossary, key=lambda t: t.term.casefold())]
    # A document is named by its place in the volume ("doc. 305"): the volume is in its own column.
    places = {s.id: (s.entry.container.pages if s.entry.container and s.entry.container.pages else s.entry.title)
              for s in ctx.corpus.sources}
    editions = [{**item, "documents": [{"href": ctx.to(here, "source", s).href, "text": places[s]}
                                       for s in item["source_ids"]]}
                for item in document_render.edition_abbreviations(ctx.corpus.sources)]
    markdown = ctx.render(
        "glossary.html",
        front_matter=Markup(front_matter("Glossary", "Abbreviations and terms used in the sources, explained.",
                                         search={"boost": 1.5})),
        terms=terms, editions=editions)
    return GeneratedPage(here, markdown, "sources/glossary/README.md", "Glossary")


EDITORIAL_KINDS = {
    "undated-sentence": ("Sentences that state a date but are cited by no event",
                         "Add an event citing the sentence (make new-event: sources/events/), or explain (make explain: sources/editorial/) why it is not an event."),
    "unknown-name": ("Capitalized names that match no actor",
                     "Add the actor (make new-actor: sources/actors/) or an alias, or explain (make explain: sources/editorial/) why the name is not an actor."),
    "unused-alias": ("Aliases that matched nothing",
                     "Remove the alias from the actor's file (sources/actors/), or explain (make explain: sources/editorial/) why it is kept."),
    "uncited-sentence": ("Sentences of the editors' prose that cite nothing",
                         "End the sentence with [[source-id/pN]] or [[note:id]] naming what it rests on, or remove it."),
    "unassessed-source": ("Sources whose assessment is still a placeholder",
                          "Write the source criticism (author, kind, date, independence, weaknesses) in its catalog file (sources/catalog/)."),
    "ambiguous-name": ("Names that could be several actors",
                       "Add the spelling to the aliases of the right actor (sources/actors/<id>.md), or to `ambiguous_aliases` "
                       "of each, or explain (make explain: sources/editorial/) why it stays unlinked."),
    "possible-alias": ("Names that are probably another name of an actor",
                       "Add the name, as the text writes it, to that actor's aliases in its file (sources/actors/) "
                       "(or pin the occurrence in sources/pins/<source-id>.yml), or explain (make explain: "
                       "sources/editorial/) why it is not that actor."),
    "unfinished-source": ("Catalog entries not finished",
                          "Fill in the field and delete its `# TODO editor:` comment in its catalog file (sources/catalog/)."),
}


def editorial_pages(ctx: Context) -> list[GeneratedPage]:
    """The editors' report: open items first, ``PAGE_SIZE["editorial"]`` a page
    (editors/report.md, then editors/report-2.md …), each kind under its heading.
    Each page is a part of its own (scripts/preview/memo.py): an edit that
    changes one item renders the page that lists it (and every page when the
    counts every page shows change)."""
    items = ctx.corpus.editorial
    open_count = sum(1 for i in items if not i.explanation)
    counts = tuple((kind, sum(1 for i in items if i.kind == kind and not i.explanation),
                    sum(1 for i in items if i.kind == kind)) for kind in EDITORIAL_KINDS)
    ordered = [(kind, item) for kind in EDITORIAL_KINDS
               for item in sorted((i for i in items if i.kind == kind),
                                  key=lambda i: (i.explanation is not None, i.where, i.text))]
    size = PAGE_SIZE["editorial"]
    chunks = [tuple(ordered[i:i + size]) for i in range(0, len(ordered), size)] or [()]
    paths = tuple(["editors/report.md"] + [f"editors/report-{n}.md" for n in range(2, len(chunks) + 1)])
    return [ctx.page_part(("editorial", here), _editorial_page, here, number, chunk, paths, counts,
                          (open_count, len(items) - open_count))
            for number, (here, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)]


def _editorial_page(ctx: Context, here: str, number: int, chunk: tuple, paths: tuple, counts: tuple,
                    totals: tuple) -> GeneratedPage:
    groups = []
    for (kind, (title, fix)), (_kind, group_open, group_total) in zip(EDITORIAL_KINDS.items(), counts, strict=True):
        rows = [{"text": item.text, "explanation": item.explanation,
                 "where": item.where,
                 "where_link": ctx.to_passage(here, item.where) if item.where in ctx.passages else None}
                for k, item in chunk if k == kind]
        if rows or number == 1:
            groups.append({"title": title, "fix": fix, "open": group_open, "rows": rows, "total": group_total})
    pager = [{"link": Link(relative(here, p), str(n)), "current": n == number}
             for n, p in enumerate(paths, start=1)] if len(paths) > 1 else []
    title = "Editorial report" if number == 1 else f"Editorial report, page {number}"
    extra = {} if number == 1 else {"section": "editors/report.md", "search": {"exclude": True}}
    open_count, explained = totals
    return GeneratedPage(here, ctx.render(
        "editorial.html",
        front_matter=Markup(front_matter(title, "The curation queue: what the knowledge layer does not yet cover.", **extra)),
        title=title, number=number, open_count=open_count, explained=explained,
        groups=groups, pager=pager), "sources/editorial/README.md", title)


def home_blocks(ctx: Context, here: str = "index.md") -> dict[str, str]:
    """HTML blocks that hand-written pages include with ``<!-- portal:NAME -->``."""
    corpus = ctx.corpus
    counts = [(len(corpus.sources), "source", "sources/index.md"),
              (len(corpus.passages), "passage", "sources/index.md"),
              (len(corpus.actors), "actor", "actors/index.md"),
              (len(corpus.events), "event", "events/index.md"),
              (len(corpus.periods), "period", "periods/index.md"),
              # As the Contested claims page counts them: disputes inside an
              # event and disagreements computed across events by claim key.
              (sum(1 for e in corpus.events if e.disputed) + len(corpus.key_disputes),
               "contested claim", "contested.md")]
    stats = ctx.render("_counts.html", counts=[(n, noun, relative(here, target)) for n, noun, target in counts]).strip()
    periods = ctx.render("_period_list.html", periods=[(ctx.to(here, "period", p.id), period_span(p))
                                                       for p in corpus.periods]).strip()
    return {"counts": stats, "period-strip": period_strip(ctx, here), "period-list": periods,
            "build": f"version {esc(corpus.build.version)}, built {corpus.build.date.isoformat()}"}
