"""The Content-Security-Policy (scripts/csp.py, overrides/main.html) in
Chromium: the site's own pages, their search over http(s) (Pagefind,
WebAssembly) and from file:// (lunr), report no violation; a page into which
a script, an event handler and a picture from another host were slipped
(as if the sanitiser had missed them) runs nothing and requests nothing.

Violations are collected by a ``securitypolicyviolation`` listener installed
before any script of the page runs.
"""

from __future__ import annotations

import shutil

import pytest

from tests.browser_support import open_search

pytest_plugins = ["tests.browser_support"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LISTEN = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI), true);"""

PAGES = ("index.html", "timeline.html", "periods/index.html", "events/index.html", "actors/index.html",
         "sources/index.html", "themes/index.html", "glossary.html", "contested.html", "downloads.html",
         "about/index.html", "contributing.html", "editors/report.html")


def _violations(page) -> list[str]:
    page.wait_for_timeout(200)
    return page.evaluate("window.__violations")


def test_the_site_itself_violates_nothing(open_page, site_server):
    page = open_page()
    page.add_init_script(LISTEN)
    pages = list(PAGES)
    source = next(iter(sorted((site_server.site_dir / "sources").glob("*.html"))), None)
    event = next(iter(sorted((site_server.site_dir / "events").glob("*.html"))), None)
    pages += [p.relative_to(site_server.site_dir).as_posix() for p in (source, event) if p]
    found = {}
    for path in pages:
        page.goto(site_server.url(path), wait_until="load")
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1, path
        if _violations(page):
            found[path] = _violations(page)
    assert not found, found


def test_pagefind_search_works_under_the_policy(open_page, site_server):
    page = open_page()
    page.add_init_script(LISTEN)
    page.goto(site_server.url("index.html"), wait_until="load")
    results = open_search(page, "Baghdad")
    assert results.count() > 0
    assert not _violations(page)


def test_search_from_disk_works_under_the_policy(open_page, site_server):
    site = site_server.site_dir
    page = open_page(allow_files=site)
    page.add_init_script(LISTEN)
    page.goto((site / "index.html").as_uri(), wait_until="load")
    results = open_search(page, "Baghdad")
    assert results.count() > 0
    assert not _violations(page)


def test_a_payload_that_slipped_through_is_blocked(browser, site_server, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(site_server.site_dir, site)
    about = site / "about" / "index.html"
    payload = ('<script>alert("inline")</script><img src="x" onerror="alert(\'handler\')">'
               '<img src="https://evil.example/pixel.png"><script src="https://evil.example/x.js"></script>'
               '<a id="go" href="javascript:alert(\'link\')">go</a><pre class="mermaid">graph TD; A-->B</pre>')
    html = about.read_text("utf-8")
    assert "</article>" in html
    about.write_text(html.replace("</article>", payload + "</article>", 1), "utf-8")
    from tests.browser_support import served_in_browser

    dialogs, outside = [], []
    with served_in_browser(site, browser) as (base, context):
        page = context.new_page()
        page.add_init_script(LISTEN)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        def route(r):
            # Reached only by requests the policy let through to the network
            # (a blocked one fails with "csp" before any route).
            if "evil.example" in r.request.url:
                outside.append(r.request.url)
                return r.abort()
            return r.continue_()
        page.route("**/*", route)
        page.goto(base + "about/index.html", wait_until="load")
        page.evaluate("document.getElementById('go').click()")
        violations = _violations(page)
    assert not dialogs, dialogs
    assert not outside, outside
    directives = " ".join(violations)
    assert "script-src" in directives and "img-src" in directives, violations


@pytest.mark.parametrize("query", ["period=__proto__", "period=constructor", "period=toString",
                                   "period=hasOwnProperty&from=__proto__"])
def test_the_timeline_accepts_only_known_period_ids(open_page, site_server, query):
    page = open_page()
    page.goto(site_server.url(f"timeline.html?{query}"), wait_until="load")
    page.wait_for_selector(".tl-caption")
    caption = page.locator(".tl-caption").inner_text()
    assert "NaN" not in caption and "undefined" not in caption, caption
    # The guard of open_page fails the test on any uncaught exception.


@pytest.mark.parametrize("fragment", ["%E0%A4%A", "%", "p1%", "__proto__"])
def test_a_malformed_address_fragment_throws_nothing(open_page, site_server, fragment):
    source = next(iter(sorted((site_server.site_dir / "sources").glob("*.html"))))
    page = open_page()
    path = source.relative_to(site_server.site_dir).as_posix()
    page.goto(site_server.url(f"{path}#{fragment}"), wait_until="load")
    page.evaluate(f"location.hash = {('#' + fragment)!r}")
    page.wait_for_timeout(200)
