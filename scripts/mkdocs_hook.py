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
* under ``mkdocs serve`` the other events hand over to
  :mod:`scripts.preview`, which re-renders only the pages an edit changes.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads hooks by file path
    sys.path.insert(0, str(ROOT))

from scripts.buildinfo import build_info  # noqa: E402
from scripts.errors import BuildFailed  # noqa: E402
from scripts.paths import ProjectPaths  # noqa: E402
from scripts.pipeline import run  # noqa: E402
from scripts.preview import Preview  # noqa: E402

log = logging.getLogger("mkdocs.hooks.portal")
BLOCK = re.compile(r"<!--\s*portal:([a-z-]+)\s*-->")
_state: dict = {}
#: One per process: MkDocs loads this hook once and keeps it across the
#: rebuilds of `mkdocs serve`.
_preview = Preview()


def on_config(config, **kwargs):
    paths = ProjectPaths(Path(config.config_file_path).resolve().parent)
    info = build_info(paths.root, site_url=config.site_url, repo_url=config.repo_url)
    _state["paths"], _state["build"] = paths, info
    config.extra["build"] = {"version": info.version, "commit": info.commit, "date": info.date.isoformat(),
                             "date_words": f"{info.date.day} {info.date.strftime('%B %Y')}"}
    return config


def on_startup(command, **kwargs):
    _state["serving"] = command == "serve"
    _preview.start(command)


def on_shutdown(**kwargs):
    _preview.stop()


def on_pre_build(config, **kwargs):
    _preview.begin()
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
    _state["files"] = files
    for page in result.pages:
        # Inclusion is left to mkdocs.yml's `not_in_nav`: entity pages are
        # built and searchable but stay out of the navigation.
        file = File.generated(config, page.path, content=page.markdown)
        file.edit_uri = f"../{page.edit_path}" if page.edit_path else None
        _replace(files, file)
    for generated in result.files:
        _replace(files, File.generated(config, generated.path, content=generated.content))
    _mark_for_preview(files, config, result)
    return files


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
    _preview.depend_on(*(f"{t.term}\0{t.expansion}" for t in result.corpus.glossary))
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
    for name in SNIPPET.findall(text):
        path = Path(config.config_file_path).parent / name
        parts.append(path.read_bytes() if path.is_file() else b"")
    return parts


@event_priority(110)      # before the tags plugin fills its listings (priority 100)
def on_env(env, config, files, **kwargs):
    _preview.templates(env)
    _preview.restore_pages(files, config)
    return env


def on_post_page(output, page, config, **kwargs):
    _preview.remember_page(page)
    return output


@event_priority(100)      # before the search plugin writes its index
def on_post_build(config, **kwargs):
    files = _state.get("files")
    if files is not None:
        _preview.merge_search(files, config)
        _preview.finish(files, config)


def on_build_error(error, **kwargs):
    _preview.failed()


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
    return "\n".join(f"*[{t.term}]: {t.expansion}" for t in glossary if _NOT_ALNUM.sub("", t.term) in flat)
