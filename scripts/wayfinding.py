"""Marks the section of a generated page in the navigation.

Entity pages (an event, an actor …) are ``not_in_nav``: MkDocs marks no nav
item active for them, so Material showed no active tab and the mobile drawer
no section. A generated page names its section in its front matter
(``section: events/index.md``, set by scripts/renderer/pages.py); while the
page renders, that nav page counts as active, which marks its tab and, in
the drawer, its entry (and its parents'), exactly as for a page in the nav.
"""

from __future__ import annotations


class SectionMarker:
    """In: ``page.meta["section"]`` (a docs-relative Markdown path). Out: the
    nav item's ``active`` flag, set by :meth:`mark` for the page's templates
    and cleared by :meth:`clear` after it."""

    def __init__(self):
        self._marked: list = []

    def mark(self, page, nav) -> None:
        section = (page.meta or {}).get("section")
        if isinstance(section, str) and section != page.file.src_uri:
            target = next((item for item in nav.pages if item.file.src_uri == section), None)
            if target is not None and not target.active:
                target.active = True
                self._marked.append(target)

    def clear(self) -> None:
        while self._marked:
            self._marked.pop().active = False
