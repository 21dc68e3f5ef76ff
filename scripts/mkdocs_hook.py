"""The thin MkDocs hook (``hooks:`` in mkdocs.yml). It only wires events to
the pipeline, as Material's tags plugin's ``plugin.py`` does:

* ``on_config``: build info (version, date) for the templates;
* ``on_pre_build``: run the pipeline; on bad input print every
  ``path:line: message`` and stop *before* MkDocs touches the site folder,
  so the previous site stays as it was; under ``mkdocs serve`` keep the last
  good result instead, so the preview keeps serving the last good pages;
* ``on_files``: add the generated pages and data files in memory
  (``File.generated``: nothing is written into docs/, so no rebuild loop),
  each with the edit link of the YAML or text that produces it;
* ``on_page_markdown``: fill ``<!-- portal:NAME -->`` blocks of hand-written
  pages and define the glossary's abbreviations for every page;
* under ``mkdocs serve`` the other events also hand over to
  :mod:`scripts.preview`, which re-renders only the pages an edit changes.
* ``on_page_content`` / ``on_post_build``: site search (scripts/search_index.py):
  ranking and filter attributes on each page, then the Pagefind index.

Hostile input (``docs/`` comes from pull requests too, see
``scripts/docspages.py``): a hand-written page that is a symbolic link, sits at
a generated page's path, includes a snippet other than CONTRIBUTING.md, holds a
mistyped portal block or renders a script fails the build with
``docs/<page>:<line>:``. Page titles are HTML, as MkDocs makes them from a
``# heading``: a front matter ``title:`` is escaped once here, and templates
print titles as they are or ``| striptags | e``. ``--strict`` counts warnings
whatever the verbosity (``--quiet`` hid them: mkdocs#4126), and under
``mkdocs serve`` no failure stops the server from answering.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import meta as front_matter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by file path
    sys.path.insert(0, str(ROOT))

# search_index is not bound under its own name: MkDocs registers this module
# as a plugin, and scripts/preview.py finds Material's search plugin by an
# attribute of that name.
from scripts import docspages, runcache  # noqa: E402
from scripts import search_index as site_search  # noqa: E402
from scripts.buildinfo import build_info  # noqa: E402
from scripts.errors import BuildFailed, Problem  # noqa: E402
from scripts.escaping import abbr_definition  # noqa: E402
from scripts.paths import ProjectPaths  # noqa: E402
from scripts.pipeline import run  # noqa: E402
from scripts.preview import Preview  # noqa: E402
from scripts.renderer import references as references_render  # noqa: E402
from scripts.renderer.pages import Context  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
BLOCK = re.compile(r"<!--\s*portal:([a-z-]+)\s*-->")
_state: dict = {}
#: One per process: MkDocs loads this hook once and keeps it across the
#: rebuilds of `mkdocs serve`.
_preview = Preview()


def on_config(config, **kwargs):
    _strict_whatever_the_verbosity(config)
    paths = ProjectPaths(Path(config.config_file_path).resolve().parent)
    info = build_info(paths.root, site_url=config.site_url, repo_url=config.repo_url)
    _state["paths"], _state["build"] = paths, info
    config.extra["build"] = {"version": info.version, "commit": info.commit, "date": info.date.isoformat(),
                             "date_words": f"{info.date.day} {info.date.strftime('%B %Y')}"}
    return config


def _strict_whatever_the_verbosity(config) -> None:
    """``--quiet`` raises the ``mkdocs`` logger to ERROR, so the warnings that
    ``--strict`` counts were never emitted and a strict build passed with
    broken links (mkdocs#4126). In strict mode warnings are let through
    again (and shown: they are what fails the build)."""
    logger = logging.getLogger("mkdocs")
    if config.strict and logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)


def on_startup(command, **kwargs):
    _state["serving"] = command == "serve"
    # A long-running process keeps what the next rebuild can reuse (scripts/runcache.py).
    runcache.keep_between_runs(command == "serve")
    _preview.start(command)


def on_shutdown(**kwargs):
    _preview.stop()


def on_serve(server, config, builder, **kwargs):
    """Under ``mkdocs serve`` a rebuild that raises leaves every request
    waiting until a build succeeds ("the server will appear stuck") and
    prints a traceback. The server's builder is wrapped: a failed rebuild
    is reported in one line and the server goes on answering (a problem in
    ``sources/`` keeps the last good pages, see :func:`on_pre_build`)."""
    server.builder = _keep_serving(server.builder)
    return server


def _keep_serving(builder):
    def guarded(*args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except (Exception, SystemExit) as error:    # click's Abort, PluginError, anything
            print(f"ERROR   -  the rebuild failed: {str(error).strip() or type(error).__name__}; the preview "
                  "goes on answering. Fix the lines above and save again (`make build` fails until then).",
                  file=sys.stderr, flush=True)
    return guarded


#: Open editorial items printed by every build (``make check`` prints them
#: all). A corpus mid-import can have thousands: 22,000 lines after every
#: save at 1000 synthetic sources cost the preview about a second.
OPEN_ITEMS_LOGGED = 10


def on_pre_build(config, **kwargs):
    if _state.get("serving"):
        site_search.stop_background()
    _preview.begin()
    try:
        _state["result"] = run(_state["paths"], _state["build"])
    except RecursionError:
        # Should not happen (yamlio bounds nesting); never a traceback, though.
        _fail_or_keep([Problem("sources", 0, "the data is nested too deeply to build; look for a recent "
                               "change that nests lists or mappings many levels deep and flatten it")])
    except BuildFailed as failure:
        _fail_or_keep(failure.problems)
    _state["docs_problems"] = []
    corpus = _state["result"].corpus
    open_items = [item for item in corpus.editorial if not item.explanation]
    log.info(f"portal: {len(corpus.sources)} sources, {len(corpus.passages)} passages, "
             f"{len(corpus.actors)} actors, {len(corpus.events)} events; "
             f"editorial queue: {len(open_items)} open (see editors/report.html)")
    for item in open_items[:OPEN_ITEMS_LOGGED]:
        log.info(f"  editorial queue: {item.kind}: {item.where}: {item.text}")
    if len(open_items) > OPEN_ITEMS_LOGGED:
        log.info(f"  editorial queue: … and {len(open_items) - OPEN_ITEMS_LOGGED:,} more: `make check` lists "
                 "them all, editors/report.html shows them")


def _fail_or_keep(problems) -> None:
    """Problems in ``sources/``. ``mkdocs build``: log each and stop before
    MkDocs touches the site folder. ``mkdocs serve`` with a good result
    already: print them and keep the last good result, so the preview goes
    on showing the last good pages (printed outside MkDocs' logger: in
    strict mode a logged error would fail this build as well)."""
    if _state.get("serving") and "result" in _state:
        for problem in problems:
            print(f"ERROR   -  {problem}", file=sys.stderr, flush=True)
        print(f"ERROR   -  {len(problems)} problem(s) in the sources; the preview still shows "
              "the last good build. Fix the lines above and save again.", file=sys.stderr, flush=True)
        return
    for problem in problems:
        log.error(str(problem))
    raise PluginError(f"{len(problems)} problem(s) in the sources; nothing was built. "
                      "Fix the lines above and save again.") from None


def _docs_problem(problems) -> bool:
    """Problems in a hand-written page: logged as errors (the build stops in
    :func:`on_env`, before anything is written), or under ``mkdocs serve``
    printed while the page is neutralized. True when there were any."""
    for problem in problems:
        if _state.get("serving"):
            print(f"ERROR   -  {problem}", file=sys.stderr, flush=True)
        else:
            log.error(str(problem))
        _state.setdefault("docs_problems", []).append(problem)
    return bool(problems)


def _docs_display(config, src_uri: str) -> str:
    return _state["paths"].display(Path(config.docs_dir) / src_uri)


def on_files(files, config, **kwargs):
    result = _state["result"]
    _state["files"] = files
    docs_dir = Path(config.docs_dir)
    for file in list(files):
        if file.generated_by is None and _docs_problem(
                docspages.file_problems(docs_dir, file.src_uri, _docs_display(config, file.src_uri))):
            files.remove(file)          # never published, even by `mkdocs serve`
    for page in result.pages:
        # Inclusion is left to mkdocs.yml's `not_in_nav`: entity pages are
        # built and searchable but stay out of the navigation.
        file = File.generated(config, page.path, content=page.markdown)
        file.edit_uri = f"../{page.edit_path}" if page.edit_path else None
        _replace(files, file, config)
    for generated in result.files:
        _replace(files, File.generated(config, generated.path, content=generated.content), config)
    _mark_for_preview(files, config, result)
    return files


def _context(result) -> Context:
    """The renderer's indexes of the current build (made once per build)."""
    if _state.get("context_of") is not result:
        _state["context"], _state["context_of"] = Context(result.corpus), result
    return _state["context"]


def _mark_for_preview(files, config, result) -> None:
    """Tell the incremental preview what each page's and generated file's
    output depends on: its content and edit link, the blocks and files it
    includes, and (for every page) the glossary appended to it."""
    if not _preview.active:
        return
    generated = {page.path: [page.markdown, page.edit_path or ""] for page in result.pages}
    for page in result.pages:
        if "<!--" in page.markdown and BLOCK.search(page.markdown):
            generated[page.path].append(repr(sorted(result.blocks.items())))
    for item in result.files:
        generated[item.path] = [item.content]
    for file in files:
        if file.src_uri not in generated and file.is_documentation_page():
            generated[file.src_uri] = _handwritten_parts(file, config, result.blocks)
    # A tags listing shows the tags of other pages: always re-rendered.
    always = {src for src, parts in generated.items() if isinstance(parts[0], str) and TAGS_LISTING in parts[0]}
    # The search attributes on_page_content adds name each page's periods
    # and sources (scripts/search_index.py): their titles matter to every page.
    _preview.depend_on(*(f"{t.term}\0{t.expansion}" for t in result.corpus.glossary),
                       *(f"{p.id}\0{p.title}" for p in result.corpus.periods),
                       *(f"{s.id}\0{s.entry.title}" for s in result.corpus.sources))
    _preview.mark_files(files, config, generated, always)


TAGS_LISTING = "<!-- material/tags"


#: ``--8<-- "FILE"`` lines of pymdownx.snippets (docs/contributing.md
#: includes CONTRIBUTING.md): the page's output depends on FILE too.
SNIPPET = re.compile(r'^-{1,}8<-{1,}\s+"([^"]+)"', re.M)


def _handwritten_parts(file, config, blocks) -> list:
    """What a hand-written page's output depends on: its text, the blocks it
    includes, the files it includes."""
    text = file.content_string
    parts = [text]
    if BLOCK.search(text):
        parts.append(repr(sorted(blocks.items())))
    if "[[" in text:
        # Inline references resolve against the corpus (passage numbers,
        # source names, note numbers): an edit of a source can change them.
        parts.append(references_render.resolve_markdown(_context(_state["result"]), file.src_uri, text))
    for name in SNIPPET.findall(text):
        path = Path(config.config_file_path).parent / name
        parts.append(path.read_bytes() if path.is_file() else b"")
    return parts


def on_post_page(output, page, config, **kwargs):
    _preview.remember_page(page)
    return output


@event_priority(100)      # before the search plugin writes its index
def on_post_build(config, **kwargs):
    files = _state.get("files")
    if files is not None:
        _preview.merge_search(files, config)
        _preview.finish(files, config)
    # Every page is written by now (the preview's skipped pages included):
    # Pagefind reads the HTML files, not the search plugin's index.
    _index_for_search(config)


def on_build_error(error, **kwargs):
    _preview.failed()


def _replace(files, file, config) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        if existing.generated_by is None:
            # A hand-written page would silently replace (or be replaced by)
            # a generated one: docs/timeline.md, docs/actors/iraq.md …
            _docs_problem([Problem(_docs_display(config, existing.src_uri), 1, "this hand-written page has the "
                                   f"path of a page the portal generates ({file.src_uri}); rename or move it")])
        files.remove(existing)
    files.append(file)


@event_priority(110)      # the preview's part runs before the tags plugin fills its listings (100)
def on_env(env, config, files, **kwargs):
    """All pages are rendered, none is written yet: stop on hand-written page problems."""
    problems = _state.get("docs_problems") or []
    if problems and not _state.get("serving"):
        raise PluginError(f"{len(problems)} problem(s) in docs/; nothing was built. Fix the lines above.")
    _preview.templates(env)
    _preview.restore_pages(files, config)
    return env


def on_page_markdown(markdown, page, config, files, **kwargs):
    result = _state["result"]
    _title_as_html(page)
    if page.file.generated_by is None:
        display = _docs_display(config, page.file.src_uri)
        _body, offset = _source_body(page)
        if _docs_problem(docspages.snippet_problems(markdown, display, offset)
                         + docspages.block_problems(markdown, display, result.blocks, offset)):
            return _NEUTRALIZED
    if BLOCK.search(markdown):
        blocks = result.blocks
        markdown = BLOCK.sub(lambda m: blocks.get(m.group(1), m.group(0)), markdown)
    if "[[" in markdown:
        # Inline references of the editors' prose ([[source-id/pN, note:id]]),
        # checked by the pipeline's claims stage, become links.
        markdown = references_render.resolve_markdown(_context(result), page.file.src_uri, markdown)
    if result.corpus.glossary:
        # Python-Markdown's abbr extension explains the glossary's
        # abbreviations on hover in the Markdown text of every page (source
        # passages are raw HTML and carry their own <abbr> already).
        definitions = _definitions_for(markdown, result.corpus.glossary)
        if definitions:
            markdown = f"{markdown}\n\n{definitions}\n"
    return markdown


def _index_for_search(config) -> None:
    try:
        report = site_search.index_site(Path(config.site_dir), serving=_state.get("serving", False))
    except site_search.SearchIndexError as error:
        raise PluginError(f"search index: {error}") from None
    if not report.background:
        log.info(f"portal: search index of {report.pages} pages in {report.seconds:.1f} s")


#: Performance (bench/README.md): the abbr extension runs one pattern made of
#: every defined abbreviation over every text of a page; defining all glossary
#: terms on every page made MkDocs' build a third slower (more than the whole
#: pipeline costs). A definition only matters where its term occurs, so a page
#: gets the definitions of the terms whose letters and digits occur in its
#: Markdown (a superset of what abbr can match): the site is byte-identical
#: (bench/checks.py --against compared every file of two builds; git history, 5b78532).
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def _definitions_for(markdown: str, glossary) -> str:
    flat = _NOT_ALNUM.sub("", markdown)
    return "\n".join(abbr_definition(t.term, t.expansion) for t in glossary
                     if _NOT_ALNUM.sub("", t.term) in flat)


#: What `mkdocs serve` shows instead of a hand-written page with a problem.
_NEUTRALIZED = "!!! failure \"This page has problems\"\n\n    See the messages of `mkdocs serve`.\n"


def _title_as_html(page) -> None:
    """A front matter ``title:`` is text; MkDocs' titles are HTML (from a
    ``# heading``) and templates print them unescaped. Escaped once here (as
    Markup, so that ``| e`` does not escape it twice)."""
    title = page.meta.get("title")
    if title is not None and not isinstance(title, Markup):
        page.meta["title"] = Markup.escape(str(title))


def _source_body(page) -> tuple[str, int]:
    """The Markdown of a hand-written page as written (before blocks and
    abbreviations are added), and the number of front matter lines before it."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return page.markdown or "", 0
    body, _meta = front_matter.get_data(source)
    return body, source.count("\n") - body.count("\n")


def on_page_content(html, page, config, files, **kwargs):
    if page.file.generated_by is None:
        display = _docs_display(config, page.file.src_uri)
        body, offset = _source_body(page)
        if _docs_problem(docspages.markup_problems(html, body, display, offset)):
            return "<p>This page has problems; see the messages of <code>mkdocs serve</code>.</p>"
    return site_search.prepare_page(html, page.file.src_uri, _state["result"].corpus,
                                     site_search.excluded_from_search(page.meta))
