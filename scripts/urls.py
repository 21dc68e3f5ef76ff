"""Where each kind of page lives, and relative links between pages.

Pages are written with ``use_directory_urls: false`` (``actors/x.html``) so
that the site also works opened from disk. Raw HTML produced by the render
stage cannot be rewritten by MkDocs, so links in it are made relative here.
"""

from __future__ import annotations

import posixpath

SECTIONS = {"source": "sources", "actor": "actors", "event": "events", "period": "periods",
            "theme": "themes"}


def page_path(kind: str, item_id: str) -> str:
    """Markdown path of an entity page, relative to docs/."""
    return f"{SECTIONS[kind]}/{item_id}.md"


def html_path(markdown_path: str) -> str:
    if markdown_path.endswith("index.md"):
        return markdown_path[: -len(".md")] + ".html"
    return markdown_path[: -len(".md")] + ".html"


def url_path(kind: str, item_id: str) -> str:
    """Site-relative URL of an entity page (for the data export)."""
    return html_path(page_path(kind, item_id))


def relative(from_markdown: str, to_markdown: str, fragment: str = "") -> str:
    """Relative URL from one generated page to another (both docs/-relative)."""
    start = posixpath.dirname(from_markdown) or "."
    target = posixpath.relpath(html_path(to_markdown), start)
    return target + fragment
