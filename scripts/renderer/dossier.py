"""The "print this period" dossier: one page per period with its summary
and notes, then each of its events in order (date, actors, summary, notes,
the quotations of its sources) and the references (the Chicago entry of
every source cited, from the same CSL records as the downloads). Laid out
for A4 by the print stylesheet (``overrides/assets/portal.css``, ``@media
print``). The layout is ``scripts/templates/dossier.html``.

In: the render context and a period. Out: one :class:`GeneratedPage` at
``dossiers/<period-id>.md``.
"""

from __future__ import annotations

from markupsafe import Markup

from scripts import csl
from scripts.dates import chronological_key, day_words
from scripts.model import GeneratedPage, Period
from scripts.renderer import notes as notes_render
from scripts.renderer import pages
from scripts.renderer import statements as statements_render


def dossier_path(period_id: str) -> str:
    return f"dossiers/{period_id}.md"


def dossier_page(ctx: pages.Context, period: Period) -> GeneratedPage:
    here = dossier_path(period.id)
    events = sorted(ctx.events_of_period.get(period.id, []), key=lambda e: (chronological_key(e.date), e.id))
    cited = dict.fromkeys(c.source_id for e in events for c in e.citations)
    items = [{"event": e, "anchor": e.id, "time": pages._time(e),
              "link": ctx.to(here, "event", e.id),
              "actors": [ctx.to(here, "actor", a) for a in e.actors if a in ctx.actor_names],
              "summary": ctx.prose(here, e.summary),
              "extras": Markup(statements_render.event_extras(ctx, here, e)),
              "citations": Markup(pages._citations_grid(ctx, here, e))} for e in events]
    references = [{"short": ctx.source_short(s), "link": ctx.to(here, "source", s),
                   "chicago": Markup(csl.chicago_html(ctx.source_records[s]))}
                  for s in sorted(cited, key=lambda s: ctx.source_short(s))]
    title = f"Dossier: {period.title}"
    build = ctx.corpus.build
    markdown = ctx.render(
        "dossier.html",
        front_matter=Markup(pages.front_matter(
            title, f"The period {period.title} for print: summary, events, quotations, notes and references.",
            search={"exclude": True}, section="periods/index.md",
            citation_meta=csl.highwire(csl.page_record(f"dossier-{period.id}", title,
                                                       build.site_url + f"dossiers/{period.id}.html", build)))),
        title=title, period=period, span=pages.period_span(period),
        period_link=ctx.to(here, "period", period.id),
        periods=ctx.to_page(here, "periods/index.md", "Periods"),
        summary=ctx.prose(here, period.summary),
        notes=Markup(notes_render.notes_html(ctx, here, f"period:{period.id}")),
        events=items, references=references, site=csl.SITE_NAME, version=build.version,
        built=day_words(build.date))
    return GeneratedPage(here, markdown, pages._edit(period.origin), title)
