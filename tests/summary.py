"""``python -m tests.summary``: one line for CI after the test run.

Builds the site from a temporary copy of the project (as the tests do),
runs the integrity checker of tests/integrity.py on it, and prints pages,
passages, actors, events, links checked and how many bad inputs the
hostile-input suite tries. Exit status 1 when the site does not build or
the checker finds a problem.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers import copy_project, mkdocs_build, subprocess_env
from tests.integrity import check_site, problems
from tests.test_hostile_inputs import CASES


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="portal-summary-") as tmp:
        root = copy_project(Path(tmp) / "project")
        site = Path(tmp) / "site"
        built = mkdocs_build(root, site, env=subprocess_env())
        if built.returncode != 0:
            print("summary: the site does not build:\n" + built.stderr[-3000:], file=sys.stderr)
            return 1
        report = check_site(site)
        counts = {name: len(json.loads((site / "data" / f"{name}.json").read_text("utf-8")))
                  for name in ("passages", "actors", "events")}
    found = problems(report)
    print(f"Summary: {report['pages']} pages, {counts['passages']} passages, {counts['actors']} actors, "
          f"{counts['events']} events, {report['links_checked']} links checked "
          f"({report['anchors_checked']} anchors, {len(report['external_links'])} external links not followed), "
          f"{len(CASES)} bad inputs tried, {len(found)} integrity problems "
          f"[{time.perf_counter() - started:.0f} s]")
    for problem in found[:20]:
        print(f"  {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
