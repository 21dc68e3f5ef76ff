"""Stage 6, *render*: every generated page as Markdown, from the shared
corpus. Collect first (the corpus is complete), then render: any page can
link to any other.

In: :class:`~scripts.model.Corpus`, the exported files (for the Downloads
page sizes) and the folder of the project's own templates
(``overrides/portal/``, optional). Out: :class:`~scripts.model.GeneratedPage` s
and the HTML blocks that hand-written pages include. The layouts are the
templates of ``scripts/templates/`` (see :mod:`scripts.renderer.templates`).
"""

from __future__ import annotations

from pathlib import Path

from scripts.model import Corpus, GeneratedFile, GeneratedPage
from scripts.renderer import bibliography, dossier, maps, overview, pages
from scripts.renderer import checks as checks_render
from scripts.renderer import notes as notes_render
from scripts.renderer.downloads import downloads_page
from scripts.renderer.templates import TEMPLATES, templates_stamp
from scripts.reuse import page_maker


def render(corpus: Corpus, files: tuple[GeneratedFile, ...],
           overrides: Path | None = None) -> tuple[tuple[GeneratedPage, ...], dict]:
    """Every page, made by :func:`scripts.reuse.page_maker`: under ``mkdocs
    serve`` a page of the last run is reused when nothing it read changed."""
    override_dir = str(overrides) if overrides else None
    stamp = templates_stamp(TEMPLATES, override_dir)
    ctx = pages.Context(corpus, override_dir, stamp)
    with page_maker(ctx, stamp) as page:
        return _pages(ctx, page, files)


def _pages(ctx, page, files) -> tuple[tuple[GeneratedPage, ...], dict]:
    corpus = ctx.corpus
    out = [page(("sources-index",), pages.sources_index), page(("actors-index",), pages.actors_index),
           *page(("events-index",), pages.events_index), page(("periods-index",), pages.periods_index),
           page(("contested",), pages.contested_page), page(("timeline",), overview.timeline_page),
           page(("map",), maps.map_page),
           page(("glossary",), overview.glossary_page), *page(("editorial",), overview.editorial_pages),
           page(("bibliography",), bibliography.bibliography_page),
           # The downloads page shows the sizes of the exported files: not
           # in the context, so always rendered (it is small).
           downloads_page(ctx, files)]
    out += [page(("source", s.id), pages.source_page, s) for s in corpus.sources]
    out += [p for a in corpus.actors for p in page(("actor", a.id), pages.actor_page, a)]
    out += [page(("event", e.id), pages.event_page, e) for e in corpus.events]
    out += [p for period in corpus.periods
            for p in page(("period", period.id), pages.period_page, period)]
    out += [page(("dossier", period.id), dossier.dossier_page, period) for period in corpus.periods]
    out += page(("themes",), overview.theme_pages)
    blocks = {**overview.home_blocks(ctx), **notes_render.blocks(ctx), "checks": checks_render.checks_block(ctx)}
    return tuple(out), blocks
