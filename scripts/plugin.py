"""The portal's MkDocs plugin (``plugins: [portal]`` in mkdocs.yml; the entry
point ``mkdocs.plugins`` in pyproject.toml). It only wires MkDocs' events to
the modules that do the work, as Material's tags plugin does:

* ``on_config``: build info (version, date) for the templates;
* ``on_pre_build``: run the pipeline (:mod:`scripts.pipeline`); on bad input
  report every ``path:line: message`` and stop *before* MkDocs touches the
  site folder; under ``mkdocs serve`` keep the last good result instead
  (:mod:`scripts.reporting`);
* ``on_files``: add the generated pages and data files in memory
  (``File.generated``: nothing is written into docs/, so no rebuild loop),
  each with the edit link of the YAML or text that produces it; refuse
  hand-written pages with problems (:mod:`scripts.docspages`);
* ``on_page_markdown``: fill blocks, resolve references, define the
  glossary's abbreviations (:mod:`scripts.pagetext`);
* ``on_page_context`` / ``on_post_page``: mark the section of a page that
  is not in the nav (:mod:`scripts.wayfinding`);
* ``on_page_content`` / ``on_post_build``: site search
  (:mod:`scripts.search_index`): ranking and filter attributes on each page,
  then the Pagefind index;
* under ``mkdocs serve`` the other events hand over to
  :class:`scripts.preview.internals.Preview`, which re-renders only the
  pages an edit changes (and keeps what the pipeline's reusable functions
  computed: scripts/reuse.py).

State lives on the plugin instance: MkDocs makes one for ``mkdocs build``
and keeps one for all the rebuilds of ``mkdocs serve`` (a plugin with
``on_startup`` is kept).

Hostile input (``docs/`` comes from pull requests too): a hand-written page
that is a symbolic link, sits at a generated page's path, includes a snippet
other than CONTRIBUTING.md or holds a mistyped portal block fails the build
with ``docs/<page>:<line>:``; what its HTML holds beyond the allow-list of
``scripts/data/docs_html.yml`` is removed by the sanitiser and reported there. Page titles are HTML,
as MkDocs makes them from a ``# heading``: a front matter ``title:`` is
escaped once, and templates print titles as they are or ``| striptags | e``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from scripts import csp, docsource, docspages, pagetext, reporting, search_index, writer
from scripts.buildinfo import build_info
from scripts.dates import day_words
from scripts.errors import BuildFailed, Problem
from scripts.paths import ProjectPaths
from scripts.pipeline import run
from scripts.preview.internals import Preview, build_dependencies
from scripts.renderer import references as references_render
from scripts.renderer.pages import Context
from scripts.wayfinding import SectionMarker

#: Open editorial items named by every build (``make check`` prints them all).
OPEN_ITEMS_LOGGED = 10


class PortalConfig(Config):
    """``plugins: - portal: {…}`` in mkdocs.yml."""

    #: How many open editorial items every build names.
    open_items_logged = c.Type(int, default=OPEN_ITEMS_LOGGED)
    #: Under ``mkdocs serve``, re-render only the pages an edit changes
    #: (false: every save is a complete build).
    incremental_preview = c.Type(bool, default=True)


class PortalPlugin(BasePlugin[PortalConfig]):
    def __init__(self):
        self.serving = False
        self.preview = Preview()
        self.reporter = reporting.Reporter()
        self.sections = SectionMarker()
        self.paths: ProjectPaths | None = None
        self.build_info = None
        self.result = None
        self.files = None
        self.written: dict | None = None         # the data files scripts.writer wrote in the last build
        self._context: tuple | None = None       # (result, its Context)
        self._policy: tuple | None = None        # (result, the sanitiser's allow-list)
        self.deferred_blocks: dict = {}          # hand-written page → its blocks, until sanitised

    # ------------------------------------------------------------ process

    def on_startup(self, command, **kwargs):
        self.serving = self.reporter.serving = command == "serve"
        if self.config.incremental_preview:
            self.preview.start(command)

    def on_shutdown(self, **kwargs):
        self.preview.stop()

    def on_serve(self, server, config, builder, **kwargs):
        server.builder = reporting.keep_serving(server.builder)
        return server

    # ------------------------------------------------------------ build

    def on_config(self, config, **kwargs):
        reporting.strict_whatever_the_verbosity(config)
        self.paths = ProjectPaths(Path(config.config_file_path).resolve().parent)
        self._locate_link_warnings(config)
        config.extra["csp"] = csp.policy(config.theme.dirs)
        info = self.build_info = build_info(self.paths.root, site_url=config.site_url, repo_url=config.repo_url)
        config.extra["build"] = {"version": info.version, "commit": info.commit, "date": info.date.isoformat(),
                                 "date_words": day_words(info.date)}
        return config

    def on_pre_build(self, config, **kwargs):
        if self.serving:
            search_index.stop_background()
        self.preview.begin()
        try:
            self.result = self.preview.run_pipeline(run, self.paths, self.build_info)
        except RecursionError:
            # Should not happen (yamlio bounds nesting); never a traceback, though.
            self.reporter.sources_failed([Problem(
                "sources", 0, "the data is nested too deeply to build; look for a recent change that nests "
                "lists or mappings many levels deep and flatten it")], self.result is not None)
        except BuildFailed as failure:
            self.reporter.sources_failed(failure.problems, self.result is not None)
        self.reporter.begin()
        self.reporter.corpus_summary(self.result.corpus, self.config.open_items_logged)

    def on_files(self, files, config, **kwargs):
        self.files = files
        docs_dir = Path(config.docs_dir)
        for file in list(files):
            from_docs = file.generated_by is None and file.src_dir is not None and (
                Path(file.src_dir).resolve() == docs_dir.resolve())      # not the theme's own files
            if from_docs and self.reporter.docs(
                    docspages.file_problems(docs_dir, file.src_uri, self._display(config, file.src_uri))
                    or docspages.kind_problems(docs_dir, file.src_uri, self._display(config, file.src_uri))):
                files.remove(file)          # never published, even by `mkdocs serve`
        for page in self.result.pages:
            # Inclusion is left to mkdocs.yml's `not_in_nav`: entity pages are
            # built and searchable but stay out of the navigation.
            file = File.generated(config, page.path, content=page.markdown)
            file.edit_uri = f"../{page.edit_path}" if page.edit_path else None
            self._add(files, file, config)
        by_path = {file.src_uri: file for file in files}
        for generated in self.result.files:
            if generated.markdown_target:
                self._add(files, File.generated(config, generated.path, content=generated.content), config)
            elif generated.path in by_path:         # scripts.writer writes it after MkDocs
                self._replace(files, by_path[generated.path], generated.path, config)
        if self.preview.active:
            parts, always, everywhere = build_dependencies(files, config, self.result, pagetext.BLOCK,
                                                           self._resolve_references)
            self.preview.depend_on(*everywhere)
            self.preview.mark_files(files, config, parts, always)
        return files

    @event_priority(110)      # the preview's part runs before the tags plugin fills its listings (100)
    def on_env(self, env, config, files, **kwargs):
        """All pages are rendered, none is written yet: stop on hand-written page problems."""
        self.reporter.stop_on_docs_problems()
        self.preview.templates(env)
        self.preview.restore_pages(files, config)
        return env

    def on_page_read_source(self, page, config, **kwargs):
        """A hand-written page's text, checked before MkDocs parses its front
        matter and Markdown (:mod:`scripts.docsource`)."""
        if page.file.generated_by is not None:
            return None
        display = self._display(config, page.file.src_uri)
        source, problems = docsource.read_page(Path(page.file.abs_src_path), display)
        if source is not None:
            problems = docsource.page_problems(source, display, config.extra.get("page_assets"),
                                               config.markdown_extensions, config.mdx_configs)
        return pagetext.NEUTRALIZED if self.reporter.docs(problems) else source

    def on_page_markdown(self, markdown, page, config, files, **kwargs):
        pagetext.title_as_html(page)
        if page.file.generated_by is None:
            display = self._display(config, page.file.src_uri)
            _body, offset = pagetext.source_body(page)
            if self.reporter.docs(docspages.snippet_problems(markdown, display, offset)
                                  + docspages.block_problems(markdown, display, self.result.blocks, offset)
                                  + docspages.listing_problems(markdown, display, offset)):
                return pagetext.NEUTRALIZED
            # The portal's blocks go in after the sanitiser (on_page_content).
            markdown = docspages.defer_blocks(markdown, page.file.src_uri, self.result.blocks, self.deferred_blocks)
        return pagetext.page_markdown(markdown, page.file.src_uri, self.result, self._renderer_context())

    def on_page_content(self, html, page, config, files, **kwargs):
        if page.file.generated_by is None:
            html = self._sanitized(html, page, config)
        return search_index.prepare_page(html, page.file.src_uri, self.result.corpus,
                                         search_index.excluded_from_search(page.meta))

    def on_page_context(self, context, page, config, nav, **kwargs):
        self.sections.mark(page, nav)
        return context

    def on_post_page(self, output, page, config, **kwargs):
        self.preview.remember_page(page)
        self.sections.clear()
        return output

    @event_priority(100)      # before the search plugin writes its index
    def on_post_build(self, config, **kwargs):
        if self.result is not None:
            self.written = writer.write_files(Path(config.site_dir),
                                              [f for f in self.result.files if not f.markdown_target],
                                              self.written if self.preview.active else None)
        if self.files is not None:
            self.preview.merge_search(self.files, config)
            self.preview.finish(self.files, config)
        # Every page is written by now (the preview's skipped pages included):
        # Pagefind reads the HTML files, not the search plugin's index.
        try:
            report = search_index.index_site(Path(config.site_dir), serving=self.serving)
        except search_index.SearchIndexError as error:
            raise PluginError(f"search index: {error}") from None
        if not report.background:
            reporting.log.info(f"portal: search index of {report.pages} pages in {report.seconds:.1f} s")

    def on_build_error(self, error, **kwargs):
        self.written = None             # the site folder is in an unknown state
        self.preview.failed()

    # ------------------------------------------------------------ helpers

    def _display(self, config, src_uri: str) -> str:
        return self.paths.display(Path(config.docs_dir) / src_uri)

    def _sanitized(self, html: str, page, config) -> str:
        """What a hand-written page publishes: the sanitiser's output
        (:mod:`scripts.sanitize`), each removal reported at its line."""
        if self._policy is None or self._policy[0] is not self.result:
            urls = [source.entry.url for source in self.result.corpus.sources]
            self._policy = (self.result, docspages.page_policy(config.site_url, config.repo_url, urls,
                                                               self.result.blocks.values()))
        body, offset = pagetext.source_body(page)
        html, problems = docspages.sanitized_page(html, body, self._display(config, page.file.src_uri),
                                                  self._policy[1], offset)
        self.reporter.docs(problems)
        docspages.sanitize_titles(page)
        return docspages.insert_blocks(html, page.file.src_uri, self.deferred_blocks)

    def _locate_link_warnings(self, config) -> None:
        """MkDocs' link warnings name a hand-written page's line (once per process)."""
        pages_log = logging.getLogger("mkdocs.structure.pages")
        for old in [f for f in pages_log.filters if isinstance(f, docspages.LocatedLinkWarnings)]:
            pages_log.removeFilter(old)
        pages_log.addFilter(docspages.LocatedLinkWarnings(Path(config.docs_dir), self.paths.display))

    def _renderer_context(self) -> Context:
        """The renderer's indexes of the current build (made once per build)."""
        if self._context is None or self._context[0] is not self.result:
            self._context = (self.result, Context(self.result.corpus))
        return self._context[1]

    def _resolve_references(self, src_uri: str, text: str) -> str:
        return references_render.resolve_markdown(self._renderer_context(), src_uri, text)

    def _add(self, files, file, config) -> None:
        """Add a generated *file*, replacing one of the same path."""
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            self._replace(files, existing, file.src_uri, config)
        files.append(file)

    def _replace(self, files, existing, path: str, config) -> None:
        """Remove *existing*, which has the *path* of a generated file."""
        if existing.generated_by is None:
            # A hand-written page would silently replace (or be replaced by)
            # a generated one: docs/timeline.md, docs/actors/iraq.md …
            self.reporter.docs([Problem(self._display(config, existing.src_uri), 1, "this hand-written page "
                                        f"has the path of a page the portal generates ({path}); "
                                        "rename or move it")])
        files.remove(existing)
