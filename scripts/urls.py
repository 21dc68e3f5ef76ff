"""Where each kind of page lives, and relative links between pages.

Pages are written with ``use_directory_urls: false`` (``actors/x.html``) so
that the site also works opened from disk. Raw HTML produced by the render
stage cannot be rewritten by MkDocs, so links in it are made relative here.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

SECTIONS = {"source": "sources", "actor": "actors", "event": "events", "period": "periods",
            "theme": "themes"}

#: Names an id or a tag may not take: each section's index page, and the
#: folders and files MkDocs, Material and the portal put at the site's root
#: (an id becomes a file name; a layout that moves pages up must not let
#: ``index`` or ``search`` replace a page silently).
RESERVED_NAMES = frozenset({"index", "search", "assets", "data", "404", "sitemap", "editors", "about",
                            "stylesheets", "javascripts", *SECTIONS.values()})


def page_path(kind: str, item_id: str) -> str:
    """Markdown path of an entity page, relative to docs/."""
    return f"{SECTIONS[kind]}/{item_id}.md"


def html_path(markdown_path: str) -> str:
    return markdown_path[: -len(".md")] + ".html"


def url_path(kind: str, item_id: str) -> str:
    """Site-relative URL of an entity page (for the data export)."""
    return html_path(page_path(kind, item_id))


def relative(from_markdown: str, to_markdown: str, fragment: str = "") -> str:
    """Relative URL from one generated page to another (both docs/-relative)."""
    start = posixpath.dirname(from_markdown) or "."
    target = _relpath(html_path(to_markdown), start)
    return target + fragment


def relative_md(from_markdown: str, to_markdown: str) -> str:
    """Relative link from one page to another's Markdown file, for Markdown
    links (MkDocs checks and rewrites those itself)."""
    return _relpath(to_markdown, posixpath.dirname(from_markdown) or ".")


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for docs-relative paths.

    Performance (bench/README.md): the render stage makes ~20 links per
    passage; ``posixpath.relpath`` makes both paths absolute (``os.getcwd()``
    each time), which was a tenth of the render stage. For relative paths
    that stay inside docs/ the cwd cancels out, so the result is computed
    from the normalized parts (a one-off comparison of the two, commit
    5b78532, found them equal); anything else goes to ``posixpath.relpath``.
    """
    if not path or not start:
        return posixpath.relpath(path, start)
    path_parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".")]
    start_parts = [p for p in posixpath.normpath(start).split("/") if p not in ("", ".")]
    if path.startswith("/") or start.startswith("/") or ".." in path_parts or ".." in start_parts:
        return posixpath.relpath(path, start)
    common = 0
    while common < min(len(path_parts), len(start_parts)) and path_parts[common] == start_parts[common]:
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."
