"""Version and date of a build, reproducibly.

The build date is ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds
convention, honoured by MkDocs' sitemap too) and otherwise the time of the
last commit, so two builds of one commit are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
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


def build_info(root: Path, site_url: str | None = None, repo_url: str | None = None) -> BuildInfo:
    epoch = source_date_epoch(root)
    date = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    commit = _git(root, "rev-parse", "--short=10", "HEAD") or "unversioned"
    version = os.environ.get("PORTAL_VERSION") or commit
    url = site_url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL
    if not url.endswith("/"):
        url += "/"
    return BuildInfo(date=date, commit=commit, version=version, site_url=url, repo_url=repo_url)
