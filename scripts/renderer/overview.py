"""Pages that look across the whole corpus: timeline, themes, glossary, the
editors' report, downloads, and the blocks of the hand-written home page."""

from __future__ import annotations

from collections import Counter

from scripts.model import GeneratedPage
from scripts.renderer import claims as claims_render
from scripts.renderer import timeline
from scripts.renderer.html import esc, mark_languages, md_text, table
from scripts.renderer.pages import (
    Context,
    dated_event_item,
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
    rows = [[f"<abbr title=\"{esc(t.expansion)}\">{esc(t.term)}</abbr>", md_text(t.expansion)
             + (" " + claims_render.refs_html(ctx, here, [f"note:{t.expansion_note}"]) if t.expansion_note else ""),
             claims_render.prose(ctx, here, t.note), str(uses[t.term])]
            for t in sorted(ctx.corpus.glossary, key=lambda t: t.term.casefold())]
    out.append(table(["Term", "Stands for", "Explanation", "Uses in the texts"], rows))
    return GeneratedPage(here, "".join(out), "sources/glossary.yml", "Glossary")


EDITORIAL_KINDS = {
    "undated-sentence": ("Sentences that state a date but are cited by no event",
                         "Add an event citing the sentence to sources/events.yml, or explain in sources/editorial.yml why it is not an event."),
    "unknown-name": ("Capitalized names that match no actor",
                     "Add the actor (or an alias) to sources/actors.yml, or explain in sources/editorial.yml why the name is not an actor."),
    "unused-alias": ("Aliases that matched nothing",
                     "Remove the alias from sources/actors.yml, or explain in sources/editorial.yml why it is kept."),
    "uncited-sentence": ("Sentences of the editors' prose that cite nothing",
                         "End the sentence with [[source-id/pN]] or [[note:id]] naming what it rests on, or remove it."),
    "unassessed-source": ("Sources whose assessment is still a placeholder",
                          "Write the source criticism (author, kind, date, independence, weaknesses) in sources/catalog.yml."),
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

