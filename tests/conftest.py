"""Fixtures of the non-browser suite.

The curated YAML of the real checkout may be half-written while the tests
run, so nothing here builds in the checkout itself: every fixture copies the
project (or part of it) into a temporary folder first.

* ``project_copy``      a full copy (mkdocs.yml, docs/, overrides/, scripts/, sources/)
* ``texts_only_copy``   sources/texts/, sources/catalog/ and cleaning.yml only
* ``fixture_project``   a full copy whose knowledge layer (periods, actors,
                        events, glossary) is tests/fixtures/knowledge/: a small,
                        fixed, valid layer for tests that must not depend on curation
* ``built_site``        (session) the real site, built ONCE per xdist worker
                        with ``mkdocs build --strict`` from a copy
* ``pipeline_result``   (session) the pipeline run in-process on that same copy
* ``cli``               run ``python -m scripts …`` on a copy, in this process
                        (tests.helpers.cli_in_process); a test of the command
                        line itself runs it as a subprocess (tests.helpers.run_cli)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import (
    Run,
    cli_in_process,
    copy_project,
    copy_texts_only,
    knowledge_copy,
    mkdocs_build,
    subprocess_env,
)

# Random property tests are reproducible: under CI (CI=true, as .ci/run is
# run) every test draws its examples from a fixed seed (derandomize); on a
# developer's machine they vary from run to run and hypothesis keeps the
# failing ones in its database. Either way a failure prints the
# @reproduce_failure blob that replays it. Set HYPOTHESIS_PROFILE to choose.
settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@dataclass(frozen=True)
class BuiltSite:
    root: Path          # the project copy it was built from
    site: Path          # the built site folder
    build: Run          # the mkdocs run (stdout, stderr, exit code)

    @property
    def data(self) -> Path:
        return self.site / "data"


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def texts_only_copy(tmp_path: Path) -> Path:
    return copy_texts_only(tmp_path / "texts-only")


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    return knowledge_copy(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The real site, built once per worker from a copy of the project."""
    base = tmp_path_factory.mktemp("real-site")
    root = copy_project(base / "project")
    site = base / "site"
    result = mkdocs_build(root, site, env=subprocess_env())
    if result.returncode != 0:
        pytest.fail("the real site does not build (the curated sources/ may be mid-edit):\n"
                    + result.describe(), pytrace=False)
    return BuiltSite(root, site, result)


@pytest.fixture(scope="session")
def pipeline_result(built_site):
    """scripts.pipeline.run on the same copy the site was built from."""
    from scripts.buildinfo import build_info
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run

    return run(ProjectPaths(built_site.root), build_info(built_site.root))


@pytest.fixture
def cli():
    """``cli(root, "check")`` → :class:`tests.helpers.Run` (exit code, stdout, stderr) of the
    command run in this process: what the command finds, at a third of a new interpreter's cost."""
    return cli_in_process
