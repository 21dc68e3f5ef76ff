"""Site search: a Pagefind index of the built site.

Why Pagefind and not Material's lunr index: measured side by side in
``bench/README.md`` ("Search"). In short, lunr's index is one file that every
reader downloads and parses before the first result, and it grows with the
corpus; Pagefind splits its index into chunks fetched per query.

What this module does, in build order:

* :func:`prepare_page` (``on_page_content``): tells Pagefind how to rank and
  filter a page, as attributes on the HTML MkDocs renders. The title of the
  page *about* a thing weighs more than a passing mention; each page gets
  filter values (kind, period, theme, source); actor pages get the other
  romanizations of their names (``Husayn`` for Hussein); block elements written
  back to back get a line break between them, so that no search snippet (of
  Pagefind or of lunr) glues the words of two elements ("treatyActors").
* :func:`index_site` (``on_post_build``): runs the Pagefind binary of the
  pinned ``pagefind-bin`` package over the written site; its bundle goes to
  ``pagefind/``. ``overrides/assets/search.js`` drives it from Material's search
  dialog.

Material's lunr index (the ``search`` and ``offline`` plugins) is still built:
Pagefind fetches its chunks and WebAssembly, which browsers refuse from
``file://``, so a copy of the site opened from disk searches with lunr
(``overrides/main.html`` chooses the engine by protocol).
"""

from __future__ import annotations

import atexit
import ctypes
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cbor2

#: What Pagefind indexes: the article only (not the header, navigation or
#: footer), without what is machinery or a copy of text indexed elsewhere.
ROOT_SELECTOR = "article.md-content__inner"
EXCLUDE_SELECTORS = (
    "[data-search-exclude]",    # EDTF details, the timeline's filter form
    ".headerlink",              # the ¶ after every heading
    ".md-content__button",      # "Edit this page"
    ".page-citation",           # "Cite this page": the same words on every page
    # Keyword-in-context excerpts of source passages on actor and theme
    # pages: copies of text whose page (the source's) is indexed in full.
    # Indexed, they outranked the source itself for its own words.
    ".concordance",
)

#: Weight of the title (h1) of a page, by the folder it is in: a reader
#: searching a name or a term wants the page about it first. Pagefind's own
#: weights are 7 for an h1, 1 for body text. Periods and actors are the
#: "page about" a war, a pact or a person; an event whose title names them
#: comes next.
TITLE_WEIGHTS = {"actors": 10.0, "periods": 10.0, "themes": 9.0, "events": 8.0}

#: Kind of page, for the kind filter, by folder; anything else is "Page".
KINDS = {"sources": "Source", "actors": "Actor", "events": "Event", "periods": "Period",
         "themes": "Theme"}

#: Pages written for editors (the editorial report, the guide for editors):
#: their kind is EDITORS_KIND, which overrides/assets/search.js leaves out of a
#: reader's results unless the kind filter asks for it. A folder ends in "/".
EDITOR_PAGES = ("editors/", "contributing.md")
EDITORS_KIND = "For editors"

#: Blocks of labels and links (an event's When/Period/Actors/Themes, an
#: actor's "What links here"): their words stay searchable, but a snippet
#: made of them reads as field soup ("When 2003 Period The 2003 invasion …
#: Actors Russia, …"). Pagefind ignores the block where it stands and
#: indexes its text at the end of the page, where a snippet comes from only
#: when those words are all that matched.
FIELD_BLOCKS = re.compile(r'<dl class="(?:event-facts|backlinks)"[^>]*>.*?</dl>', re.S)
_TAG = re.compile(r"<[^>]+>")
_H2 = re.compile(r"<h2\b")
_DD = re.compile(r"<dd\b[^>]*>(.*?)</dd>", re.S)
_EXCLUDED_PART = re.compile(r"<(\w+)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\1>", re.S)

_BLOCK = r"(?:address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|li|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)"
_GLUED = re.compile(rf"(</{_BLOCK}>)(?=<{_BLOCK}\b)")
_FIRST_H1 = re.compile(r"<h1\b")


class SearchIndexError(Exception):
    """Pagefind failed; the message says what it printed."""


# ----------------------------------------------------------------- pages


def page_facts(corpus) -> dict[str, list[tuple[str, str]]]:
    """Filter values of every generated page: ``{"events/x.md": [("period",
    "The Iran–Iraq War"), ("theme", "War"), ("source", "Mahmoudian (2021)")]}``.

    Events: their period, themes and the sources they cite; periods, themes
    and sources: themselves. (A page's filters come only from what the page
    shows, so that the incremental preview, which re-renders a page when what
    it shows changes, keeps them right.)"""
    from scripts.renderer.pages import Context, theme_label
    from scripts.urls import page_path

    ctx = Context(corpus)
    facts: dict[str, list[tuple[str, str]]] = {}

    def add(path: str, key: str, value: str) -> None:
        values = facts.setdefault(path, [])
        if (key, value) not in values:
            values.append((key, value))

    for period in corpus.periods:
        add(page_path("period", period.id), "period", period.title)
    for event in corpus.events:
        here = page_path("event", event.id)
        period = ctx.periods.get(event.period_id)
        themes = [theme_label(tag) for tag in event.tags]
        for tag, theme in zip(event.tags, themes, strict=True):
            add(page_path("theme", tag), "theme", theme)
        sources = list(dict.fromkeys(c.source_id for c in event.citations))
        if period:
            add(here, "period", period.title)
        for theme in themes:
            add(here, "theme", theme)
        for source_id in sources:
            add(here, "source", ctx.source_short(source_id))
    for source in corpus.sources:
        add(page_path("source", source.id), "source", ctx.source_short(source.id))
    return facts


#: Dashes and spaces between the words of a name.
_NAME_WORDS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def actor_spellings(corpus) -> dict[str, list[str]]:
    """Other romanizations and scripts of the words of each actor's names,
    from the folding table (``scripts/data/folding.yml``) the name matcher
    uses: ``{"actors/saddam-hussein.md": ["Saddam", "Saddām", "Саддам", …,
    "Husayn", "Hussein", …]}``. Indexed on the actor's page, so that a
    reader who types "Husayn" or "Kassem" finds Saddam Hussein and Abd
    al-Karim Qasim, whatever the page writes."""
    from scripts.folding import default_folding
    from scripts.urls import page_path

    folding = default_folding()
    group_of = {}
    for group in folding.groups:
        for spelling in group:
            group_of.setdefault(folding.fold_word(spelling), group)
    spellings = {}
    for actor in corpus.actors:
        found: list[str] = []
        for name in (actor.name, *actor.aliases, *(text for _lang, text in actor.native_names)):
            for word in _NAME_WORDS.split(name):
                for spelling in group_of.get(folding.fold_word(word), ()):
                    if spelling not in found:
                        found.append(spelling)
        if found:
            spellings[page_path("actor", actor.id)] = found
    return spellings


#: The words of a name or title, for the search's vocabulary: letters and
#: digits, with apostrophes inside a word kept (Ba'ath, Shi'a).
_VOCABULARY_WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc\u02bf\u02be][^\W_]+)*")
SEARCH_RULES = Path(__file__).resolve().parent / "data" / "search.yml"


def search_terms(corpus) -> dict:
    """What overrides/assets/search.js needs to forgive a query, as
    ``data/search-terms.json`` (schema: ``search-terms.schema.json``):

    * ``names``: the portal's own names, as written: actors with their
      aliases and names in other scripts, periods, themes, glossary terms and
      their expansions. A correction that spells one of them is shown as it
      ("Did you mean Saddam Hussein?").
    * ``words``: every word of those names, of the other romanizations the
      actor pages are indexed under, and of event and source titles, with how
      many of those names and titles use it (a correction prefers the common
      word among equally close ones).
    * ``stop_words``: from ``scripts/data/search.yml``.

    Read by the browser only when a query finds no page with all its words,
    or a word of it is rare (a typo?): never before an ordinary first result."""
    import yaml

    from scripts.renderer.pages import theme_label

    names: set[str] = set()
    for actor in corpus.actors:
        names.update((actor.name, *actor.aliases, *(text for _lang, text in actor.native_names)))
    names.update(period.title for period in corpus.periods)
    names.update(theme_label(tag) for event in corpus.events for tag in event.tags)
    for term in corpus.glossary:
        names.update((term.term, term.expansion))
    names = {" ".join(name.split()) for name in names if name and name.strip()}
    titles = [*names, *(event.title for event in corpus.events), *(source.entry.title or "" for source in corpus.sources),
              *(" ".join(spellings) for spellings in actor_spellings(corpus).values())]
    words: dict[str, int] = {}
    for title in titles:
        if not title:           # an unfinished catalog entry has no title yet
            continue
        for word in set(_VOCABULARY_WORD.findall(title)):
            words[word] = words.get(word, 0) + 1
    rules = yaml.safe_load(SEARCH_RULES.read_text(encoding="utf-8"))
    return {"names": sorted(names), "stop_words": sorted(set(rules["stop_words"].split())),
            "words": dict(sorted(words.items()))}


_facts_cache: dict = {}


def prepare_page(markup: str, src_uri: str, corpus, excluded: bool = False) -> str:
    """The HTML of one page (``src_uri`` as ``events/x.md``) with Pagefind's
    title weight and filters added and glued block elements separated; a
    page *excluded* from search (``search: exclude: true`` in its front
    matter: the continuation pages of long lists, the editorial report after
    its first page) is left out of Pagefind's index too."""
    if excluded:
        return mark_page(markup, src_uri, (), None, excluded=True)
    if _facts_cache.get("corpus") is not corpus:
        _facts_cache.update(corpus=corpus, facts=page_facts(corpus), spellings=actor_spellings(corpus))
    return mark_page(markup, src_uri, _facts_cache["facts"].get(src_uri, ()), _facts_cache["spellings"].get(src_uri))


def excluded_from_search(meta: dict) -> bool:
    """Does a page's front matter leave it out of search (``search: exclude: true``)?"""
    search = meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True


def mark_page(markup: str, src_uri: str, page_facts_of: tuple | list, spellings: list | None,
              excluded: bool = False) -> str:
    """:func:`prepare_page` with the page's facts (``(filter, value)`` pairs)
    and search spellings given (bench/probe.py's MkDocs-alone build uses it
    with the facts the pipeline computed)."""
    if excluded:
        # A page whose whole content Pagefind ignores is not indexed at all
        # (in a large corpus the concordance parts of an actor filled the
        # first results for the actor's name, and their fragments the bytes).
        return f'<div data-pagefind-ignore="all">{markup}</div>'
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
    markup = _GLUED.sub(r"\1\n", markup)
    weight = TITLE_WEIGHTS.get(folder)
    if weight is not None:
        markup = _FIRST_H1.sub(f'<h1 data-pagefind-weight="{weight:g}"', markup, count=1)
    fields: list[str] = []

    def ignore_fields(match: re.Match) -> str:
        block = _EXCLUDED_PART.sub(" ", match.group(0))
        # The values only: the labels (When, Period, Actors) are not what a
        # reader searches, and would make such a snippet a form again.
        for value in _DD.findall(block):
            text = " ".join(html.unescape(_TAG.sub(" ", value)).split())
            if text:
                fields.append(text if text[-1] in ".!?" else text + ".")
        return match.group(0).replace("<dl ", "<dl data-pagefind-ignore ", 1)

    markup = FIELD_BLOCKS.sub(ignore_fields, markup)
    if folder in KINDS:
        # The section headings of a generated page are the layout's labels
        # ("What the sources say", "What links here"): not what a reader
        # searches, and in a snippet they read as a form.
        markup = _H2.sub("<h2 data-pagefind-ignore", markup)
    if fields:
        markup += ('<span hidden data-pagefind-index-attrs="data-fields" data-fields="'
                   + html.escape(" ".join(fields)) + '"></span>')
    editors = any(src_uri == p or (p.endswith("/") and src_uri.startswith(p)) for p in EDITOR_PAGES)
    facts = [("kind", EDITORS_KIND if editors else KINDS.get(folder, "Page")), *page_facts_of]
    # Empty elements: the value is in an attribute, so it is not indexed as text.
    spans = "".join(f'<span hidden data-pagefind-filter="{key}[data-value]" data-value="{html.escape(value)}"></span>'
                    for key, value in facts)
    if spellings:
        # Indexed (data-pagefind-index-attrs) but not shown; last, so that
        # Pagefind's excerpt shows them only when they are what matched.
        markup += ('<span hidden data-pagefind-index-attrs="data-spellings" data-spellings="'
                   + html.escape(" ".join(spellings)) + '"></span>')
    # How many words the page's text ends with that are these lists (words
    # as Pagefind counts them: split at white space). search.js makes a
    # snippet from the page's own sentences when Pagefind's is in them:
    # "Alexei Kosygin · Andrej Kreutz · Arab nationalism" read as a form.
    tail = len(" ".join(fields).split()) + (len(" ".join(spellings).split()) if spellings else 0)
    if tail:
        spans += f'<span hidden data-pagefind-meta="tail:{tail}"></span>'
    return spans + markup


# ----------------------------------------------------------------- indexing


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    background: bool = False


def pagefind_binary() -> Path:
    """The Pagefind executable shipped in the ``pagefind-bin`` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("the pagefind-bin package is not installed: run `make install`") from None
    return Path(get_executable())


def pagefind_command(site_dir: Path) -> list[str]:
    command = [str(pagefind_binary()), "--site", str(site_dir), "--root-selector", ROOT_SELECTOR,
               # Result URLs end in index.html, like every link of the site
               # (use_directory_urls: false, so that it works from disk).
               "--keep-index-url", "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


_background: dict = {}


def index_site(site_dir: Path, *, serving: bool = False) -> IndexReport:
    """Write Pagefind's bundle into ``site_dir/pagefind``.

    Under ``mkdocs serve`` (``serving``) the index is written in a background
    thread: MkDocs holds every page request until a rebuild is done, and the
    preview should not wait for the search index (which grows with the
    site). An indexing still running when the next rebuild
    starts is stopped first (its index would be stale); for the few seconds
    until the new one is written, search in the preview finds nothing."""
    site_dir = Path(site_dir)
    if not serving:
        return _index(site_dir)
    stop_background()
    if not _background.get("watched"):
        atexit.register(stop_background)
        _stop_on_sigterm()
        _background["watched"] = True
    thread = threading.Thread(target=_index_quietly, args=(site_dir,), name="pagefind", daemon=True)
    thread.start()
    return IndexReport(0, 0.0, background=True)


def stop_background() -> None:
    """Stop an indexing still running in the background (``on_pre_build``
    of the next rebuild: its index would be stale, and on a 2-core machine
    it takes the CPU the rebuild needs; and at exit). The indexer runs in a
    process group of its own, and the whole group is stopped."""
    previous = _background.get("process")
    if previous is not None and previous.poll() is None:
        try:
            os.killpg(previous.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            previous.terminate()


def _dies_with_the_server() -> None:
    """Run in the background indexer before it starts: a process group of
    its own (stopped whole by :func:`stop_background`, which also runs at
    the server's exit, Ctrl-C or SIGTERM included), and on Linux a SIGTERM
    from the kernel when the server dies in any way, SIGKILL included
    (``prctl(PR_SET_PDEATHSIG)``): no Pagefind is left behind."""
    os.setpgrp()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass


_PR_SET_PDEATHSIG = 1


def _stop_on_sigterm() -> None:
    """Under ``mkdocs serve`` SIGTERM ends the server as Ctrl-C does (its
    default ends Python at once, without :mod:`atexit`)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda signum, frame: (stop_background(), sys.exit(128 + signum)))


def _index_quietly(site_dir: Path) -> None:
    try:
        report = _index(site_dir, keep=_background)
    except SearchIndexError as error:
        print(f"WARNING -  search index not written: {error}", file=sys.stderr, flush=True)
        return
    if report.pages:
        print(f"INFO    -  portal: search index of {report.pages} pages in {report.seconds:.1f} s",
              file=sys.stderr, flush=True)


def _index(site_dir: Path, keep: dict | None = None) -> IndexReport:
    started = time.perf_counter()
    # An incremental build does not empty the site folder: chunks of the
    # last index would stay beside the new ones (files are named by content).
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    try:
        # In the background (mkdocs serve) the indexer runs at a lower
        # priority than the server, which may be rebuilding already.
        nice = shutil.which("nice") if keep is not None else None
        process = subprocess.Popen(([nice, "-n", "10"] if nice else []) + pagefind_command(site_dir),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   preexec_fn=_dies_with_the_server if keep is not None else None)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from None
    if keep is not None:
        keep["process"] = process
    output, _ = process.communicate(timeout=3600)
    if process.returncode != 0:
        if keep is not None and process.returncode < 0:
            return IndexReport(0, 0.0)           # stopped for a newer rebuild
        raise SearchIndexError(f"Pagefind failed ({process.returncode}):\n{output[-3000:]}")
    bundle = site_dir / "pagefind"
    canonical_filters(bundle)
    pages = sum(1 for _ in (bundle / "fragment").iterdir()) if (bundle / "fragment").is_dir() else 0
    return IndexReport(pages, time.perf_counter() - started)


# ----------------------------------------------------------------- determinism
#
# Pagefind 1.5.2 writes the values of each filter in hash-map order, which
# changes from run to run, and names every file after a hash of its content:
# two builds of the same site differed in pagefind/filter/*, in the metadata
# file that lists them and in pagefind-entry.json. canonical_filters()
# writes those three again in a fixed order (values and filters sorted by
# name); everything else Pagefind writes is used as it comes (it was
# byte-identical over repeated builds; tests/test_search.py builds twice and
# compares). The files are Pagefind's private format: gzip of a signature
# and CBOR (RFC 8949), read and written with cbor2. PAGEFIND_VERSION is the
# version this was written for: a bundle of another version is an error that
# says so, and tests/test_search.py fails when the pinned pagefind-bin is
# not this version.

PAGEFIND_VERSION = "1.5.2"
_SIGNATURE = b"pagefind_dcd"


def canonical_filters(bundle: Path) -> None:
    """Sort the filter files of a Pagefind bundle and rename them (and the
    metadata file that lists them) after their new content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != PAGEFIND_VERSION:
        raise SearchIndexError(f"Pagefind {entry.get('version')} wrote the index; scripts/search_index.py "
                               f"sorts the filters of Pagefind {PAGEFIND_VERSION}'s format: check that format "
                               "and PAGEFIND_VERSION, or install the pinned pagefind-bin (`make install`)")
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = []
        for name, file_hash in sorted(meta[3]):
            path = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read(path)
            values = sorted(([value, sorted(pages)] for value, pages in values), key=lambda v: v[0])
            new_hash = _write(bundle / "filter", f"{language}_", 7, ".pf_filter", [filter_name, values])
            if new_hash != file_hash:
                path.unlink()
            renamed.append([name, new_hash])
        meta[3] = renamed
        new_meta = _write(bundle, f"pagefind.{language}_", 10, ".pf_meta", meta)
        if new_meta != info["hash"]:
            meta_path.unlink()
        info["hash"] = new_meta
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"{path}: not a Pagefind {path.suffix} file (unknown Pagefind version?)")
    try:
        return cbor2.loads(data[len(_SIGNATURE):])
    except cbor2.CBORDecodeError as error:
        raise SearchIndexError(f"{path}: not a Pagefind {path.suffix} file ({error})") from None


def _write(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    """Write *value* gzipped (mtime 0) as ``prefix + hash + suffix`` in
    *folder*; return the name without the suffix (``en_1a2b3c4``)."""
    data = _SIGNATURE + cbor2.dumps(value)
    name = prefix + hashlib.sha256(data).hexdigest()[:digits]
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name.removeprefix("pagefind.")
