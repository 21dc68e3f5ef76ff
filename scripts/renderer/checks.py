"""The method page's list of the checks the build runs (``<!-- portal:checks
-->``), from the registry :data:`scripts.claims.checks.CHECKS`, with the
live count of the open editorial items each queued check has found."""

from __future__ import annotations

import re

from markupsafe import Markup

from scripts.claims.checks import CHECKS
from scripts.renderer.references import NOTES_PAGE
from scripts.urls import relative

#: A `backquoted` word of a rule (shown as code).
_BACKQUOTED = re.compile(r"`([^`]+)`")


def checks_block(ctx) -> str:
    open_items: dict[str, int] = {}
    for item in ctx.corpus.editorial:
        if not item.explanation:
            open_items[item.kind] = open_items.get(item.kind, 0) + 1
    rows = [{"id": check.id, "title": check.title, "rule": Markup(ctx.part("code", pieces=_BACKQUOTED.split(check.rule))),
             "refused": check.outcome == "refused", "open": open_items.get(check.id, 0)} for check in CHECKS]
    return ctx.render("_checks.html", checks=rows, report=relative(NOTES_PAGE, "editors/report.md")).strip()
