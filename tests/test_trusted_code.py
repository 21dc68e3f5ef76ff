"""Trusted code is reviewed as code: CODEOWNERS names the paths that run at
build or test time; the pull-request workflow's summary lists the trusted
paths a pull request changes apart from content (the step is run here, in a
throwaway repository, as the workflow runs it); every action is pinned by a
full commit SHA; Python dependencies install from a lock with hashes."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_codeowners_covers_the_trusted_paths():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text("utf-8")
    patterns = {line.split()[0] for line in owners.splitlines() if line.strip() and not line.startswith("#")}
    for needed in ("/mkdocs.yml", "/overrides/", "/scripts/", "/Makefile", "/.github/", "/package*.json",
                   "/requirements*", "/pyproject.toml", "/.ci/"):
        assert needed in patterns, needed
    assert not any(p.startswith(("/sources", "/docs")) for p in patterns), "content is checked by the build"


def test_every_action_is_pinned_by_a_commit_sha():
    uses = [(path.name, match) for path in WORKFLOWS
            for match in re.findall(r"uses:\s*(\S+)", path.read_text("utf-8"))]
    assert uses
    loose = [(name, ref) for name, ref in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref)]
    assert not loose, loose


def _trusted_step() -> str:
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    return next(step["run"] for step in ci["jobs"]["trusted-code"]["steps"] if step.get("id") == "trusted")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x.invalid",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x.invalid"}).stdout.strip()


@pytest.mark.parametrize(("changed", "trusted"), [
    (["sources/events/x.yml", "docs/about/index.md"], []),
    (["docs/index.md", "mkdocs.yml"], ["mkdocs.yml"]),
    (["overrides/main.html", "scripts/plugin.py", "requirements.lock", "package-lock.json"],
     ["overrides/main.html", "scripts/plugin.py", "requirements.lock", "package-lock.json"]),
    (["Makefile", ".github/workflows/ci.yml", "sources/catalog.yml"], ["Makefile", ".github/workflows/ci.yml"]),
    (["docs/scripts/x.md"], []),        # a folder named scripts inside content is content
])
def test_the_summary_lists_trusted_paths_apart_from_content(tmp_path, changed, trusted):
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    (repo / ".github" / "CODEOWNERS").write_text((ROOT / ".github" / "CODEOWNERS").read_text("utf-8"))
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    base = _git(repo, "rev-parse", "HEAD")
    for rel in changed:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("changed\n")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "change")
    head = _git(repo, "rev-parse", "HEAD")
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    done = subprocess.run(["bash", "-c", _trusted_step()], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "BASE": base, "HEAD": head, "GITHUB_STEP_SUMMARY": str(summary),
                               "GITHUB_OUTPUT": str(output)})
    assert done.returncode == 0, done.stderr
    text = summary.read_text("utf-8")
    listed = text.split("### Content")[0]
    assert sorted(re.findall(r"- `([^`]+)`", listed)) == sorted(trusted), text
    assert f"trusted={'true' if trusted else 'false'}" in output.read_text("utf-8")


def test_python_dependencies_install_from_a_hashed_lock():
    lock = (ROOT / "requirements.lock").read_text("utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", lock)[1:]
    assert len(entries) > 20
    assert all("--hash=sha256:" in entry for entry in entries), "a pin without a hash"
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "--require-hashes -r requirements.lock" in makefile and "--no-deps -e ." in makefile
