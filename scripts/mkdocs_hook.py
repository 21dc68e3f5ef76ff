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
* ``on_page_content`` / ``on_post_build``: site search (scripts/search_index.py):
  ranking and filter attributes on each page, then the Pagefind index.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by file path
    sys.path.insert(0, str(ROOT))

from scripts import search_index  # noqa: E402
from scripts.buildinfo import build_info  # noqa: E402
from scripts.errors import BuildFailed  # noqa: E402
from scripts.paths import ProjectPaths  # noqa: E402
from scripts.pipeline import run  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
BLOCK = re.compile(r"<!--\s*portal:([a-z-]+)\s*-->")
_state: dict = {}


def on_config(config, **kwargs):
    paths = ProjectPaths(Path(config.config_file_path).resolve().parent)
    info = build_info(paths.root, site_url=config.site_url, repo_url=config.repo_url)
    _state["paths"], _state["build"] = paths, info
    config.extra["build"] = {"version": info.version, "commit": info.commit, "date": info.date.isoformat(),
                             "date_words": f"{info.date.day} {info.date.strftime('%B %Y')}"}
    return config


def on_startup(command, **kwargs):
    _state["serving"] = command == "serve"


def on_pre_build(config, **kwargs):
    try:
        _state["result"] = run(_state["paths"], _state["build"])
    except BuildFailed as failure:
        if _state.get("serving") and "result" in _state:
            # `mkdocs serve` answers no request after a failed rebuild until a
            # build succeeds ("the server will appear stuck"). Keep the last
            # good result instead, so the preview goes on showing the last
            # good pages, and print the problems outside MkDocs' logger: in
            # strict mode a logged error would fail this build as well.
            for problem in failure.problems:
                print(f"ERROR   -  {problem}", file=sys.stderr, flush=True)
            print(f"ERROR   -  {len(failure.problems)} problem(s) in the sources; the preview still shows "
                  "the last good build. Fix the lines above and save again.", file=sys.stderr, flush=True)
            return
        for problem in failure.problems:
            log.error(str(problem))
        raise PluginError(f"{len(failure.problems)} problem(s) in the sources; nothing was built. "
                          "Fix the lines above and save again.") from None
    corpus = _state["result"].corpus
    open_items = sum(1 for item in corpus.editorial if not item.explanation)
    log.info(f"portal: {len(corpus.sources)} sources, {len(corpus.passages)} passages, "
             f"{len(corpus.actors)} actors, {len(corpus.events)} events; "
             f"editorial queue: {open_items} open (see editors/report.html)")
    for item in corpus.editorial:
        if not item.explanation:
            log.info(f"  editorial queue: {item.kind}: {item.where}: {item.text}")


def on_files(files, config, **kwargs):
    result = _state["result"]
    for page in result.pages:
        # Inclusion is left to mkdocs.yml's `not_in_nav`: entity pages are
        # built and searchable but stay out of the navigation.
        file = File.generated(config, page.path, content=page.markdown)
        file.edit_uri = f"../{page.edit_path}" if page.edit_path else None
        _replace(files, file)
    for generated in result.files:
        _replace(files, File.generated(config, generated.path, content=generated.content))
    return files


def _replace(files, file) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def on_page_markdown(markdown, page, config, files, **kwargs):
    result = _state["result"]
    if BLOCK.search(markdown):
        blocks = result.blocks
        markdown = BLOCK.sub(lambda m: blocks.get(m.group(1), m.group(0)), markdown)
    if result.corpus.glossary:
        # Python-Markdown's abbr extension explains the glossary's
        # abbreviations on hover in the Markdown text of every page (source
        # passages are raw HTML and carry their own <abbr> already).
        definitions = _definitions_for(markdown, result.corpus.glossary)
        if definitions:
            markdown = f"{markdown}\n\n{definitions}\n"
    return markdown


def on_page_content(html, page, **kwargs):
    return search_index.prepare_page(html, page.file.src_uri, _state["result"].corpus)


def on_post_build(config, **kwargs):
    try:
        report = search_index.index_site(Path(config.site_dir), serving=_state.get("serving", False))
    except search_index.SearchIndexError as error:
        raise PluginError(f"search index: {error}") from None
    log.info(f"portal: search index of {report.pages} pages "
             + ("kept from the last build (indexing is slow; `make build` refreshes it)" if report.reused
                else f"in {report.seconds:.1f} s"))


#: Performance (bench/README.md): the abbr extension runs one pattern made of
#: every defined abbreviation over every text of a page; defining all glossary
#: terms on every page made MkDocs' build a third slower (more than the whole
#: pipeline costs). A definition only matters where its term occurs, so a page
#: gets the definitions of the terms whose letters and digits occur in its
#: Markdown (a superset of what abbr can match): the site is byte-identical
#: (bench/checks.py --against compares every file of two builds).
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def _definitions_for(markdown: str, glossary) -> str:
    flat = _NOT_ALNUM.sub("", markdown)
    return "\n".join(f"*[{t.term}]: {t.expansion}" for t in glossary if _NOT_ALNUM.sub("", t.term) in flat)
