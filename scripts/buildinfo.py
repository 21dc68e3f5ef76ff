"""Version and date of a build, reproducibly.

The build date is ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds
convention, honoured by MkDocs' sitemap too) and otherwise the time of the
last commit, so two builds of one commit are byte-identical.

The version is what readers cite: ``PORTAL_VERSION`` when set, else
``version`` in pyproject.toml (CHANGELOG.md); the commit is kept apart, for
the footer only (issue 12: no commit hash in citations).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from pathlib import Path

from scripts.model import BuildInfo

DEFAULT_SITE_URL = "https://iraq-russia-portal.github.io/portal/"


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def source_date_epoch(root: Path) -> int:
    """``SOURCE_DATE_EPOCH``, else the last commit's time, else 0."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.strip().isdigit():
        return int(value)
    committed = _git(root, "log", "-1", "--format=%ct")
    return int(committed) if committed and committed.isdigit() else 0


def project_version(root: Path) -> str | None:
    """``version`` of pyproject.toml, or None without a readable one."""
    try:
        with open(root / "pyproject.toml", "rb") as handle:
            version = tomllib.load(handle).get("project", {}).get("version")
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return version if isinstance(version, str) and version else None


def build_info(root: Path, site_url: str | None = None, repo_url: str | None = None) -> BuildInfo:
    epoch = source_date_epoch(root)
    date = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    commit = _git(root, "rev-parse", "--short=10", "HEAD") or "unversioned"
    version = os.environ.get("PORTAL_VERSION") or project_version(root) or commit
    url = site_url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    if not url.endswith("/"):
        url += "/"
    return BuildInfo(date=date, commit=commit, version=version, site_url=url, repo_url=repo_url)
