"""Integrity of the built site (tests/integrity.py), and of the checker
itself on small hand-made sites with known faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integrity import check_site, page_content, problems, summary


@pytest.fixture(scope="module")
def report(built_site) -> dict:
    return check_site(built_site.site)


@pytest.mark.slow
def test_the_checker_saw_the_whole_site(report, built_site):
    assert report["pages"] == len(list(built_site.site.rglob("*.html"))) > 20
    assert report["links_checked"] > 1000
    assert report["anchors_checked"] > 100
    assert report["resources_checked"] > report["pages"]
    counts = {name: len(json.loads((built_site.data / f"{name}.json").read_text("utf-8")))
              for name in ("sources", "actors", "events", "periods")}
    assert report["entities_checked"] == sum(counts.values())
    events = json.loads((built_site.data / "events.json").read_text("utf-8"))
    assert report["citations_checked"] == sum(len(e["citations"]) for e in events)


#: What the checker lists that must be empty, and what each list means.
NOTHING_BROKEN = {
    "broken_links": "every internal link and resource resolves",
    "broken_anchors": "every #fragment names an element of its page",
    "missing_pages": "every entity has a page",
    "orphans": "every entity page is linked from another page",
    "bad_citations": "every event citation resolves to a passage",
    # The site must work offline and must not tell third parties who reads
    # it: no script, stylesheet, image or frame from another host.
    "third_party": "no request to another host",
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", NOTHING_BROKEN)
def test_the_site_has_nothing_broken(report, kind):
    assert report[kind] == [], NOTHING_BROKEN[kind]


META_ATTRIBUTES = {"name", "content", "property", "charset", "http-equiv", "itemprop", "media"}


@pytest.mark.slow
def test_meta_tags_are_well_formed(built_site):
    """A double quote in a summary or title must not end the ``content``
    attribute of <meta name="description"> (it would leave stray attributes,
    or let a YAML value add its own)."""
    bad = []
    for path in sorted(built_site.site.rglob("*.html")):
        _texts, tags = page_content(path.read_text("utf-8"))
        for tag, attrs in tags:
            if tag == "meta" and not set(attrs) <= META_ATTRIBUTES:
                bad.append(f"{path.relative_to(built_site.site)}: {sorted(set(attrs) - META_ATTRIBUTES)}")
    assert bad == []


@pytest.mark.slow
def test_external_links_are_collected(report):
    external = report["external_links"]
    # repo_url of mkdocs.yml (header link) and the Wikipedia article's url (its catalog file).
    assert "https://github.com/iraq-russia-portal/portal" in external
    assert "https://en.wikipedia.org/wiki/Iraq%E2%80%93Russia_relations" in external
    assert all(link.startswith(("http://", "https://", "//")) for link in external)


# --- the checker on hand-made sites ---------------------------------------------------------------


def _page(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def _site(root: Path, pages: dict, data: dict | None = None) -> Path:
    for relative, html in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, "utf-8")
    (root / "assets").mkdir(exist_ok=True)
    (root / "assets" / "site.css").write_text("body{}", "utf-8")
    for name, records in (data or {}).items():
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / f"{name}.json").write_text(json.dumps(records), "utf-8")
    return root


GOOD = {
    "index.html": _page('<a href="sources/a.html#p1:~:text=Iraq%20and">cite</a> <a href="actors/x.html">X</a> '
                        '<a href="events/e.html">E</a> <a href="periods/q.html">Q</a> <a href="https://example.org/">ext</a> '
                        '<a href="mailto:someone@example.org">mail</a> <a href="#top">top</a><p id="top"></p>',
                        '<link rel="stylesheet" href="assets/site.css"><link rel="canonical" href="https://example.org/x">'),
    "sources/a.html": _page('<div id="p1">text</div><a href="../index.html">home</a> <a href="./">dir</a>'),
    "sources/index.html": _page('<a href="a.html">a</a>'),
    "actors/x.html": _page('<a href="../sources/a.html#p1">p1</a>'),
    "events/e.html": _page('<a href="../sources/a.html#p1">p1</a>'),
    "periods/q.html": _page('<a href="../events/e.html">e</a>'),
}
GOOD_DATA = {
    "sources": [{"id": "a", "url_path": "sources/a.html"}],
    "actors": [{"id": "x", "url_path": "actors/x.html"}],
    "events": [{"id": "e", "url_path": "events/e.html", "citations": [
        {"passage": "a/p1", "url": "sources/a.html#p1:~:text=text"}]}],
    "periods": [{"id": "q", "url_path": "periods/q.html"}],
    "passages": [{"id": "a/p1"}],
}


def test_checker_passes_a_good_site(tmp_path):
    report = check_site(_site(tmp_path, GOOD, GOOD_DATA))
    assert problems(report) == []
    assert report["pages"] == 6
    assert report["links_checked"] == 11
    assert report["anchors_checked"] == 4
    assert report["resources_checked"] == 1
    assert report["external_links"] == ["https://example.org/"]
    assert (report["entities_checked"], report["citations_checked"]) == (4, 1)
    assert summary(report).startswith("6 pages, 11 links and 4 anchors checked")


@pytest.mark.parametrize(("change", "key", "expected"), [
    (("index.html", "sources/a.html#p1", "sources/b.html#p1"), "broken_links", "index.html: sources/b.html#p1:~:text=Iraq%20and"),
    (("index.html", "sources/a.html#p1", "sources/a.html#p9"), "broken_anchors", "index.html: sources/a.html#p9:~:text=Iraq%20and"),
    (("sources/a.html", "../index.html", "../../index.html"), "broken_links", "sources/a.html: ../../index.html"),
    (("index.html", "assets/site.css", "assets/gone.css"), "broken_links", "index.html: <link> assets/gone.css"),
    (("index.html", '<p id="top">', '<script src="https://cdn.example.com/x.js"></script><p id="top">'),
     "third_party", "index.html: <script> https://cdn.example.com/x.js"),
    (("index.html", '<p id="top">', '<img src="//images.example.com/x.png"><p id="top">'),
     "third_party", "index.html: <img> //images.example.com/x.png"),
    (("index.html", '<p id="top">', '<iframe src="https://maps.example.com/"></iframe><p id="top">'),
     "third_party", "index.html: <iframe> https://maps.example.com/"),
    (("index.html", '<a href="periods/q.html">Q</a>', ""), "orphans", "periods: q (periods/q.html)"),
])
def test_checker_finds_each_fault(tmp_path, change, key, expected):
    page, old, new = change
    pages = dict(GOOD)
    assert old in pages[page]
    pages[page] = pages[page].replace(old, new)
    report = check_site(_site(tmp_path, pages, GOOD_DATA))
    assert report[key] == [expected]
    assert len(problems(report)) == 1


def test_checker_finds_missing_pages_and_bad_citations(tmp_path):
    data = json.loads(json.dumps(GOOD_DATA))
    data["actors"].append({"id": "y", "url_path": "actors/y.html"})
    data["events"][0]["citations"].append({"passage": "a/p2", "url": "sources/a.html#p2"})
    data["events"][0]["citations"].append({"passage": "a/p1", "url": "sources/a.html#p7"})
    report = check_site(_site(tmp_path, GOOD, data))
    assert report["missing_pages"] == ["actors: y (actors/y.html)"]
    assert report["bad_citations"] == ["event e: a/p2: no such passage",
                                       "event e: a/p1: sources/a.html#p7 does not resolve"]


def test_checker_resolves_absolute_links_under_the_site_path(tmp_path):
    pages = dict(GOOD)
    pages["404.html"] = _page('<a href="/portal/sources/a.html#p1">ok</a> <a href="/portal/nope.html">bad</a>')
    site = _site(tmp_path, pages, GOOD_DATA)
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://example.org/portal/index.html</loc></url></urlset>",
                                      "utf-8")
    report = check_site(site)
    assert report["broken_links"] == ["404.html: /portal/nope.html"]
