"""Site search as a reader meets it, in Chromium: how many bytes and how
much time pass before the first result of a first search.

``measure_search(site_dir, queries)`` serves a built site (gzip, as GitHub
Pages does: ``bench/web.py``), and for each query opens the home page in a
fresh browser context (empty cache), types the query into Material's search
field as soon as the page has loaded, and waits for the first result. The
engine is whichever the site has: Pagefind when ``pagefind/`` was built,
else Material's lunr index.

* **time to first result**: from the start of the navigation to the first
  result in the list (so lunr's download and indexing of its whole index
  at page load count, as a reader waits for them);
* **bytes before first result**: every response received until then (page,
  CSS, JS, search index or chunks, worker), each counted as its body gzipped
  at level 6, or raw when that is smaller; ``search_bytes`` is the part that
  only search needs (lunr index, worker and stemmers; or ``pagefind/``).

Also: ``python -m bench.search SITE… [--runs N] [--queries Q…]`` prints the
JSON (sites measured interleaved), ``--ranks`` the results of every reader
query.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from pathlib import Path

from bench.web import CHROMIUM, CHROMIUM_ARGS, StaticServer, wire_size

#: Reader queries of the kinds issue 12 lists: model names and
#: abbreviations, phrases, names in Russian and Arabic, transliterations.
READER_QUERIES = ("T-90", "S-400", "S400", "MiG-17", "Su-25", "CAATSA", "oil for food", "Baghdad Pact",
                  "Iran-Iraq", "Российско-иракские", "العراقية", "Husayn", "Baath", "Kassem", "Saddam")
SEARCH_PATHS = ("/search/", "/pagefind/", "/assets/javascripts/workers/", "/assets/javascripts/lunr/")
FIRST_RESULT_TIMEOUT_MS = 600_000


def engine_of(site_dir: Path) -> str:
    return "pagefind" if (Path(site_dir) / "pagefind" / "pagefind-entry.json").is_file() else "lunr"


def _fold(text: str) -> str:
    """Lower case, accents and apostrophes removed, every dash and space one space."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’‘ʿʾ`]", "", text)
    return " ".join(re.split(r"[\s\-\u2010-\u2015\u2212]+", text)).strip()


def title_rank(results: list[dict], query: str) -> int | None:
    """1-based rank of the first result whose title contains the query
    (folded: case, dashes, apostrophes), as a stand-in for "the page about
    it"; None if no result title does."""
    wanted = _fold(query)
    squeezed = wanted.replace(" ", "")
    for rank, result in enumerate(results, 1):
        title = _fold(result.get("title", ""))
        if wanted in title or (squeezed and squeezed in title.replace(" ", "")):
            return rank
    return None


#: Notes the page-clock time at which the first search result is inserted;
#: returns the time it was installed (after the page's load event).
_WATCH_FIRST_RESULT = """() => {
    window.__firstResult = null;
    new MutationObserver((_, observer) => {
        if (document.querySelector('.md-search-result__item a[href]')) {
            window.__firstResult = performance.now();
            observer.disconnect();
        }
    }).observe(document.body, {childList: true, subtree: true});
    return performance.now();
}"""


def _one(browser, server: StaticServer, query: str) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses = []
    # Context events include the requests of workers (lunr's search worker).
    context.on("response", lambda response: responses.append(response))
    page.goto(server.url("index.html"), wait_until="load")
    # Times are the page's own clock (seconds since the navigation started),
    # and the first result is noticed by a MutationObserver the moment it is
    # inserted: Playwright's wait_for_selector polls at growing intervals,
    # which rounded a first search's time up to the next poll, at random, on
    # any site.
    loaded = page.evaluate(_WATCH_FIRST_RESULT) / 1000
    field = page.locator("input.md-search__input")
    typed = page.evaluate("() => performance.now()") / 1000
    field.fill(query)
    field.press("End")          # Material searches on keyup
    try:
        page.wait_for_selector(".md-search-result__item a[href]", timeout=FIRST_RESULT_TIMEOUT_MS)
    except PlaywrightTimeout:
        context.close()
        return {"query": query, "seconds": None, "timed_out": FIRST_RESULT_TIMEOUT_MS / 1000,
                "page_load": loaded, "bytes": None, "search_bytes": None, "results": [],
                "title_rank": None}
    first = page.evaluate("() => window.__firstResult") / 1000
    before = list(responses)
    results = page.eval_on_selector_all(
        ".md-search-result__item > a[href]",
        """els => els.slice(0, 10).map(a => { const h = a.querySelector("h1, h2");
             const u = new URL(a.href); u.search = "";
             return {path: u.pathname + u.hash, title: h ? h.textContent.trim() : ""}; })""")
    total = search = 0
    seen = set()
    for response in before:
        if response.url in seen or not response.url.startswith(server.url()):
            continue
        seen.add(response.url)
        try:
            size = wire_size(response.body())
        except Exception:               # aborted or still streaming: not needed yet
            continue
        total += size
        if any(part in response.url for part in SEARCH_PATHS):
            search += size
    heap = page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null")
    context.close()
    return {"query": query, "seconds": first, "after_typing": first - typed, "page_load": loaded,
            "bytes": total, "search_bytes": search, "requests": len(seen), "js_heap": heap, "results": results,
            "title_rank": title_rank(results, query)}


def measure_search(site_dir: Path | str, queries=READER_QUERIES[:2], runs: int = 1) -> dict:
    """Bytes and time before the first result of each query (``runs`` fresh
    visits each, interleaved), in Debian's Chromium.

    Returns ``{"engine", "runs": [per visit: query, seconds, after_typing,
    page_load, bytes, search_bytes, requests, js_heap, results (first 10:
    path, title), title_rank], "seconds": median, "bytes": max, "search_bytes":
    max}``."""
    from playwright.sync_api import sync_playwright

    site_dir = Path(site_dir)
    server = StaticServer(site_dir)
    visits = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for _ in range(runs):
                    for query in queries:
                        visits.append(_one(browser, server, query))
            finally:
                browser.close()
    finally:
        server.close()
    return {"engine": engine_of(site_dir), "site": str(site_dir), "runs": visits, **_summary(visits)}


def _summary(visits: list[dict]) -> dict:
    """Median time, largest byte counts; a visit that timed out counts as its timeout."""
    return {"seconds": statistics.median(v["seconds"] if v["seconds"] is not None else v["timed_out"]
                                         for v in visits),
            "timed_out": sum(1 for v in visits if v["seconds"] is None),
            "bytes": max((v["bytes"] for v in visits if v["bytes"] is not None), default=None),
            "search_bytes": max((v["search_bytes"] for v in visits if v["search_bytes"] is not None), default=None)}


def rank_queries(site_dir: Path | str, queries=READER_QUERIES) -> dict:
    """Results of each query typed one after the other in one page (after
    the index has loaded once): ``{query: {"title_rank", "count", "results"}}``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    server = StaticServer(Path(site_dir))
    out = {}
    meta = "document.querySelector('.md-search-result__meta').textContent"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(server.url("index.html"), wait_until="load")
                field = page.locator("input.md-search__input")
                for query in queries:
                    try:
                        out[query] = _ranked(page, field, query, meta)
                    except PlaywrightTimeout:
                        out[query] = {"title_rank": None, "count": "timed out", "results": []}
                    print(f"{site_dir} {query!r}: {out[query]['count']}, title rank {out[query]['title_rank']}",
                          file=sys.stderr, flush=True)
            finally:
                browser.close()
    finally:
        server.close()
    return out


def _ranked(page, field, query: str, meta: str) -> dict:
    field.fill("")
    field.press("End")
    page.wait_for_function(f"() => !/\\d|No matching/.test({meta})",
                           timeout=FIRST_RESULT_TIMEOUT_MS)
    field.fill(query)
    field.press("End")
    page.wait_for_function(f"() => /\\d|No matching/.test({meta})",
                           timeout=FIRST_RESULT_TIMEOUT_MS)
    results = page.eval_on_selector_all(
        ".md-search-result__item > a[href]",
        """els => els.slice(0, 10).map(a => { const h = a.querySelector("h1, h2");
             const u = new URL(a.href); u.search = "";
             return {path: u.pathname + u.hash, title: h ? h.textContent.trim() : ""}; })""")
    count = page.evaluate(f"() => {meta}")
    return {"title_rank": title_rank(results, query), "count": count.strip(), "results": results}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", type=Path, nargs="+", help="built sites, measured interleaved")
    parser.add_argument("--queries", nargs="+", default=list(READER_QUERIES[:2]))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--ranks", action="store_true",
                        help="instead: the results of every reader query, typed one after another")
    args = parser.parse_args(argv)
    for site in args.sites:
        if not (site / "index.html").is_file():
            print(f"{site}: no index.html: build the site first (make build)", file=sys.stderr)
            return 1
    if args.ranks:
        queries = args.queries if args.queries != list(READER_QUERIES[:2]) else list(READER_QUERIES)
        print(json.dumps({str(site): rank_queries(site, queries) for site in args.sites}, ensure_ascii=False))
        return 0
    # Interleaved: one visit per site in turn, so that the machine's load
    # weighs on every site alike.
    visits: dict[str, list] = {str(site): [] for site in args.sites}
    for run in range(args.runs):
        for site in args.sites:
            for visit in measure_search(site, args.queries, 1)["runs"]:
                visits[str(site)].append(visit)
                print(f"run {run + 1}: {site} {visit['query']!r}: "
                      + (f"{visit['seconds']:.2f} s, {visit['bytes'] / 1024:.0f} KB "
                         f"(search {visit['search_bytes'] / 1024:.0f} KB)" if visit["seconds"] is not None
                         else f"no result in {visit['timed_out']:.0f} s"), file=sys.stderr, flush=True)
    print(json.dumps({site: {"engine": engine_of(Path(site)), "runs": runs, **_summary(runs)}
                      for site, runs in visits.items()}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
