"""Incremental preview (scripts/preview/): after every edit, the site that
``mkdocs serve`` rebuilt incrementally is byte for byte the site a clean
``mkdocs build --strict`` makes of the same inputs, and the rebuild
re-rendered only some of the pages.

The rebuilds are driven by tests/preview_driver.py (``mkdocs serve``'s
builder without its web server). What this file tests is the MkDocs side
(scripts/preview/internals.py: which pages are skipped, and what a skipped
page hands to the rest of the build); whether the pipeline gives each page
the Markdown a clean run gives, edit by edit, is tests/test_incremental.py
(in-process, ten kinds of edit). So edits of generated pages share one
rebuild: a paragraph in a source text (and its sha256), an actor's summary
and an event's title (shown on many pages); then a hand-written page with a
file it includes; then a period's title and a glossary expansion, inputs
of every page (each is shown to be one by :func:`test_every_page_depends_on_the_period_titles_and_the_glossary`,
in-process), and a rebuild with nothing changed. Each rebuild is compared
with one clean build (three in all) or, with nothing changed, with the
build before it.

It runs on the fixture knowledge layer (tests/fixtures/knowledge/, with the
real texts and catalog): every kind of generated page is there, continuation
pages included, and which pages MkDocs skips does not depend on what the
editors curate; a clean build of it costs a third of the real corpus's.
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
    knowledge_copy,
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
    project = knowledge_copy(tmp_path)
    shutil.copy2(ROOT / "CONTRIBUTING.md", project / "CONTRIBUTING.md")      # docs/contributing.md includes it
    site, reference = tmp_path / "site", tmp_path / "reference"
    driver = Driver(project, site)
    try:
        assert driver.first["ok"], driver.first
        total = driver.first["pages"]

        def rebuild(what: str, partial: bool = True) -> dict:
            result = driver.rebuild()
            assert result["ok"], f"{what}: {result}"
            if partial:
                assert result["rendered"] < total / 2, f"{what}: {result['rendered']} of {total} pages re-rendered"
            return result

        def shows(page: str, marker: str, what: str) -> None:
            assert marker in (site / page).read_text("utf-8"), f"{what}: {page} does not show {marker}"

        before = tree_digest(site)
        rebuild("a rebuild with nothing changed")
        assert tree_digest(site) == before, "a rebuild with nothing changed changed the site"

        # Generated pages: each edit changes the Markdown of some pages
        # (which ones is tests/test_incremental.py's matter).
        entry = append_paragraph(project, "Qx9PreviewText")
        actor = _prefix_value(project, "actors", 0, "summary", "Qx9PreviewActor")
        event = _prefix_value(project, "events", 0, "title", "Qx9PreviewEvent")
        what = "a paragraph added to a source text, an actor's summary and an event's title edited"
        rebuild(what)
        shows(f"sources/{entry.id}.html", "Qx9PreviewText", what)
        shows(f"actors/{actor}.html", "Qx9PreviewActor", what)
        shows(f"events/{event}.html", "Qx9PreviewEvent", what)
        _same_as_clean_build(project, site, reference, what)

        # Two edits that touch different pages (neither page's output reads
        # the other's file): one rebuild checks both, and neither can hide a
        # dependency the preview should have followed for the other.
        about = project / "docs/about/index.md"
        about.write_text(about.read_text("utf-8") + "\n\nAdded while previewing: Qx9PreviewDocs.\n", "utf-8")
        guide = project / "CONTRIBUTING.md"
        guide.write_text(guide.read_text("utf-8") + "\n\nAdded while previewing: Qx9PreviewGuide.\n", "utf-8")
        what = "a hand-written page and CONTRIBUTING.md (docs/contributing.md includes it) edited"
        rebuild(what)
        shows("about/index.html", "Qx9PreviewDocs", what)
        shows("contributing.html", "Qx9PreviewGuide", what)
        _same_as_clean_build(project, site, reference, what)

        # Inputs of every page: every page's search filters name its period,
        # and the glossary's abbreviations are appended to every page.
        period = _prefix_value(project, "periods", 0, "title", "Qx9PreviewPeriod")
        term = "UN"                 # its expansion rests on a note: it need not occur in a text
        prefix_entry_value(project, "glossary", term, "expansion", "Qx9PreviewGlossary")
        what = f"a period's title and the glossary's {term} edited (every page)"
        result = rebuild(what, partial=False)
        assert result["rendered"] == result["pages"], f"{what}: only {result['rendered']} pages re-rendered"
        shows(f"periods/{period}.html", "Qx9PreviewPeriod", what)
        shows("glossary.html", "Qx9PreviewGlossary", what)
        _same_as_clean_build(project, site, reference, what)
    finally:
        driver.close()


def test_every_page_depends_on_the_period_titles_and_the_glossary(tmp_path):
    """A period's title (in every page's search filters) and the glossary (its
    abbreviations are appended to every page) are among the inputs of every
    page (``build_dependencies``' third part): an edit of either re-renders
    every page. Source titles are too (the filters name them)."""
    from dataclasses import replace

    from scripts.buildinfo import build_info
    from scripts.pagetext import BLOCK
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run
    from scripts.preview.internals import build_dependencies

    project = knowledge_copy(tmp_path)
    result = run(ProjectPaths(project), build_info(project))
    corpus = result.corpus

    def everywhere(changed) -> tuple:
        return build_dependencies([], None, replace(result, corpus=changed), BLOCK, None)[2]

    first_period, first_term, first_source = corpus.periods[0], corpus.glossary[0], corpus.sources[0]
    edits = {
        "a period's title": replace(corpus, periods=(replace(first_period, title="Qx9 title"), *corpus.periods[1:])),
        "a glossary expansion": replace(corpus, glossary=(replace(first_term, expansion="Qx9 expansion"),
                                                          *corpus.glossary[1:])),
        "a source's title": replace(corpus, sources=(replace(first_source, entry=replace(
            first_source.entry, title="Qx9 source")), *corpus.sources[1:])),
    }
    unchanged = everywhere(corpus)
    assert unchanged == everywhere(replace(corpus)), "the same corpus must give the same inputs"
    for what, changed in edits.items():
        assert everywhere(changed) != unchanged, f"{what} is not an input of every page"
