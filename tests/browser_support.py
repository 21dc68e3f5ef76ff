"""Fixtures and helpers of the real-browser tests (tests/test_browser.py).

* ``browser_site``: one strict MkDocs build per pytest(-xdist) worker, made
  from a temporary copy of the project (mkdocs.yml, docs/, overrides/,
  scripts/, sources/), so a test run never touches ``site/``; it is
  conftest.py's ``built_site`` when that exists (shared with other tests).
* ``site_server``: the built site served by Python's ``http.server`` on
  127.0.0.1 (a free port, in a thread), both at ``/`` and, on a second
  server, only under ``/portal/`` (as on GitHub Pages' project sites).
* ``browser``: Debian's Chromium (``/usr/bin/chromium``) driven by
  Playwright, one per worker. A missing Chromium is a failure, never a skip.
* ``guarded_page``/``open_page``: a fresh context and page whose every
  request must stay on 127.0.0.1 (or the built site on disk) and which must
  produce no console error and no uncaught exception; checked at teardown.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "sources")
SUB_PATH = "/portal/"
SHOTS = Path("/tmp/shots")


# --------------------------------------------------------------------------- build

def build_copy(work: Path) -> Path:
    """Copy the project into *work* and build it strictly; return the site folder."""
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, work / name)
    site = work / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    # `python -m mkdocs` in the copy puts the copy first on sys.path, so its
    # own scripts/ package is the one that runs.
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "-f", str(work / "mkdocs.yml"), "-d", str(site)],
                          cwd=work, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail("mkdocs build --strict failed, so the browser tests cannot run:\n"
                    + (done.stdout + done.stderr)[-6000:], pytrace=False)
    return site


@pytest.fixture(scope="session")
def browser_site(request, tmp_path_factory) -> Path:
    """The built site folder: conftest.py's session ``built_site`` (one build
    per worker, shared with the rest of the suite) when there is one, else a
    build of our own."""
    try:
        built = request.getfixturevalue("built_site")
    except pytest.FixtureLookupError:
        site = build_copy(tmp_path_factory.mktemp("browser-project"))
    else:
        site = Path(getattr(built, "site", built))
    assert (site / "index.html").is_file(), f"the build wrote no index.html into {site}"
    return site


# -------------------------------------------------------------------------- serve

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """The browser closes connections it no longer needs (a page navigated
    away mid-download): that is not an error of the site, and its traceback
    buried the test run's result. Any other error is still printed."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def _serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http-{directory.name}", daemon=True)
    thread.start()
    return server, thread


@contextlib.contextmanager
def served_in_browser(directory: Path, browser):
    """*directory* served on a free port, and a fresh browser context with
    service workers blocked: yields (base URL, context); closes both."""
    server, thread = _serve(directory)
    context = browser.new_context(service_workers="block")
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", context
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class SiteServer:
    root_url: str       # http://127.0.0.1:PORT/         -> site/
    sub_url: str        # http://127.0.0.1:PORT2/portal/ -> site/ (nothing at /)
    site_dir: Path

    def url(self, path: str = "") -> str:
        return self.root_url + path.lstrip("/")


@pytest.fixture(scope="session")
def site_server(browser_site, tmp_path_factory) -> SiteServer:
    # The sub-path server's document root holds nothing but portal/ -> site/,
    # so a root-relative link ("/assets/…") would 404 there.
    holder = tmp_path_factory.mktemp("subpath-root")
    (holder / SUB_PATH.strip("/")).symlink_to(browser_site, target_is_directory=True)
    servers = [_serve(browser_site), _serve(holder)]
    (root, _), (sub, _) = servers
    yield SiteServer(root_url=f"http://127.0.0.1:{root.server_address[1]}/",
                     sub_url=f"http://127.0.0.1:{sub.server_address[1]}{SUB_PATH}",
                     site_dir=browser_site)
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ------------------------------------------------------------------------ browser

@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - a broken environment
        pytest.fail(f"playwright for Python is not installed ({error}); run `make install`", pytrace=False)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}; install it with "
                    "`sudo apt-get install -y chromium` (or run `make browser` as root)", pytrace=False)
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}; run `make node` (npm ci)", pytrace=False)
    return AXE


@dataclass
class PageGuard:
    """What a page did that a test must not tolerate."""
    allowed_files: Path | None = None
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        url = request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1":
            return
        if parts.scheme == "file" and self.allowed_files is not None:
            if Path(unquote(parts.path)).resolve().is_relative_to(self.allowed_files.resolve()):
                return
        self.foreign.append(url)

    def on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.errors.append(f"console error: {message.text} ({location.get('url', '')})")

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught exception: {error}")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"HTTP {response.status} {response.url}")

    def on_request_failed(self, request) -> None:
        failure = request.failure or ""
        # A navigation that replaced a pending request is not a broken link.
        if "ERR_ABORTED" in failure:
            return
        self.failed.append(f"request failed ({failure}): {request.url}")

    def problems(self) -> list[str]:
        out = [f"request to a foreign host: {url}" for url in self.foreign]
        out += self.errors
        out += self.failed
        return out


class PageFactory:
    """Opens guarded pages (each in its own context) and checks them at the end."""

    def __init__(self, browser, server: SiteServer):
        self.browser = browser
        self.server = server
        self.opened: list[tuple[object, PageGuard]] = []
        self.reported: list[str] = []

    def __call__(self, *, width: int = 1280, height: int = 900, color_scheme: str = "light",
                 javascript: bool = True, allow_files: Path | None = None, base_url: str | None = None):
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme,
            java_script_enabled=javascript, base_url=base_url or self.server.root_url,
            reduced_motion="reduce", service_workers="block")
        context.set_default_timeout(15_000)
        guard = PageGuard(allowed_files=allow_files)
        context.on("request", guard.on_request)
        context.on("response", guard.on_response)
        context.on("requestfailed", guard.on_request_failed)
        page = context.new_page()
        page.on("console", guard.on_console)
        page.on("pageerror", guard.on_page_error)
        self.opened.append((context, guard))
        return page

    def problems(self) -> list[str]:
        """What the pages did wrong so far (pending browser events first delivered)."""
        for context, _ in self.opened:
            for page in context.pages:
                with contextlib.suppress(Exception):
                    page.evaluate("0")
        return list(dict.fromkeys(p for _, guard in self.opened for p in guard.problems()))

    def close(self) -> list[str]:
        problems = self.problems()
        for context, _ in self.opened:
            with contextlib.suppress(Exception):
                context.close()
        problems = list(dict.fromkeys(problems + [p for _, g in self.opened for p in g.problems()]))
        self.opened.clear()
        return problems


def _fail_for(problems: list[str]) -> None:
    pytest.fail("the browser saw problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test whose pages misbehaved fails (rather than erroring at teardown)."""
    result = yield
    factory = getattr(item, "funcargs", {}).get("open_page")
    if isinstance(factory, PageFactory):
        problems = factory.problems()
        if problems:
            factory.reported = problems
            _fail_for(problems)
    return result


@pytest.fixture
def open_page(browser, site_server):
    """``open_page(width=…, color_scheme=…, javascript=…)`` → a guarded page.

    At teardown, fails the test if any page requested a host other than
    127.0.0.1, logged a console error, threw, or got an HTTP error."""
    factory = PageFactory(browser, site_server)
    yield factory
    # Problems are reported by pytest_runtest_call; here only later ones.
    problems = [p for p in factory.close() if p not in factory.reported]
    if problems:
        _fail_for(problems)


@pytest.fixture
def page(open_page):
    """A guarded 1280×900 light-scheme page with JavaScript."""
    return open_page()


# ------------------------------------------------------------------------ helpers

def run_axe(page, axe: Path, *, context: str | None = None) -> list[dict]:
    """Inject axe-core, run it on the page; return serious/critical violations.

    axe is evaluated through the DevTools protocol rather than added as a
    <script>: the site's Content-Security-Policy refuses inline scripts, and
    a test must not loosen the policy it runs under."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe.read_text("utf-8") + "\n;0")
    results = page.evaluate(
        """async (selector) => {
            const options = {resultTypes: ["violations"]};
            const r = await axe.run(selector ? document.querySelector(selector) : document, options);
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 8).map(n => ({target: n.target.join(" "),
                                                     summary: n.failureSummary,
                                                     html: n.html.slice(0, 200)}))}));
        }""", context)
    return [v for v in results if v["impact"] in ("serious", "critical")]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + (node["summary"] or "").replace("\n", "\n      "))
    return "\n".join(lines)


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const el = document.querySelector(sel); if (!el) return false;
            const r = el.getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }""", selector)


#: How long a search may take on a loaded machine (ms): the index is built on first use.
SEARCH_TIMEOUT = 90_000


def open_search(page, query: str):
    """Type a query into Material's search box; return the result items' locator.

    On wide screens the input is in the header; on narrow ones the
    magnifier (label[for=__search]) opens it first. Material searches on
    ``keyup``; Playwright types characters that are not on a US keyboard
    (Cyrillic, Arabic, ’) as bare input events, so the text is filled in
    and then a key that changes nothing (End) is pressed: one search for
    the whole query, as after a real user's last keystroke."""
    field_ = page.locator("input.md-search__input")
    if not field_.is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    field_.click()
    meta = page.locator(".md-search-result__meta")
    field_.fill("")
    field_.press("End")
    # The search index is built in a web worker when the page opens; on a
    # loaded machine that takes longer than the default timeout, hence the
    # longer wait (the condition, not a sleep, decides when to go on). Once
    # the worker is ready, Material searches the empty box once and shows its
    # placeholder: wait for that answer ("Initializing search" is not it), or
    # it may arrive after the query below and show "No matching documents"
    # for it (the flaky acronym and en-dash searches).
    page.wait_for_function("""() => !/\\d|No matching|Initializing/.test(
        document.querySelector('.md-search-result__meta').textContent)
        && document.querySelectorAll('.md-search-result__item').length === 0""", timeout=SEARCH_TIMEOUT)
    field_.fill(query)
    field_.press("End")
    # Material writes the count into the meta line and renders the result
    # list in a separate step: wait for both, or the list may still be empty.
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta').textContent;
        return /No matching/.test(meta)
            || (/\\d/.test(meta) && document.querySelectorAll('.md-search-result__item > a').length > 0); }""",
                           timeout=SEARCH_TIMEOUT)
    assert meta.is_visible()
    return page.locator(".md-search-result__item")


def search_results(page) -> list[dict]:
    """The visible search results: href (without ?h=…), title, text."""
    return page.eval_on_selector_all(
        ".md-search-result__item > a",
        """els => els.map(a => { const u = new URL(a.href); u.search = "";
             const t = a.querySelector("h1, h2");
             return {href: u.toString(), path: u.pathname + u.hash,
                     title: t ? t.textContent.trim() : "", text: a.textContent}; })""")


# -------------------------------------------------------------------- screenshots

SHOT_PAGES = {
    "home": "index.html",
    "source": "sources/wikipedia-iraq-russia-relations.html",
    "actor": "actors/nouri-al-maliki.html",
    "event": "events/gulf-war.html",
    "timeline": "timeline.html",
}


def take_screenshots(site: Path, out: Path = SHOTS, widths=(1280, 360), scheme: str = "light") -> list[Path]:
    """Full-page screenshots of a few pages (for a human to look at)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server, thread = _serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                for name, path in SHOT_PAGES.items():
                    if not (site / path).is_file():
                        continue
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    file = out / f"{name}-{width}-{scheme}.png"
                    page.screenshot(path=str(file), full_page=True)
                    written.append(file)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    return written


if __name__ == "__main__":  # python -m tests.browser_support [SITE_DIR] [light|dark]
    import tempfile

    args = sys.argv[1:]
    scheme = args.pop() if args and args[-1] in ("light", "dark") else "light"
    if args:
        files = take_screenshots(Path(args[0]), scheme=scheme)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            files = take_screenshots(build_copy(Path(tmp)), scheme=scheme)
    print("\n".join(str(f) for f in files))
