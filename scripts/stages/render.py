"""Stage 6, *render*: every generated page as Markdown, from the shared
corpus. Collect first (the corpus is complete), then render: any page can
link to any other.

In: :class:`~scripts.model.Corpus` and the exported files (for the
Downloads page sizes). Out: :class:`~scripts.model.GeneratedPage` s and the
HTML blocks that hand-written pages include.
"""

from __future__ import annotations

from scripts.model import Corpus, GeneratedFile, GeneratedPage
from scripts.renderer import claims as claims_render
from scripts.renderer import overview, pages
from scripts.renderer.downloads import downloads_page


def render(corpus: Corpus, files: tuple[GeneratedFile, ...]) -> tuple[tuple[GeneratedPage, ...], dict]:
    ctx = pages.Context(corpus)
    out = [pages.sources_index(ctx), pages.actors_index(ctx), pages.events_index(ctx),
           pages.periods_index(ctx), pages.contested_page(ctx), overview.timeline_page(ctx),
           overview.glossary_page(ctx), overview.editorial_page(ctx), downloads_page(files)]
    out += [pages.source_page(ctx, s) for s in corpus.sources]
    out += [pages.actor_page(ctx, a) for a in corpus.actors]
    out += [pages.event_page(ctx, e) for e in corpus.events]
    out += [pages.period_page(ctx, p) for p in corpus.periods]
    out += overview.theme_pages(ctx)
    return tuple(out), {**overview.home_blocks(ctx), **claims_render.blocks(ctx)}
