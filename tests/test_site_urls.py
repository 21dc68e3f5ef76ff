"""No request leaves the site: in every built page, every URL a browser
fetches by itself (scripts, styles, images, media, frames, objects,
``srcset``, ``poster``) is relative to the site, and every link readers
follow to another host goes to one of README.md's list: the site's own host,
the repository's, the hosts of the sources' URLs (sources/catalog/) and
``links.hosts`` of scripts/data/docs_html.yml. Every page carries the
Content-Security-Policy, and it allows no inline script but the templates'
(whose hashes it lists).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from scripts import sanitize
from tests.helpers import ScriptsParser

ROOT = Path(__file__).resolve().parent.parent

#: (element, attribute) pairs a browser fetches without a click.
FETCHED = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("frame", "src"),
           ("embed", "src"), ("object", "data"), ("source", "src"), ("audio", "src"), ("video", "src"),
           ("video", "poster"), ("track", "src"), ("input", "src"), ("image", "href"), ("use", "href")}


class _Urls(ScriptsParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []
        self.csp: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if (tag, name) in FETCHED or name in ("srcset", "poster", "background"):
                if tag == "link" and attributes.get("rel") in ("canonical", "prev", "next", "alternate"):
                    continue    # not fetched: addresses of this page or its neighbours
                self.fetched.extend(part.split()[0] for part in (value or "").split(",") if part.strip())
            elif tag == "a" and name == "href":
                self.links.append(value or "")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(attributes.get("content") or "")
        super().handle_starttag(tag, attrs)


def _is_site_relative(url: str) -> bool:
    parts = urlsplit(url.strip())
    return not parts.scheme and not parts.netloc and not url.strip().startswith(("//", "\\"))


def _allowed_hosts(built_site) -> set[str]:
    config = yaml.load((built_site.root / "mkdocs.yml").read_text("utf-8"), Loader=_IgnoreTags)
    sources = json.loads((built_site.data / "sources.json").read_text("utf-8"))
    hosts = {urlsplit(config["site_url"] if isinstance(config["site_url"], str) else
                      "https://iraq-russia-portal.github.io/").hostname, urlsplit(config["repo_url"]).hostname}
    hosts |= {urlsplit(s["url"]).hostname for s in sources if s.get("url")}
    return hosts | set(sanitize.load_policy().link_hosts)


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml's !ENV and !relative tags, read as plain values."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))


@pytest.mark.slow
def test_every_fetched_url_is_the_sites_and_every_link_on_the_list(built_site):
    hosts = _allowed_hosts(built_site)
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 20
    outside, links = [], []
    for path in pages:
        parser = _Urls()
        parser.feed(path.read_text("utf-8"))
        where = path.relative_to(built_site.site).as_posix()
        outside += [f"{where}: {url}" for url in parser.fetched if not _is_site_relative(url)
                    and not url.startswith("data:")]
        for url in parser.links:
            parts = urlsplit(url)
            if _is_site_relative(url) or parts.scheme == "mailto":
                continue
            if parts.scheme not in ("http", "https") or parts.hostname not in hosts:
                links.append(f"{where}: {url}")
    assert not outside, outside[:10]
    assert not links, links[:10]


@pytest.mark.slow
def test_every_page_has_the_policy_and_it_allows_only_the_templates_scripts(built_site):
    pages = sorted(built_site.site.rglob("*.html"))
    unlisted = []
    for path in pages:
        parser = _Urls()
        parser.feed(path.read_text("utf-8"))
        where = path.relative_to(built_site.site).as_posix()
        assert len(parser.csp) == 1, f"{where}: {len(parser.csp)} Content-Security-Policy meta elements"
        policy = parser.csp[0]
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        listed = set(re.findall(r"'sha256-([^']+)'", policy))
        for attrs, body in parser.scripts:
            if "src" in attrs or attrs.get("type") in ("application/json", "application/ld+json"):
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            if digest not in listed:
                unlisted.append(f"{where}: {body[:80]!r}")
    assert not unlisted, unlisted[:5]
