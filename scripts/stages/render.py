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
from scripts.renderer import claims as claims_render
from scripts.renderer import overview, pages
from scripts.renderer.downloads import downloads_page


def render(corpus: Corpus, files: tuple[GeneratedFile, ...],
           overrides: Path | None = None) -> tuple[tuple[GeneratedPage, ...], dict]:
    ctx = pages.Context(corpus, str(overrides) if overrides else None)
    out = [pages.sources_index(ctx), pages.actors_index(ctx), *pages.events_index(ctx),
           pages.periods_index(ctx), pages.contested_page(ctx), overview.timeline_page(ctx),
           overview.glossary_page(ctx), *overview.editorial_pages(ctx), downloads_page(ctx, files)]
    out += [pages.source_page(ctx, s) for s in corpus.sources]
    out += [page for a in corpus.actors for page in pages.actor_page(ctx, a)]
    out += [pages.event_page(ctx, e) for e in corpus.events]
    out += [page for p in corpus.periods for page in pages.period_page(ctx, p)]
    out += overview.theme_pages(ctx)
    return tuple(out), {**overview.home_blocks(ctx), **claims_render.blocks(ctx)}
