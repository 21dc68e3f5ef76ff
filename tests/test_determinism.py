"""Reproducible builds: the same inputs and SOURCE_DATE_EPOCH give a
byte-identical site; without SOURCE_DATE_EPOCH the build date is the last
commit's."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

from tests.helpers import FIXED_EPOCH, mkdocs_build, run_cli, subprocess_env, tree_digest

#: Every test here builds the site with MkDocs (or uses the session build).
pytestmark = pytest.mark.slow


def test_two_builds_of_the_same_copy_are_byte_identical(built_site):
    """The session build and a second one of the same copy, in another folder."""
    second = built_site.root.parent / "site-again"
    result = mkdocs_build(built_site.root, second, env=subprocess_env())
    assert result.returncode == 0, result.describe()
    first_tree, second_tree = tree_digest(built_site.site), tree_digest(second)
    for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "search/search_index.js",
                 "data/iraq-russia-portal.json", "index.html", "pagefind/pagefind-entry.json"):
        assert name in first_tree, f"the build has no {name}"
    assert sorted(first_tree) == sorted(second_tree)
    differing = sorted(name for name in first_tree if first_tree[name] != second_tree[name])
    assert differing == []


def test_source_date_epoch_is_the_build_date(built_site):
    built = json.loads((built_site.data / "iraq-russia-portal.json").read_text("utf-8"))["built"]
    expected = dt.datetime.fromtimestamp(int(FIXED_EPOCH), tz=dt.UTC).date().isoformat()
    assert built == expected == "2023-11-14"
    assert "<lastmod>2023-11-14</lastmod>" in (built_site.site / "sitemap.xml").read_text("utf-8")


def _git(root, *args, env=None):
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True)


def test_without_source_date_epoch_the_date_is_the_last_commits(fixture_project, tmp_path):
    root = fixture_project
    env = subprocess_env(SOURCE_DATE_EPOCH=None, GIT_AUTHOR_DATE="2001-02-03T04:05:06+00:00",
                         GIT_COMMITTER_DATE="2001-02-03T04:05:06+00:00", GIT_AUTHOR_NAME="Test",
                         GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
                         GIT_COMMITTER_EMAIL="test@example.org", GIT_CONFIG_GLOBAL="/dev/null",
                         GIT_CONFIG_NOSYSTEM="1")
    _git(root, "init", "--quiet", env=env)
    _git(root, "add", "--all", env=env)
    _git(root, "commit", "--quiet", "--no-gpg-sign", "-m", "fixed date", env=env)
    assert "SOURCE_DATE_EPOCH" not in env

    out = tmp_path / "out"
    result = run_cli(root, "build", "--out", out, env=env)
    assert result.returncode == 0, result.describe()
    dataset = json.loads((out / "data" / "iraq-russia-portal.json").read_text("utf-8"))
    assert dataset["built"] == "2001-02-03"
    assert len(dataset["version"]) == 10 and dataset["version"] != "unversioned"

    site = tmp_path / "site"
    built = mkdocs_build(root, site, env=env)
    assert built.returncode == 0, built.describe()
    assert '<time datetime="2001-02-03">3 February 2001</time>' in (site / "index.html").read_text("utf-8")

    # SOURCE_DATE_EPOCH, when set, wins over the commit.
    again = run_cli(root, "build", "--out", tmp_path / "out2", env=dict(env, SOURCE_DATE_EPOCH=FIXED_EPOCH))
    assert again.returncode == 0, again.describe()
    assert json.loads((tmp_path / "out2" / "data" / "iraq-russia-portal.json").read_text("utf-8"))["built"] \
        == "2023-11-14"
