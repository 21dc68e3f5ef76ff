"""The repository's own files: CI and deployment workflows, the pre-commit
configuration, the editors' guide (CONTRIBUTING.md, also in the site), the
changelog, and the layout check of the curated YAML (scripts/yamlformat.py)."""

from __future__ import annotations

import json
import re
import shlex
import tomllib

import jsonschema
import pytest
import yaml

from scripts.paths import ProjectPaths
from scripts.schemacheck import input_schema
from scripts.yamlformat import check, check_file, check_text, field_order
from tests.helpers import ROOT, run_cli

WORKFLOWS = ROOT / ".github" / "workflows"
SCHEMA = json.loads((ROOT / "tests/fixtures/github-workflow.schema.json").read_text("utf-8"))
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


class WorkflowLoader(yaml.SafeLoader):
    """YAML 1.2 booleans, as GitHub reads workflows: ``on:`` is a key, not True."""


WorkflowLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
WorkflowLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                     list("tTfF"))


def load_workflow(name: str) -> dict:
    return yaml.load((WORKFLOWS / name).read_text("utf-8"), Loader=WorkflowLoader)  # noqa: S506


def schema_errors(document) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]


def steps_using(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


# ------------------------------------------------------------------ workflows

def test_the_workflow_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_workflows_match_the_schema(name):
    workflow = load_workflow(name)
    assert schema_errors(workflow) == []


@pytest.mark.parametrize("mistake, fragment", [
    ({"jobs": {"t": {"steps": [{"run": "true"}]}}}, "runs-on"),
    ({"jobs": {"t": {"runs-on": "ubuntu-latest", "steps": [{"rnu": "true"}]}}}, "rnu"),
    ({"jobs": {"t": {"runs-on": "ubuntu-latest", "steps": [{"uses": "actions/checkout@v4", "run": "x"}]}}},
     "valid under each of"),
    ({"jobs": {"t": {"runs-on": "ubuntu-latest", "steps": [{"uses": "actions/checkout"}]}}}, "does not match"),
    ({"jobs": {"t": {"runs-on": "ubuntu-latest", "runs_on": "x", "steps": [{"run": "x"}]}}}, "runs_on"),
    ({"permissions": {"pages": "admin"}, "jobs": {"t": {"runs-on": "x", "steps": [{"run": "x"}]}}}, "admin"),
    ({"permissions": {"page": "write"}, "jobs": {"t": {"runs-on": "x", "steps": [{"run": "x"}]}}}, "page"),
])
def test_the_schema_catches_typical_mistakes(mistake, fragment):
    workflow = {"name": "x", "on": {"push": {"branches": ["main"]}}, **mistake}
    errors = schema_errors(workflow)
    assert errors, f"the schema accepted {mistake}"
    assert any(fragment in e for e in errors), errors


def test_the_schema_rejects_an_unknown_trigger():
    assert schema_errors({"on": {"pushh": None}, "jobs": {"t": {"runs-on": "x", "steps": [{"run": "x"}]}}})


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_workflow_references_resolve(name):
    """``needs`` name jobs of the workflow; ``steps.X`` expressions name steps of their job."""
    workflow = load_workflow(name)
    jobs = workflow["jobs"]
    for job_id, job in jobs.items():
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            assert need in jobs and need != job_id, f"{name}: job {job_id} needs unknown job {need}"
        step_ids = {s["id"] for s in job.get("steps", []) if "id" in s}
        text = yaml.safe_dump(job)
        for referenced in re.findall(r"steps\.([A-Za-z0-9_-]+)\.", text):
            assert referenced in step_ids, f"{name}: job {job_id} refers to unknown step '{referenced}'"


def test_ci_runs_the_readme_command_in_debian():
    workflow = load_workflow("ci.yml")
    assert "pull_request" in workflow["on"] and "push" in workflow["on"]
    # The job that tests; others (the trusted-code summary, the review of a
    # change) run beside it.
    (job,) = [j for j in workflow["jobs"].values()
              if any("bash .ci/run" in s.get("run", "") for s in j.get("steps", []))]
    assert job["runs-on"] == "ubuntu-latest"
    image = job["container"] if isinstance(job["container"], str) else job["container"]["image"]
    # Debian's chromium from apt is a real browser at /usr/bin/chromium (Ubuntu's is a snap stub).
    assert re.fullmatch(r"(python:3\.11-bookworm|debian:bookworm(-slim)?)", image), image
    assert steps_using(job, "actions/checkout"), "the workflow checks out the repository"
    runs = [s["run"].strip() for s in job["steps"] if "run" in s]
    assert "bash .ci/run" in runs
    ci_script = (ROOT / ".ci/run").read_text("utf-8")
    assert "make test" in ci_script and "chromium" in ci_script
    assert workflow["permissions"] == {"contents": "read"}


def test_deploy_builds_reproducibly_and_publishes_to_pages():
    workflow = load_workflow("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]

    (checkout,) = steps_using(build, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "a full clone, so that git knows the last commit's date"
    (python,) = steps_using(build, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    (pages,) = steps_using(build, "actions/configure-pages")
    (make,) = [s for s in build["steps"] if "make build" in s.get("run", "")]
    assert f"steps.{pages['id']}.outputs.base_url" in make["env"]["SITE_URL"]
    assert re.search(r"SOURCE_DATE_EPOCH=\"?\$\(git log -1 --format=%ct\)", make["run"])
    assert "PORTAL_VERSION" in make["run"]
    (upload,) = steps_using(build, "actions/upload-pages-artifact")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert upload["with"]["path"] == "site" and "mv site.tmp site" in makefile

    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    (step,) = steps_using(deploy, "actions/deploy-pages")
    permissions = {**workflow.get("permissions", {}), **deploy.get("permissions", {})}
    assert permissions["pages"] == "write" and permissions["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


# ----------------------------------------------------------------- pre-commit

def test_pre_commit_config_structure():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    assert isinstance(config, dict) and isinstance(config.get("repos"), list) and config["repos"]
    ids = []
    for repo in config["repos"]:
        assert isinstance(repo.get("repo"), str)
        if repo["repo"] not in ("local", "meta"):
            assert isinstance(repo.get("rev"), str), f"{repo['repo']}: a remote repo needs `rev`"
        assert isinstance(repo.get("hooks"), list) and repo["hooks"]
        for hook in repo["hooks"]:
            assert isinstance(hook.get("id"), str) and hook["id"], hook
            ids.append(hook["id"])
            if repo["repo"] == "local":
                for key in ("name", "entry", "language"):
                    assert isinstance(hook.get(key), str) and hook[key], f"hook {hook['id']}: `{key}` is required"
                assert hook["language"] in ("python", "system", "script", "node", "fail", "pygrep")
            for key in ("files", "exclude"):
                if key in hook:
                    re.compile(hook[key])
            for key in ("pass_filenames", "always_run", "verbose", "require_serial"):
                if key in hook:
                    assert isinstance(hook[key], bool)
            if "additional_dependencies" in hook:
                assert all(isinstance(d, str) for d in hook["additional_dependencies"])
    assert len(ids) == len(set(ids)), "hook ids are unique"


def _pre_commit_hooks() -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_pre_commit_hooks_run_this_projects_commands():
    from scripts.cli import main

    hooks = _pre_commit_hooks()
    commands = {}
    for hook in hooks.values():
        for match in re.finditer(r"python -m scripts ([a-z-]+)", hook["entry"]):
            commands[match.group(1)] = hook
    assert {"check", "dry-run", "format-check"} <= set(commands), commands
    for command in commands:
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0, f"`python -m scripts {command}` does not exist"
    assert re.search(r"texts/", commands["dry-run"]["files"])
    assert any(shlex.split(h["entry"])[0] == "ruff" for h in hooks.values())
    assert commands["check"].get("pass_filenames") is False


def test_pre_commit_dependencies_are_the_projects_pins():
    pins = dict(dep.split("==") for dep in PYPROJECT["project"]["dependencies"]
                + PYPROJECT["project"]["optional-dependencies"]["test"])
    for hook in _pre_commit_hooks().values():
        for dependency in hook.get("additional_dependencies", []):
            name, _, version = dependency.partition("==")
            assert pins.get(name) == version, f"{hook['id']}: {dependency} differs from pyproject.toml"


# ------------------------------------------------------------- the guide

def _schema_fields(schema: dict) -> set[str]:
    found = set()
    for key, sub in schema.get("properties", {}).items():
        found.add(key)
        found |= _schema_fields(sub)
    if isinstance(schema.get("items"), dict):
        found |= _schema_fields(schema["items"])
    return found


@pytest.mark.parametrize("name", ["catalog", "cleaning", "actors", "events", "periods", "glossary", "notes",
                                  "editorial"])
def test_contributing_explains_every_field(name):
    from scripts.entryfiles import KINDS

    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    # One entry per file: every field but the file name (id) and the body. A
    # whole YAML file: every field under its top-level key.
    kind = KINDS.get(name)
    top = {"id", kind.body} if kind else set(input_schema(name).get("properties", {}))
    missing = sorted(f for f in _schema_fields(input_schema(name)) - top if f"`{f}`" not in guide)
    assert not missing, f"CONTRIBUTING.md does not explain the {name} field(s) {missing}"


def test_contributing_covers_the_workflow():
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    for needed in ("make serve", "make check", "make new-source FILE=", "make new-actor", "make new-event",
                   "sha256", "dry run", "sources/editorial/", "make explain", "editors/report.html", "exactly one passage",
                   "cannot span two paragraphs", "disputed: true", "without gaps or overlaps",
                   "Review checklist", "ambiguous_aliases", "case_sensitive_aliases", "native_names"):
        assert needed in guide, f"CONTRIBUTING.md does not mention {needed!r}"
    for date in ("1944-09-09", "1972-04", "1986/1988", "1970~", "197X", "08XX"):
        assert f'"{date}"' in guide, f"CONTRIBUTING.md has no example of the EDTF date {date}"


def test_contributing_makes_no_relative_links():
    """The guide is read on GitHub and in the site (docs/contributing.md): a
    relative link would work in one of them only."""
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", guide):
        assert re.match(r"https?://", target), f"relative link {target!r} in CONTRIBUTING.md"


def test_the_site_includes_contributing():
    from markdown import Markdown
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    about = next(item["About"] for item in config["nav"] if isinstance(item, dict) and "About" in item)
    assert any("contributing.md" in entry.values() for entry in about)
    page = (ROOT / "docs/contributing.md").read_text("utf-8")
    body = page.split("---", 2)[2]
    html = Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]).convert(body)
    assert "Review checklist for pull requests" in html, "docs/contributing.md does not include CONTRIBUTING.md"
    assert "How cleaning works" in html


# ------------------------------------------------------------- the changelog

def test_changelog_has_the_current_release():
    """(That it names every source is a check of the content gate, scripts/gate.py.)"""
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in changelog
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert releases, "no release heading such as '## [0.1.0] - 2025-01-31'"
    assert releases[0][0] == PYPROJECT["project"]["version"], "the latest release is pyproject.toml's version"


def test_contributing_lists_exactly_the_gates_checks():
    from scripts.gate import CHECKS, docs_block, docs_in

    block = docs_in((ROOT / "CONTRIBUTING.md").read_text("utf-8"))
    assert block == docs_block(), "CONTRIBUTING.md's list of checks is stale: run `python -m scripts gate-docs`"
    assert [line.split("**")[1] for line in block.split("\n")] == [check.name for check in CHECKS]


def test_site_templates_show_version_and_date():
    """The footer and every page's suggested citation carry the build's version and date."""
    footer = (ROOT / "overrides/partials/copyright.html").read_text("utf-8")
    citation = (ROOT / "overrides/main.html").read_text("utf-8")
    assert "build.version" in footer and "build.date" in footer
    assert "build.version" in citation and "build.date_words" in citation


# ---------------------------------------------------------- readable diffs

def test_documented_field_orders():
    assert field_order("catalog") == ["id", "file", "sha256", "title", "authors", "publisher", "venue",
                                      "first_published_in", "container", "published", "language", "kind",
                                      "rights", "url", "accessed", "revision", "short_name", "prose_names", "editor_supplied",
                                      "notes",
                                      "assessment", "cleaning"]
    assert field_order("actors") == ["id", "name", "name_note", "kind", "place", "exists", "edition_names", "aliases",
                                     "ambiguous_aliases",
                                     "case_sensitive_aliases", "native_names", "roles", "summary"]
    assert field_order("events") == ["id", "title", "date", "inferred", "period", "actors", "places", "tags", "summary",
                                     "dispute", "citations"]
    assert field_order("periods") == ["id", "title", "opened_by", "start", "end", "summary"]
    assert field_order("glossary") == ["term", "expansion", "expansion_note", "note"]
    assert field_order("notes") == ["id", "number", "kind", "target", "text", "references", "passages", "corrects"]


def test_real_sources_keep_the_documented_layout():
    """May fail while an editor is half-way through a change: it names the lines."""
    problems, checked = check(ProjectPaths(ROOT))
    assert {p.name for p in checked} >= {"cleaning.yml", "riac-mamedov-2018.yml", "iraq.md"}
    assert [str(p) for p in problems] == []


def _line_of(text: str, pattern: str, after: int = 0) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if number > after and re.fullmatch(pattern, line):
            return number
    raise AssertionError(pattern)


def test_format_check_reports_a_moved_field_on_its_line(tmp_path):
    paths = ProjectPaths(tmp_path)
    (tmp_path / "sources").mkdir()
    text = (ROOT / "sources/catalog/riac-mamedov-2018.yml").read_text("utf-8")
    title, kind = _line_of(text, r"title: .*"), _line_of(text, r"kind: .*")
    lines = text.split("\n")
    moved = lines.pop(title - 1)
    lines.insert(kind - 1, moved)                   # title now just after kind, on line `kind`
    target = tmp_path / "sources/catalog/riac-mamedov-2018.yml"
    target.parent.mkdir()
    target.write_text("\n".join(lines), "utf-8")
    problems = check_file(target, paths)
    assert [(p.path, p.line) for p in problems] == [("sources/catalog/riac-mamedov-2018.yml", kind)], problems
    assert "field 'title' is out of order in this source entry" in problems[0].message
    assert "move it just after 'sha256'" in problems[0].message

    result = run_cli(tmp_path, "format-check")
    assert result.returncode == 1
    assert f"sources/catalog/riac-mamedov-2018.yml:{kind}: field 'title' is out of order" in result.stderr


def test_format_check_reports_indentation_tabs_and_spaces():
    text = ("---\n"
            "name: A\n"
            "kind: person\n"
            "aliases:\n"
            "- Alpha\n"                              # 5: list not indented under its key
            "roles:\n"
            "  - title: President\n"
            "    when: \"1990\" \n"                  # 8: trailing space
            "name_note: >-\n"                        # 9: name_note after roles
            "      Too deep.\n"                       # 10: folded text 6 deeper instead of 2
            "---\n"
            "\n"
            "A summary.")                             # 13: no final newline
    problems = check_text(text, "actors", "sources/actors/a.md")
    expected = [
        (5, "list items ('- ') under 'aliases' are indented 0 spaces; indent them 2"),
        (8, "trailing spaces"),
        (9, "field 'name_note' is out of order in this actor; move it just after 'name'"),
        (10, "this text is indented 6 spaces; indent it 2"),
        (13, "no newline at the end of the file"),
    ]
    assert len(problems) == len(expected), problems
    for problem, (line, start) in zip(problems, expected, strict=True):
        assert problem.path == "sources/actors/a.md" and problem.line == line, problem
        assert problem.message.startswith(start), problem
    assert check_text("---\n\tname: a\n---\n", "actors", "x.md")[0].line == 2


def test_two_additions_to_the_changelog_merge_without_conflict(tmp_path):
    """Two branches that each add a source add their line at the same place
    under "## [Unreleased]" (the gate's changelog check asks for it); the
    merge keeps both lines (.gitattributes: the union driver)."""
    import shutil
    import subprocess

    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], capture_output=True, text=True,
                              env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "HOME": str(tmp_path),
                                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid",
                                   "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1"})

    for name in (".gitattributes", "CHANGELOG.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    for branch, source in (("a", "news-a"), ("b", "news-b")):
        git("checkout", "-q", "-b", branch, "main")
        text = (tmp_path / "CHANGELOG.md").read_text("utf-8")
        (tmp_path / "CHANGELOG.md").write_text(text.replace(
            "## [Unreleased]\n\n", f"## [Unreleased]\n\n- New source `{source}`: \"A report\".\n\n", 1), "utf-8")
        git("commit", "-qam", source)
    git("checkout", "-q", "a")
    merged = git("merge", "-q", "--no-edit", "b")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (tmp_path / "CHANGELOG.md").read_text("utf-8")
    assert "`news-a`" in text and "`news-b`" in text and "<<<<<<<" not in text
