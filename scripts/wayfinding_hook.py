"""Marks the section of every page in the navigation (``hooks:`` in mkdocs.yml).

Entity pages (an event, an actor …) are ``not_in_nav``: MkDocs marks no nav
item active for them, so Material showed no active tab and the mobile drawer
no section. A generated page names its section in its front matter
(``section: events/index.md``, set by scripts/renderer/pages.py); while the
page renders, that nav page counts as active, which marks its tab and, in
the drawer, its entry (and its parents'), exactly as for a page in the nav.

In: ``page.meta["section"]`` (a docs-relative Markdown path). Out: the nav
item's ``active`` flag, set for the page's templates and cleared after it.
"""

from __future__ import annotations

_marked: list = []


def _nav_page(nav, src_uri: str):
    for item in nav.pages:
        if item.file.src_uri == src_uri:
            return item
    return None


def on_page_context(context, page, config, nav, **kwargs):
    section = (page.meta or {}).get("section")
    if isinstance(section, str) and section != page.file.src_uri:
        target = _nav_page(nav, section)
        if target is not None and not target.active:
            target.active = True
            _marked.append(target)
    return context


def on_post_page(output, page, config, **kwargs):
    while _marked:
        _marked.pop().active = False
    return output
