"""Pages that look across the whole corpus: timeline, themes, glossary, the
editors' report, downloads, and the blocks of the hand-written home page."""

from __future__ import annotations

from collections import Counter

from scripts.model import GeneratedPage
from scripts.renderer.html import esc, mark_languages, md_text, table
from scripts.renderer.pages import (
    KIND_LABELS,
    Context,
    dated_event_item,
    front_matter,
    period_span,
    period_strip,
    theme_label,
)
from scripts.urls import relative


def timeline_page(ctx: Context) -> GeneratedPage:
    here = "timeline.md"
    out = [front_matter("Timeline", "Every event of Iraq–Russia relations on one page, grouped by period.",
                        search={"boost": 1.2})]
    out.append("# Timeline\n\n")
    out.append("Every event the sources report, grouped by period. The axis is condensed: each period "
               "gets room for its events, not for its years, so the centuries of early contact do not "
               "swamp the busy decades. Dates keep their uncertainty: *c.* means circa, a dash means "
               "sometime between two dates, *1970s* means somewhere in the decade.\n\n")
    out.append(period_strip(ctx, here) + "\n\n")
    tags = sorted({t for e in ctx.corpus.events for t in e.tags})
    kinds = sorted({ctx.actors[a].kind for e in ctx.corpus.events for a in e.actors})
    sources = sorted({c.source_id for e in ctx.corpus.events for c in e.citations})

    def options(values, label):
        return "".join(f'<option value="{esc(v)}">{esc(label(v))}</option>' for v in values)

    out.append('<form class="timeline-filters" hidden data-search-exclude aria-label="Filter the timeline" markdown="0">'
               '<label>Theme <select name="tag"><option value="">All themes</option>'
               + options(tags, theme_label) + '</select></label>'
               '<label>Actor kind <select name="kind"><option value="">All kinds</option>'
               + options(kinds, lambda k: KIND_LABELS.get(k, k)) + '</select></label>'
               '<label>Source <select name="source"><option value="">All sources</option>'
               + options(sources, ctx.source_short) + '</select></label>'
               '<output class="timeline-count" aria-live="polite"></output></form>\n\n')
    for period in ctx.corpus.periods:
        events = sorted(ctx.events_of_period.get(period.id, []), key=lambda e: (e.date.start, e.date.end))
        out.append(f'<section class="timeline-period" aria-labelledby="tl-{period.id}" markdown="0">'
                   f'<h2 id="tl-{period.id}"><a href="{ctx.link(here, "period", period.id)}">{esc(period.title)}</a> '
                   f'<span class="timeline-span">{esc(period_span(period))}</span></h2>')
        if not events:
            out.append('<p class="timeline-empty">No events recorded.</p></section>\n\n')
            continue
        out.append('<ol class="timeline">')
        for event in events:
            kinds_of = sorted({ctx.actors[a].kind for a in event.actors})
            sources_of = sorted({c.source_id for c in event.citations})
            out.append(dated_event_item(
                ctx, here, event, f' class="timeline-event" data-tags="{esc(" ".join(event.tags))}" '
                f'data-kinds="{esc(" ".join(kinds_of))}" data-sources="{esc(" ".join(sources_of))}"'))
        out.append("</ol></section>\n\n")
    return GeneratedPage(here, "".join(out), "sources/events.yml", "Timeline")


def theme_pages(ctx: Context) -> list[GeneratedPage]:
    pages = []
    here = "themes/index.md"
    out = [front_matter("Themes", "Browse the events by theme: arms trade, energy, diplomacy, Kurds and more."),
           "# Themes\n\n", "Events are tagged with themes. Each theme page lists its events and the "
           "passages of the sources they rest on.\n\n"]
    rows = [[f'<a href="{relative(here, f"themes/{tag}.md")}">{esc(theme_label(tag))}</a>',
             str(len(events))] for tag, events in ctx.events_of_tag.items()]
    out.append(table(["Theme", "Events"], rows))
    out.append("\n## All tags\n\n<!-- material/tags -->\n")
    pages.append(GeneratedPage(here, "".join(out), "sources/events.yml", "Themes"))
    for tag, events in ctx.events_of_tag.items():
        here = f"themes/{tag}.md"
        name = theme_label(tag)
        out = [front_matter(f"Theme: {name}", f"Events and source passages on {name.lower()} in Iraq–Russia relations."),
               f"# {md_text(name)}\n\n", f"{len(events)} events are tagged *{esc(tag)}*.\n\n", "## Events\n\n"]
        out.append('<ol class="entity-timeline">' + "".join(
            dated_event_item(ctx, here, e) for e in sorted(events, key=lambda e: e.date.start)) + "</ol>\n\n")
        out.append("## Passages about it\n\n")
        seen: dict = {}     # an ordered set: a list made this quadratic in the tag's citations
        for event in sorted(events, key=lambda e: e.date.start):
            for citation in event.citations:
                seen.setdefault(citation.passage_id, None)
        out.append('<ul class="concordance">')
        for passage_id in seen:
            item = ctx.passages[passage_id]
            text = item.passage.text
            short = text if len(text) < 320 else text[:317] + "…"
            out.append(f"<li>{ctx.passage_link(here, passage_id)}: {mark_languages(short)}</li>")
        out.append("</ul>\n")
        pages.append(GeneratedPage(here, "".join(out), "sources/events.yml", f"Theme: {name}"))
    return pages


def glossary_page(ctx: Context) -> GeneratedPage:
    here = "glossary.md"
    out = [front_matter("Glossary", "Abbreviations and terms used in the sources, explained.", search={"boost": 1.5}),
           "# Glossary\n\n", "Abbreviations and terms used in the sources. Everywhere they appear in a "
           "source text, hovering over them (or focusing them) shows the expansion.\n\n"]
    uses = Counter()
    for item in ctx.corpus.passages:
        for use in item.terms:
            uses[use.term] += 1
    rows = [[f"<abbr title=\"{esc(t.expansion)}\">{esc(t.term)}</abbr>", md_text(t.expansion),
             md_text(t.note), str(uses[t.term])] for t in sorted(ctx.corpus.glossary, key=lambda t: t.term.casefold())]
    out.append(table(["Term", "Stands for", "Explanation", "Uses in the texts"], rows))
    return GeneratedPage(here, "".join(out), "sources/glossary.yml", "Glossary")


EDITORIAL_KINDS = {
    "undated-sentence": ("Sentences that state a date but are cited by no event",
                         "Add an event citing the sentence to sources/events.yml, or explain in sources/editorial.yml why it is not an event."),
    "unknown-name": ("Capitalized names that match no actor",
                     "Add the actor (or an alias) to sources/actors.yml, or explain in sources/editorial.yml why the name is not an actor."),
    "unused-alias": ("Aliases that matched nothing",
                     "Remove the alias from sources/actors.yml, or explain in sources/editorial.yml why it is kept."),
    "ambiguous-name": ("Names that could be several actors",
                       "Add the spelling to the right actor's aliases in sources/actors.yml (or to `ambiguous_aliases` "
                       "of each), or explain in sources/editorial.yml why it stays unlinked."),
    "unfinished-source": ("Catalog entries not finished",
                          "Fill in the field and delete its `# TODO editor:` comment in sources/catalog.yml."),
}


def editorial_page(ctx: Context) -> GeneratedPage:
    here = "editors/report.md"
    items = ctx.corpus.editorial
    open_items = [i for i in items if not i.explanation]
    out = [front_matter("Editorial report", "The curation queue: what the knowledge layer does not yet cover."),
           "# Editorial report\n\n",
           f"Made by every build. **{len(open_items)} open items**, {len(items) - len(open_items)} explained. "
           "The queue is empty when every dated sentence is cited by an event, every capitalized name is "
           "an actor or explained, and every alias is used.\n\n"]
    for kind, (title, fix) in EDITORIAL_KINDS.items():
        group = [i for i in items if i.kind == kind]
        out.append(f"## {title} ({sum(1 for i in group if not i.explanation)} open)\n\n*{fix}*\n\n")
        if not group:
            out.append("None.\n\n")
            continue
        rows = []
        for item in sorted(group, key=lambda i: (i.explanation is not None, i.where, i.text)):
            where = ctx.passage_link(here, item.where) if item.where in ctx.passages else esc(item.where)
            status = f"Explained: {md_text(item.explanation)}" if item.explanation else "**Open**"
            rows.append([mark_languages(item.text), where, status])
        out.append(table(["Text", "Where", "Status"], rows) + "\n")
    return GeneratedPage(here, "".join(out), "sources/editorial.yml", "Editorial report")


def home_blocks(ctx: Context, here: str = "index.md") -> dict[str, str]:
    """HTML blocks that hand-written pages include with ``<!-- portal:NAME -->``."""
    corpus = ctx.corpus
    counts = [("sources", len(corpus.sources), "sources/index.md"),
              ("passages", len(corpus.passages), "sources/index.md"),
              ("actors", len(corpus.actors), "actors/index.md"),
              ("events", len(corpus.events), "events/index.md"),
              ("periods", len(corpus.periods), "periods/index.md"),
              ("contested claims", sum(1 for e in corpus.events if e.disputed), "contested.md")]
    stats = '<ul class="portal-counts">' + "".join(
        f'<li><a href="{relative(here, target)}"><strong>{n:,}</strong> {label}</a></li>'
        for label, n, target in counts) + "</ul>"
    periods = '<ul class="period-links">' + "".join(
        f'<li>{ctx.period_link(here, p.id)} <span>({esc(period_span(p))})</span></li>' for p in corpus.periods) + "</ul>"
    return {"counts": stats, "period-strip": period_strip(ctx, here), "period-list": periods,
            "build": f"version {esc(corpus.build.version)}, built {corpus.build.date.isoformat()}"}

