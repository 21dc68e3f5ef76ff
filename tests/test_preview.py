"""Incremental preview (scripts/preview.py): after every edit, the site that
``mkdocs serve`` rebuilt incrementally is byte for byte the site a clean
``mkdocs build --strict`` makes of the same inputs, and the rebuild
re-rendered only some of the pages.

The rebuilds are driven by tests/preview_driver.py (``mkdocs serve``'s
builder without its web server). Edits, one rebuild each: a paragraph in a
source text (and its sha256), an actor's summary, an event's title (shown on
many pages), a hand-written page, a file a hand-written page includes, a period's title, a glossary expansion (on
every page), and a rebuild with nothing changed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    ROOT,
    copy_project,
    mkdocs_build,
    prefix_entry_value,
    prefix_nth_entry,
    subprocess_env,
    tree_digest,
)
from tests.test_live_preview import append_paragraph

URL = "http://127.0.0.1:8000/"

pytestmark = pytest.mark.slow


def _prefix_value(project: Path, kind: str, index: int, key: str, word: str) -> str:
    """Put *word* before the value of *key* of the *index*-th entry of *kind*
    (in file-name order); returns the entry's id (if it has one)."""
    return prefix_nth_entry(project, kind, index, key, word).get("id")


class Driver:
    def __init__(self, project: Path, site: Path):
        env = subprocess_env(SITE_URL=URL, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen([sys.executable, "-m", "tests.preview_driver", str(project), str(site), URL],
                                        cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.first = self._result()

    def _result(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            pytest.fail("the preview driver stopped:\n" + self.process.stderr.read()[-3000:])
        return json.loads(line)

    def rebuild(self) -> dict:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return self._result()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def _same_as_clean_build(project: Path, site: Path, reference: Path, what: str) -> None:
    built = mkdocs_build(project, reference, env=subprocess_env(SITE_URL=URL), quiet=False)
    assert built.returncode == 0, built.describe()
    clean, incremental = tree_digest(reference), tree_digest(site)
    missing = sorted(set(clean) - set(incremental))
    extra = sorted(set(incremental) - set(clean))
    differ = sorted(p for p in set(clean) & set(incremental) if clean[p] != incremental[p])
    assert not (missing or extra or differ), (
        f"after {what}, the incremental site differs from a clean build: missing {missing[:5]}, "
        f"extra {extra[:5]}, different {differ[:5]} (of {len(clean)} files)")


def test_incremental_rebuilds_equal_clean_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "CONTRIBUTING.md", project / "CONTRIBUTING.md")      # docs/contributing.md includes it
    site, reference = tmp_path / "site", tmp_path / "reference"
    driver = Driver(project, site)
    try:
        assert driver.first["ok"], driver.first
        total = driver.first["pages"]

        def step(what: str, page: str | None = None, marker: str | None = None, partial: bool = True):
            result = driver.rebuild()
            assert result["ok"], f"{what}: {result}"
            if partial:
                assert result["rendered"] < total / 2, f"{what}: {result['rendered']} of {total} pages re-rendered"
            if page:
                assert marker in (site / page).read_text("utf-8"), f"{what}: {page} does not show {marker}"
            _same_as_clean_build(project, site, reference, what)

        step("a rebuild with nothing changed")

        marker = "Qx9PreviewText"
        entry = append_paragraph(project, marker)
        step("a paragraph added to a source text", f"sources/{entry.id}.html", marker)

        actor = _prefix_value(project, "actors", 0, "summary", "Qx9PreviewActor")
        step("an actor's summary edited", f"actors/{actor}.html", "Qx9PreviewActor")

        event = _prefix_value(project, "events", 0, "title", "Qx9PreviewEvent")
        step("an event's title edited", f"events/{event}.html", "Qx9PreviewEvent")

        # Two edits that touch different pages (neither page's output reads
        # the other's file): one rebuild checks both, and neither can hide a
        # dependency the preview should have followed for the other.
        about = project / "docs/about/index.md"
        about.write_text(about.read_text("utf-8") + "\n\nAdded while previewing: Qx9PreviewDocs.\n", "utf-8")
        guide = project / "CONTRIBUTING.md"
        guide.write_text(guide.read_text("utf-8") + "\n\nAdded while previewing: Qx9PreviewGuide.\n", "utf-8")
        step("a hand-written page and CONTRIBUTING.md (docs/contributing.md includes it) edited",
             "about/index.html", "Qx9PreviewDocs")
        assert "Qx9PreviewGuide" in (site / "contributing.html").read_text("utf-8")

        period = _prefix_value(project, "periods", 0, "title", "Qx9PreviewPeriod")
        # Every page's search filters name its period: a period title is an input of every page.
        step("a period's title edited", f"periods/{period}.html", "Qx9PreviewPeriod", partial=False)

        term = "CAATSA"             # its expansion rests on a note: it need not occur in a text
        prefix_entry_value(project, "glossary", term, "expansion", "Qx9PreviewGlossary")
        step(f"the glossary's {term} expanded differently (every page)", "glossary.html", "Qx9PreviewGlossary",
             partial=False)
    finally:
        driver.close()
