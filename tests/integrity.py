"""Link and reference integrity of a built site (no browser needed).

:func:`check_site` reads every HTML page of a site folder and returns a
report dict: what was checked (counts) and what is wrong (lists of
problems). The tests assert that the problem lists are empty; CI prints a
summary line from the counts (``python -m tests.summary``).

Checked:

* every internal ``<a href>`` resolves to an existing file, and its
  ``#fragment`` to an element id of that page (a text fragment after the
  anchor, ``#p3:~:text=…``, is a browser feature and is ignored);
* every local ``src``/``href`` of ``script``, ``link``, ``img``, ``iframe`` …
  resolves to a file, and none points at another host: the site makes no
  third-party requests (``<link rel="canonical">`` names the site's public
  address but is never fetched, so it is not a request);
* external ``http(s)`` links of ``<a>`` are collected, not followed;
* with the site's ``data/`` exports: every source, actor, event and period
  has a page with at least one link to it from another page, and every
  event citation names an existing passage whose anchor exists.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Elements whose URL attribute makes the browser fetch something.
RESOURCE_ATTRS = {"script": ("src",), "link": ("href",), "img": ("src",), "iframe": ("src",),
                  "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "embed": ("src",),
                  "track": ("src",), "object": ("data",), "input": ("src",)}
#: ``<link rel=…>`` values that only name an address and are never fetched.
NOT_FETCHED_RELS = {"canonical"}
ENTITY_EXPORTS = ("sources", "actors", "events", "periods")
CSS_URL = re.compile(r"""(?:@import\s+|url\()\s*['"]?(?P<url>(?:https?:)?//[^'")\s]+)""", re.IGNORECASE)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []                     # <a href> / <area href>
        self.resources: list[tuple[str, str]] = []     # (tag, url)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        if tag in ("a", "area") and values.get("href") is not None:
            self.links.append(values["href"])
        for attr in RESOURCE_ATTRS.get(tag, ()):
            url = values.get(attr)
            if not url:
                continue
            if tag == "link" and set((values.get("rel") or "").lower().split()) <= NOT_FETCHED_RELS \
                    and values.get("rel"):
                continue
            self.resources.append((tag, url))
        srcset = values.get("srcset")
        if srcset:
            for candidate in srcset.split(","):
                if candidate.strip():
                    self.resources.append((tag, candidate.strip().split()[0]))

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text("utf-8", errors="replace"))
    parser.close()
    return parser


def site_base_path(site: Path) -> str:
    """The URL path the site is published under ("/portal/"), read from the
    sitemap; absolute links (the 404 page has them) start with it."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text("utf-8")):
            path = urlsplit(loc.strip()).path
            if path.endswith("/index.html") or path.endswith("/"):
                return path[: path.rfind("/") + 1]
    return "/"


def _fragment(raw: str) -> str:
    fragment = unquote(raw)
    return fragment.split(":~:", 1)[0]


class _Resolver:
    def __init__(self, site: Path, base_path: str) -> None:
        self.site = site.resolve()
        self.base_path = base_path

    def target(self, page: str, url: str) -> tuple[str | None, str, str]:
        """(site-relative target file or None if it does not exist, fragment, kind).

        kind: "internal", "external" or "skipped"."""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") or url.startswith("//"):
            return None, "", "external"
        if parts.scheme:
            return None, "", "skipped"
        path = unquote(parts.path)
        if not path:
            relative = page
        elif path.startswith("/"):
            if not path.startswith(self.base_path):
                return "", _fragment(parts.fragment), "internal"   # outside the site: broken
            relative = posixpath.normpath(path[len(self.base_path):] or ".")
        else:
            relative = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if relative.startswith(".."):
            return "", _fragment(parts.fragment), "internal"
        if relative in (".", ""):
            relative = "index.html"
        file = self.site / relative
        if file.is_dir() or path.endswith("/"):
            relative = posixpath.join(relative, "index.html") if relative != "." else "index.html"
            file = self.site / relative
        return (relative if file.is_file() else ""), _fragment(parts.fragment), "internal"


def check_site(site: Path, data_dir: Path | None = None, base_path: str | None = None) -> dict:
    """Check a built site folder; return the report (counts and problem lists)."""
    site = Path(site)
    data_dir = Path(data_dir) if data_dir else site / "data"
    resolver = _Resolver(site, base_path if base_path is not None else site_base_path(site))
    pages = {p.relative_to(site).as_posix(): parse_page(p) for p in sorted(site.rglob("*.html"))}
    report = {"pages": len(pages), "links_checked": 0, "anchors_checked": 0, "resources_checked": 0,
              "entities_checked": 0, "citations_checked": 0, "external_links": [],
              "broken_links": [], "broken_anchors": [], "third_party": [], "missing_pages": [],
              "orphans": [], "bad_citations": []}
    external: set[str] = set()
    incoming: dict[str, set[str]] = {}

    def anchor_ok(target: str, fragment: str) -> bool:
        parsed = pages.get(target)
        return parsed is not None and fragment in parsed.ids

    def resolve(page: str, url: str, counted: str, where: str, outside) -> tuple[str, str]:
        """(target page, fragment) of *url* on *page*, counted in *counted*;
        ("", "") when it is external (``outside(…)`` is called), skipped, or
        broken (listed as *where*)."""
        target, fragment, kind = resolver.target(page, url)
        if kind == "external":
            outside()
            return "", ""
        if kind == "skipped":
            return "", ""
        report[counted] += 1
        if not target:
            report["broken_links"].append(where)
        return target, fragment

    for page, parsed in pages.items():
        for href in parsed.links:
            target, fragment = resolve(page, href, "links_checked", f"{page}: {href}",
                                       lambda href=href: external.add(href))
            if target and target != page:
                incoming.setdefault(target, set()).add(page)
            if target and fragment and target.endswith(".html"):
                report["anchors_checked"] += 1
                if not anchor_ok(target, fragment):
                    report["broken_anchors"].append(f"{page}: {href}")
        for tag, url in parsed.resources:
            where = f"{page}: <{tag}> {url}"
            resolve(page, url, "resources_checked", where, lambda where=where: report["third_party"].append(where))
    for css in sorted(site.rglob("*.css")):
        for match in CSS_URL.finditer(css.read_text("utf-8", errors="replace")):
            report["third_party"].append(f"{css.relative_to(site).as_posix()}: {match['url']}")
    report["external_links"] = sorted(external)

    exports = {}
    for name in ENTITY_EXPORTS + ("passages",):
        file = data_dir / f"{name}.json"
        if file.is_file():
            exports[name] = json.loads(file.read_text("utf-8"))
    for name in ENTITY_EXPORTS:
        for record in exports.get(name, []):
            report["entities_checked"] += 1
            page = record.get("url_path", "")
            if page not in pages:
                report["missing_pages"].append(f"{name}: {record.get('id')} ({page})")
            elif not incoming.get(page):
                report["orphans"].append(f"{name}: {record.get('id')} ({page})")
    passage_ids = {p["id"] for p in exports.get("passages", [])}
    for event in exports.get("events", []):
        for citation in event.get("citations", []):
            report["citations_checked"] += 1
            where = f"event {event.get('id')}: {citation.get('passage')}"
            if citation.get("passage") not in passage_ids:
                report["bad_citations"].append(f"{where}: no such passage")
                continue
            target, fragment, _kind = resolver.target("index.html", citation.get("url", ""))
            if not target or not fragment or not anchor_ok(target, fragment):
                report["bad_citations"].append(f"{where}: {citation.get('url')} does not resolve")
    return report


PROBLEM_KEYS = ("broken_links", "broken_anchors", "third_party", "missing_pages", "orphans", "bad_citations")


def problems(report: dict) -> list[str]:
    return [f"{key}: {item}" for key in PROBLEM_KEYS for item in report[key]]


def summary(report: dict) -> str:
    return (f"{report['pages']} pages, {report['links_checked']} links and {report['anchors_checked']} anchors "
            f"checked, {report['resources_checked']} local resources, {len(report['external_links'])} external "
            f"links collected, {len(problems(report))} problems")


# --- text of elements (for tests that check what a page shows) -------------------------------

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                 "track", "wbr"}


class _TextById(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.texts: dict[str, list[str]] = {}
        self.tags: list[tuple[str, dict]] = []        # every start tag with its attributes

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag in VOID_ELEMENTS:
            return
        element_id = values.get("id")
        if element_id:
            self.texts.setdefault(element_id, [])
        self.stack.append((tag, element_id))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        for _tag, element_id in self.stack:
            if element_id:
                self.texts[element_id].append(data)


def page_content(html: str) -> tuple[dict[str, str], list[tuple[str, dict]]]:
    """(text of every element with an id, every start tag with its attributes)."""
    parser = _TextById()
    parser.feed(html)
    parser.close()
    return {key: "".join(parts) for key, parts in parser.texts.items()}, parser.tags
