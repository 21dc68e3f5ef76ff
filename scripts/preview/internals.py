"""Incremental preview: under ``mkdocs serve`` an edit re-renders only the
pages whose output can change (bench/README.md, "Editing loop"). The one
module that touches MkDocs' and Material's private internals; the plugin
talks to the preview only through :class:`Preview` (one per serve session),
which also owns the pipeline's :class:`~scripts.preview.cache.RunCache`.

MkDocs 1.6.1 rebuilds everything after every save: it empties the site
folder, re-renders every page and rewrites every file (about 4 minutes per
save at 1,000 sources). Its ``--dirty`` mode skips files that report
``File.is_modified()`` False, but pages generated in memory always report
True, and a skipped page leaves holes in what the rest of the build reads
from it (its title, table of contents and anchors, its search-index
entries, its tags). This module fills those holes so that a rebuild gives
*exactly* the files a clean build of the same inputs gives
(tests/test_preview.py compares every byte after a series of edits):

* every build under ``mkdocs serve`` is a dirty build (``start`` makes it
  one and hides the warning MkDocs prints about it);
* ``mark_files``: a generated page or data file is unchanged when its
  content (and edit link) equals the previous build's and nothing every
  page depends on changed (``mkdocs.yml``, the theme overrides, the build
  info, the glossary the plugin appends, the files that exist); a
  hand-written page is unchanged when its text, the blocks and files it
  includes and the references it resolves are (``build_dependencies``);
* ``restore_pages``: a skipped page gets back the title, metadata, table of
  contents and anchors of its last rendering, and the tags plugin sees its
  tags in the same order as in a clean build;
* ``remember_page``: what a rendered page must hand to the next build;
* ``merge_search``: the search index gets the skipped pages' entries back,
  in page order, before the search plugin writes it;
* ``finish``: files that are no longer produced are deleted; a build with
  warnings or errors makes the next one complete;
* Python's cyclic garbage collector is paused while a rebuild runs and
  catches up a moment after it (``begin``/``finish``); what survives a
  collection is frozen (``gc.freeze``), so the next one scans only what
  the last rebuild made. A large corpus leaves over a million long-lived
  objects: a full collection after each rebuild fell on the editor's next
  save, while a collection of the young ones is short (measured in
  bench/README.md). A build's pages and files point at each other;
  the collection cuts those links first, so they are freed by reference
  counting, and a full collection runs only when the frozen heap has grown
  by ``REFREEZE_GROWTH``.

Nothing here runs for ``mkdocs build``: a build stays a clean build.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import threading
from collections import defaultdict
from pathlib import Path

import jinja2

from scripts.preview.cache import RunCache

#: The versions whose private internals this module relies on: the
#: ``build`` that ``mkdocs serve`` calls, ``File.is_modified``, the fields a
#: rendered ``Page`` keeps, Material's search index entries and tags
#: mappings. Under any other version the preview is not incremental (every
#: save is a complete build, as in plain MkDocs), and says so in one line;
#: tests/test_preview_versions.py fails when the pins in pyproject.toml move
#: away from these.
SUPPORTED_VERSIONS = {"mkdocs": "1.6.1", "mkdocs-material": "9.8.1"}

log = logging.getLogger("mkdocs.plugins.portal.preview")


def installed_versions() -> dict[str, str | None]:
    """The installed version of each package of SUPPORTED_VERSIONS."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in SUPPORTED_VERSIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def unsupported(installed: dict[str, str | None]) -> str | None:
    """Why the incremental preview cannot run with *installed*, or None."""
    other = [f"{name} {installed.get(name)}" for name, wanted in SUPPORTED_VERSIONS.items()
             if installed.get(name) != wanted]
    if not other:
        return None
    wanted = " and ".join(f"{name} {v}" for name, v in SUPPORTED_VERSIONS.items())
    return (f"portal: the incremental preview is off: it was written for {wanted}, this is "
            f"{', '.join(other)}; every save rebuilds the whole site (scripts/preview/internals.py)")


#: The warning MkDocs logs on every dirty build; in strict mode it would
#: abort every build, so it is dropped while the preview is incremental.
DIRTY_WARNING = "A 'dirty' build is being performed"


def _digest(*parts) -> bytes:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.digest()


def _always(value: bool):
    return lambda: value


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


class _Counter(logging.Handler):
    """Counts warnings and errors of the ``mkdocs`` loggers."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Preview:
    """State kept between the builds of one ``mkdocs serve`` process."""

    def __init__(self):
        self.active = False
        #: What the pipeline keeps from one run to the next (:meth:`run_pipeline`):
        #: None but under ``mkdocs serve``.
        self.cache: RunCache | None = None
        self.pages: dict[str, dict] = {}        # src_uri → what its last rendering left (see remember_page)
        self.keys: dict[str, tuple] = {}        # src_uri → what its output depended on in the last build
        self.dests: set[str] = set()            # every dest_uri of the last successful build
        self.search: dict[str, list] = {}       # page url → its search-index entries
        self.global_key: bytes | None = None
        self.clean = False                      # the last build ended without warnings or errors
        self._new_keys: dict[str, tuple] = {}
        self._bytecode = _Bytecode()
        self._unchanged: set[str] = set()
        self._rendered: set[str] = set()
        self._warnings_before = 0
        self._counter = _Counter()
        self._filter = _DropDirtyWarning()
        self._original_build = None
        self._building = False
        self._gc_lock = threading.Lock()
        self._previous_files: list = []         # the last build's files: their pages are unlinked before a collection
        self._frozen_after_full = 0             # gc.get_freeze_count() after the last full collection

    # ------------------------------------------------------------------ lifecycle

    def start(self, command: str) -> None:
        """``on_startup``: under ``mkdocs serve`` the pipeline keeps what the
        next run can reuse, and every build becomes dirty.

        MkDocs 1.6.1 has no option for this (``--dirty`` is a flag of the
        command line, and its warning aborts a strict build): the ``build``
        that ``mkdocs serve``'s builder calls is wrapped instead. The
        pipeline's cache touches no internals: it is kept under any version."""
        if command != "serve" or self.active:
            return
        self.cache = self.cache or RunCache()
        why_not = unsupported(installed_versions())
        if why_not:
            log.info(why_not)
            return
        import mkdocs.commands.serve as serve_module
        self._original_build = original = serve_module.build

        def dirty_build(config, *, serve_url=None, dirty=False):
            return original(config, serve_url=serve_url, dirty=True)

        serve_module.build = dirty_build
        logging.getLogger("mkdocs.commands.build").addFilter(self._filter)
        logging.getLogger("mkdocs").addHandler(self._counter)
        self.active = True

    def stop(self) -> None:
        """``on_shutdown``: undo ``start``."""
        if not self.active:
            return
        import mkdocs.commands.serve as serve_module
        serve_module.build = self._original_build
        logging.getLogger("mkdocs.commands.build").removeFilter(self._filter)
        logging.getLogger("mkdocs").removeHandler(self._counter)
        self.active = False
        with self._gc_lock:
            self._building = False
            gc.unfreeze()
            gc.enable()

    def run_pipeline(self, run, *args):
        """``run(*args)`` (:func:`scripts.pipeline.run`); under ``mkdocs
        serve`` through the cache (:meth:`RunCache.run`)."""
        return run(*args) if self.cache is None else self.cache.run(run, *args)

    def begin(self) -> None:
        """``on_pre_build``: start counting this build's warnings; no
        garbage collection until the rebuild is visible; free the previous
        build's pages and files."""
        self._warnings_before = self._counter.count
        self._rendered = set()
        if self.active:
            with self._gc_lock:
                self._building = True
                gc.disable()
                previous, self._previous_files = self._previous_files, []
            _unlink_pages(previous)         # if the collection after the last build did not run

    def failed(self) -> None:
        """``on_build_error``: the site folder is in an unknown state."""
        self.clean = False
        self._after_build()

    #: Seconds between the end of a rebuild and the collection it put off:
    #: the browser has reloaded the page by then.
    COLLECT_AFTER = 0.5

    def _after_build(self, now: bool = False) -> None:
        """A build is over: collect *now* (a full collection, before the
        site is first served), else COLLECT_AFTER seconds later."""
        if not self.active:
            return
        with self._gc_lock:
            self._building = False
        if now:
            self._collect(full=True)
            return
        timer = threading.Timer(self.COLLECT_AFTER, self._collect)
        timer.daemon = True
        timer.start()

    #: A full collection (everything unfrozen, then scanned) runs when the
    #: frozen heap has grown by this share since the last one: cycles the
    #: rebuilds leave behind (Jinja environments, navigation sections) are
    #: frozen with the rest and would otherwise never be freed.
    REFREEZE_GROWTH = 0.10

    def _collect(self, full: bool = False) -> None:
        """Free the last build's pages, collect what the rebuild left, then
        freeze the survivors."""
        with self._gc_lock:
            if self._building:          # the next rebuild has started: it collects after itself
                return
            # Freed here, after the rebuild is visible, not when the next one
            # starts (a large site's pages take a moment to free).
            _unlink_pages(self._previous_files)
            self._previous_files = []
            full = full or gc.get_freeze_count() > self._frozen_after_full * (1 + self.REFREEZE_GROWTH)
            if full:
                gc.unfreeze()
            gc.collect()
            gc.freeze()
            if full:
                self._frozen_after_full = gc.get_freeze_count()
            gc.enable()

    # ------------------------------------------------------------------ files

    def mark_files(self, files, config, generated: dict[str, tuple], always: set[str] = frozenset()) -> None:
        """``on_files``, after the generated files were added. *generated*:
        src_uri → the parts its output depends on (content, edit link,
        included blocks and files), for every page and generated data file;
        *always*: pages to re-render anyway (a tags listing depends on the
        tags of other pages).

        Sets ``is_modified`` of those files: False when every part is as in
        the last build (and nothing every page depends on changed). Any
        other page is always re-rendered."""
        if not self.active:
            return
        # Compared as they are, not hashed: the previous build's pages are
        # alive anyway (the plugin keeps them while the pipeline runs again).
        self._new_keys = {src: tuple(parts) for src, parts in generated.items()}
        removed = bool(self.dests - {f.dest_uri for f in files})
        why_not = ("the last build had warnings or errors" if not self.clean else
                   "a file of the last build is no longer produced" if removed else
                   "mkdocs.yml, the theme or what every page shows changed"
                   if self.global_key != self._global_key(config) else None)
        reusable = why_not is None
        if why_not and self.global_key is not None:
            log.info(f"portal: every page is rendered again: {why_not}")
        self._unchanged = set()
        for file in files:
            src = file.src_uri
            if src in self._new_keys:
                same = reusable and src not in always and self.keys.get(src) == self._new_keys[src] and \
                    (not file.is_documentation_page() or src in self.pages)
                if same:
                    self._unchanged.add(src)
                file.is_modified = _always(not same)
            elif file.is_documentation_page():
                file.is_modified = _always(True)

    def _global_key(self, config) -> bytes:
        """What every page's output depends on besides its own Markdown."""
        parts = [Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
                 config.site_url or "", json.dumps(config.extra, sort_keys=True, default=str)]
        custom = config.theme.custom_dir
        if custom and os.path.isdir(custom):
            for path in sorted(Path(custom).rglob("*")):
                if path.is_file():
                    parts += [path.relative_to(custom).as_posix(), path.read_bytes()]
        return _digest(*parts, *self._extra_global)

    _extra_global: tuple = ()

    def depend_on(self, *parts) -> None:
        """Declare inputs every page depends on (for example the glossary
        the plugin appends to every page); call before ``mark_files``."""
        self._extra_global = parts

    # ------------------------------------------------------------------ pages

    def templates(self, env) -> None:
        """``on_env``: MkDocs makes a new Jinja environment for every build and
        compiles Material's templates again; keep their bytecode
        (Jinja checks each template's source against it)."""
        if self.active:
            env.bytecode_cache = self._bytecode

    def restore_pages(self, files, config) -> None:
        """``on_env`` (before the tags plugin's): give every skipped page
        what its last rendering left, and let the tags plugin see the tags
        of every page in page order."""
        if not self.active:
            return
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        for page in pages:
            if page.file.src_uri not in self._unchanged:
                continue
            saved = self.pages[page.file.src_uri]
            page.title = saved["title"]
            page.meta = saved["meta"]
            page.toc = saved["toc"]
            page.present_anchor_ids = saved["anchors"]
            page.links_to_anchors = {files.get_file_from_path(src): links
                                     for src, links in saved["links"].items()} if saved["links"] else saved["links"]
        for plugin in _plugins_with(config, "mappings", "data"):
            data = plugin.mappings.data
            rendered = dict(data)
            data.clear()
            for page in pages:
                if page.file.src_uri in self._unchanged:
                    plugin.mappings.add(page, "")
                elif page.url in rendered:
                    data[page.url] = rendered[page.url]

    def remember_page(self, page) -> None:
        """``on_post_page``: keep what a later build needs if it skips the page."""
        if not self.active:
            return
        links = page.links_to_anchors
        self._rendered.add(page.file.src_uri)
        self.pages[page.file.src_uri] = {
            "title": page.title, "meta": page.meta, "toc": page.toc, "anchors": page.present_anchor_ids,
            "links": {f.src_uri: v for f, v in links.items()} if links else links}

    def merge_search(self, files, config) -> None:
        """``on_post_build``, before the search plugin writes its index:
        put the skipped pages' entries back, in page order."""
        if not self.active:
            return
        for plugin in _plugins_with(config, "search_index", "entries"):
            fresh = defaultdict(list)
            for entry in plugin.search_index.entries:
                fresh[entry["location"].split("#", 1)[0]].append(entry)
            merged, by_page = [], {}
            for file in files.documentation_pages():
                page = file.page
                if page is None:
                    continue
                entries = self.search.get(page.url, []) if file.src_uri in self._unchanged \
                    else fresh.get(page.url, [])
                by_page[page.url] = entries
                merged += entries
            plugin.search_index.entries = merged
            # Material's own dirty mode would append to the previous index.
            plugin.search_index_prev = None
            self.search = by_page

    def finish(self, files, config) -> None:
        """``on_post_build`` (last): delete what is no longer produced;
        remember this build as the base of the next one."""
        if not self.active:
            return
        dests = {f.dest_uri for f in files}
        for dest in sorted(self.dests - dests):
            path = Path(config.site_dir, dest)
            if path.is_file():
                path.unlink()
        first = self.global_key is None
        self.dests = dests
        self.keys = self._new_keys
        self.global_key = self._global_key(config)
        for src in [s for s in self.pages if s not in self.keys and s not in self._rendered]:
            del self.pages[src]
        self.clean = self._counter.count == self._warnings_before
        with self._gc_lock:
            self._previous_files = list(files)
        # The start-up build collects before the site is served: no one
        # waits on a save yet, and a collection deferred now would fall on
        # the editor's first save.
        self._after_build(now=first)


#: The placeholder of a Material tags listing: such a page shows the tags of
#: other pages and is always re-rendered.
TAGS_LISTING = "<!-- material/tags"

#: ``--8<-- "FILE"`` lines of pymdownx.snippets (docs/contributing.md
#: includes CONTRIBUTING.md): the page's output depends on FILE too.
SNIPPET = re.compile(r'^-{1,}8<-{1,}\s+"([^"]+)"', re.M)


def build_dependencies(files, config, result, block, resolve_references) -> tuple[dict, set, tuple]:
    """What each page's and generated file's output depends on, for
    :meth:`Preview.mark_files` and :meth:`Preview.depend_on`: its content
    and edit link, the blocks and files it includes, and (for every page)
    the glossary appended to it and the titles the search attributes name.

    *block*: the pattern of a ``<!-- portal:NAME -->`` block;
    *resolve_references(src_uri, text)*: a hand-written page's text with its
    inline references resolved. Out: (src_uri → parts, the pages always
    re-rendered, the parts every page depends on)."""
    generated = {page.path: [page.markdown, page.edit_path or ""] for page in result.pages}
    for page in result.pages:
        if "<!--" in page.markdown and block.search(page.markdown):
            generated[page.path].append(repr(sorted(result.blocks.items())))
    for item in result.files:
        if item.markdown_target:        # the others are not MkDocs' files (scripts/writer.py)
            generated[item.path] = [item.content]
    for file in files:
        if file.src_uri not in generated and file.is_documentation_page():
            generated[file.src_uri] = _handwritten_parts(file, config, result.blocks, block, resolve_references)
    always = {src for src, parts in generated.items() if isinstance(parts[0], str) and TAGS_LISTING in parts[0]}
    corpus = result.corpus
    everywhere = (*(f"{t.term}\0{t.expansion}" for t in corpus.glossary),
                  *(f"{p.id}\0{p.title}" for p in corpus.periods),
                  *(f"{s.id}\0{s.entry.title}" for s in corpus.sources))
    return generated, always, everywhere


def _handwritten_parts(file, config, blocks, block, resolve_references) -> list:
    """What a hand-written page's output depends on: its text, the blocks it
    includes, the files it includes."""
    text = file.content_string
    parts = [text]
    if block.search(text):
        parts.append(repr(sorted(blocks.items())))
    if "[[" in text:
        # Inline references resolve against the corpus (passage numbers,
        # source names, note numbers): an edit of a source can change them.
        parts.append(resolve_references(file.src_uri, text))
    for name in SNIPPET.findall(text):
        path = Path(config.config_file_path).parent / name
        parts.append(path.read_bytes() if path.is_file() else b"")
    return parts


def _unlink_pages(files) -> None:
    """Cut the links between a finished build's pages and files (page ↔
    file, previous ↔ next, page → section): without cycles they are freed
    as soon as the build is dropped, frozen or not."""
    for file in files:
        page = getattr(file, "page", None)
        if page is None:
            continue
        file.page = None
        for link in ("parent", "previous_page", "next_page"):
            if getattr(page, link, None) is not None:
                setattr(page, link, None)


class _Bytecode(jinja2.BytecodeCache):
    """Compiled templates, in memory, for the life of ``mkdocs serve``."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def _plugins_with(config, attribute: str, member: str) -> list:
    """The plugins that keep state across pages: Material's search
    (``search_index.entries``) and tags (``mappings.data``) plugins. """
    return [plugin for plugin in config.plugins.values() if hasattr(getattr(plugin, attribute, None), member)]
