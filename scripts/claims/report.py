"""The measures of how far the editors' layer stays within its sources
(``python -m scripts claims-report``): problems of each claims check, the
open ``unsupported-detail`` items, event dates whose brackets a rule by
kind would have dropped, and the disagreements computed. In: a
:class:`~scripts.model.BuildResult` of ``run(keep_going=True)``."""

from __future__ import annotations

import re

from scripts import dates
from scripts.claims import disputes, keys, precision
from scripts.claims.checks import BY_ID, CHECKS

_TAG = re.compile(r"\(check: ([a-z-]+)\)$")


def _kind_brackets_dropped(event) -> bool:
    """Would the bracket rule by kind show a part unbracketed that no
    citation states by value? (The rule before issue 19, item 2.)"""
    try:
        stated = dates.statement(event.date.text)
        stating = [dates.statement(c.says.date) for c in event.citations if c.says]
    except dates.StatementError:
        return False
    by_kind = precision.unstated(stated, [d for d in stating if dates.overlap(stated, d)])
    return any(gaps - by_kind for gaps in precision.unstated_values(stated, stating))


def measures(result) -> dict[str, int]:
    """Each measure by name (0 is the goal for all but the disputes)."""
    by_check = {check.id: 0 for check in CHECKS}
    for problem in result.problems:
        match = _TAG.search(problem.message)
        if match and match.group(1) in by_check:
            by_check[match.group(1)] += 1
    open_items = [i for i in result.corpus.editorial if not i.explanation]
    by_check["unsupported-detail"] = sum(1 for i in open_items if i.kind == "unsupported-detail")
    for kind in ("uncited-sentence", "unassessed-dispute", "single-source-hedged"):
        by_check[kind] = sum(1 for i in open_items if i.kind == kind)
    out: dict[str, int] = {}
    for check in CHECKS:
        if check.counts_as:
            out[check.counts_as] = out.get(check.counts_as, 0) + by_check[check.id]
    out["value-bracket by the old rule by kind (now shown in brackets)"] = sum(_kind_brackets_dropped(e) for e in result.corpus.events)
    computed = 0
    for event in result.corpus.events:
        if any(c.says is None for c in event.citations):
            continue
        try:
            stating = [dates.statement(c.says.date) for c in event.citations]
        except dates.StatementError:
            continue
        unkeyed = keys.event_partitions(event)[0]
        computed += len(disputes.disagreements([stating[i] for i in unkeyed],
                                               [event.citations[i].says.quantities for i in unkeyed]))
    out["disagreements computed (inside events)"] = computed
    out["disagreements computed (by claim key, across events)"] = len(result.corpus.key_disputes)
    out["disputes shown"] = sum(1 for e in result.corpus.events if e.disputed) + len(result.corpus.key_disputes)
    out["problems (all checks)"] = len(result.problems)
    # What the zeros above do not count: items an editor explained instead of fixing.
    explained = [i for i in result.corpus.editorial if i.explanation]
    for kind in ("unsupported-detail", "single-source-hedged", "uncited-sentence", "unassessed-dispute"):
        out[f"explained, not fixed: {kind}"] = sum(1 for i in explained if i.kind == kind)
    out.update({f"check {k}": v for k, v in by_check.items() if v and k in BY_ID})
    return out
