"""Helpers shared by conftest.py, the test modules and ``python -m tests.summary``.

Everything here works on a *copy* of the project (the curated YAML in the
real checkout may be half-written while the tests run): copy it, mutate the
copy, run the pipeline / the CLI / MkDocs there as a subprocess.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KNOWLEDGE_FIXTURES = FIXTURES / "knowledge"

#: What a full project copy needs to build the site.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "sources")
#: What the cleaner needs (the knowledge layer is an optional input).
TEXT_PARTS = ("sources/texts", "sources/documents", "sources/catalog", "sources/cleaning.yml")
#: The kinds of entry of the knowledge layer: one folder each under sources/,
#: one file per entry (scripts/entryfiles.py).
KNOWLEDGE_FILES = ("periods", "actors", "events", "glossary", "notes")
#: Knowledge files kept whole: the vocabulary of claim keys (sources/claims.yml).
KNOWLEDGE_WHOLE_FILES = ("claims.yml",)
#: The home page of a fixture copy: its prose cites and links the fixture layer.
DOCS_FIXTURES = FIXTURES / "docs"

#: A fixed build date (2023-11-14 22:13:20 UTC) for reproducible builds.
FIXED_EPOCH = "1700000000"

#: The five catalogued texts, by catalog id (written down from sources/catalog/).
SOURCE_FILES = {
    "wikipedia-iraq-russia-relations": "texts/wikipedia-iraq-russia-relations.txt",
    "riac-mamedov-2018": "texts/riac-mamedov-2018-russia-strategy-iraq.txt",
    "lse-mahmoudian-2021": "texts/lse-mahmoudian-2021-russia-iran-in-iraq.txt",
    "blog-strain-after-iran-iraq-war": "texts/blog-iraq-russia-strain-after-iran-iraq-war.txt",
    "iran-review-asadi-2012": "texts/iran-review-asadi-2012-motivations.txt",
}



def catalogued_ids(root: Path = ROOT) -> list[str]:
    """The ids of every text in a project's catalog, sorted: the tests of
    properties that every text has are parametrized over these, so a new
    source is tested from the pull request that adds it."""
    from scripts.entryfiles import KINDS, entry_files

    kind = KINDS["catalog"]
    return sorted(path.name[: -len(kind.suffix)] for path in entry_files(root / "sources" / "catalog", kind))


_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


# --- copies -------------------------------------------------------------------------------


def copy_parts(dest: Path, parts, source: Path = ROOT) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        origin = source / part
        target = dest / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, target, ignore=_IGNORE)
        elif origin.exists():
            shutil.copy2(origin, target)
    return dest


def copy_project(dest: Path) -> Path:
    """A full copy of the project (what ``mkdocs build`` needs)."""
    return copy_parts(dest, PROJECT_PARTS)


#: What a copy of the whole repository leaves out: installed tools, built
#: output and caches (none of it is in git).
NOT_IN_REPOSITORY = (".git", ".venv", "node_modules", "site", "site.tmp", "site.previous", "__pycache__", "*.pyc",
                     ".pytest_cache", ".hypothesis", ".ruff_cache", "work", "screenshots", "build", "*.egg-info")


def copy_repository(dest: Path) -> Path:
    """A copy of the whole repository as a fresh clone has it (what the test
    suite itself needs: README, CONTRIBUTING, CHANGELOG, the CI files …)."""
    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*NOT_IN_REPOSITORY), symlinks=True)
    return dest


def copy_texts_only(dest: Path) -> Path:
    """The texts, the catalog and the generic cleaning rules only."""
    return copy_parts(dest, TEXT_PARTS)


def use_fixture_knowledge(root: Path) -> Path:
    """Replace the curated knowledge layer of a copy by tests/fixtures/knowledge/,
    and its home page (whose cited overview refers to the curated layer) by
    tests/fixtures/docs/index.md."""
    for name in KNOWLEDGE_FILES:
        shutil.rmtree(root / "sources" / name, ignore_errors=True)
        shutil.copytree(KNOWLEDGE_FIXTURES / name, root / "sources" / name)
    for name in KNOWLEDGE_WHOLE_FILES:
        shutil.copy2(KNOWLEDGE_FIXTURES / name, root / "sources" / name)
    # The editors' pins name actors of the curated layer: they go with it.
    shutil.rmtree(root / "sources" / "pins", ignore_errors=True)
    # So do the captured primary documents: the curated layer chose them, and
    # the fixture layer cites none of them. TEI sources are tested on the
    # invented edition of tests/fixtures/tei/.
    for entry in sorted((root / "sources" / "catalog").glob("*.yml")):
        if "\nfile: documents/" in "\n" + entry.read_text("utf-8"):
            entry.unlink()
            for explanation in (root / "sources" / "editorial").glob(f"*{entry.stem}*.yml"):
                explanation.unlink()
    shutil.rmtree(root / "sources" / "documents", ignore_errors=True)
    shutil.copy2(DOCS_FIXTURES / "index.md", root / "docs" / "index.md")
    return root


def knowledge_copy(folder: Path, passing=None) -> Path:
    """A copy of the project in *folder*/project with the fixture knowledge
    layer (:func:`copy_project`, then :func:`use_fixture_knowledge`).
    *passing*, if given, is run on the copy (``check_in_process``,
    ``make_like_build`` …) and must succeed."""
    root = use_fixture_knowledge(copy_project(folder / "project"))
    if passing is not None:
        result = passing(root)
        assert result.returncode == 0, result.describe()
    return root


# --- subprocesses ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    args: list
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        return (f"$ {' '.join(map(str, self.args))}\nexit {self.returncode}\n"
                f"--- stdout ---\n{self.stdout[-4000:]}\n--- stderr ---\n{self.stderr[-4000:]}")


def subprocess_env(**overrides) -> dict:
    """The environment of a subprocess: reproducible date, no MkDocs 2 banner."""
    env = dict(os.environ)
    for key in ("PYTHONPATH", "SITE_URL", "PORTAL_VERSION"):
        env.pop(key, None)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=FIXED_EPOCH, PYTHONDONTWRITEBYTECODE="1",
               PYTHONIOENCODING="utf-8")
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args, cwd: Path, env: dict | None = None, timeout: float = 600) -> Run:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env or subprocess_env(), capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout)
    return Run([str(a) for a in args], done.returncode, done.stdout, done.stderr)


def run_cli(root: Path, *args, env: dict | None = None) -> Run:
    """``python -m scripts --root ROOT ARGS…``, with the copy's own scripts/
    package when the copy has one (else the checkout's)."""
    cwd = root if (Path(root) / "scripts" / "__main__.py").is_file() else ROOT
    return run([sys.executable, "-m", "scripts", "--root", root, *args], cwd=cwd, env=env)


def cli_in_process(root: Path, *args) -> Run:
    """``python -m scripts --root ROOT ARGS…`` in this process, in *root* as
    :func:`run_cli` runs it (relative file arguments are read from there):
    the CLI's ``main`` with its output captured, for tests whose subject is
    what the command does, not the command line itself (a new interpreter
    imports the scripts and compiles the templates again: about three times
    what a second check of the real corpus costs in a warm process). Each
    command keeps at least one test that runs it as a subprocess."""
    import contextlib
    import io

    from scripts.cli import main

    root = Path(root).resolve()
    out, err = io.StringIO(), io.StringIO()
    argv = ["--root", str(root), *map(str, args)]
    # The environment of :func:`subprocess_env`, for the time of the call.
    saved = {key: os.environ.get(key) for key in ("SOURCE_DATE_EPOCH", "PORTAL_TRACEBACK", "SITE_URL",
                                                  "PORTAL_VERSION")}
    for key in saved:
        os.environ.pop(key, None)
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as leaving:           # argparse's refusal of a command line
                code = leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 1)
    finally:
        os.chdir(cwd)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Run(["python", "-m", "scripts", *argv], code, out.getvalue(), err.getvalue())


def check_in_process(root: Path, *args) -> Run:
    """``python -m scripts --root ROOT check ARGS…`` in this process
    (:func:`cli_in_process`), for tests whose subject is what the pipeline
    finds, not the command line itself."""
    return cli_in_process(root, "check", *args)


def mkdocs_build(root: Path, site_dir: Path, env: dict | None = None, quiet: bool = True) -> Run:
    """``mkdocs build --strict`` of a copy into *site_dir*."""
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site_dir]
    if quiet:
        args.append("--quiet")
    return run(args, cwd=root, env=env)


def venv_bin() -> Path:
    return Path(sys.executable).parent


def make_build_recipe(makefile: Path = ROOT / "Makefile") -> list[str]:
    """The shell lines of the Makefile's ``build:`` recipe, with ``$(BIN)``
    filled in, so the tests run exactly what ``make build`` runs."""
    lines = makefile.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^build\s*:", line))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        command = line[1:].replace("$(BIN)", str(venv_bin())).replace("$$", "$")
        if "$(" in command:
            raise AssertionError(f"make_build_recipe does not know this variable: {command}")
        recipe.append(command.lstrip("@-"))
    if not recipe:
        raise AssertionError("no recipe found for `build:` in the Makefile")
    return recipe


def make_like_build(root: Path, env: dict | None = None) -> Run:
    """Run the Makefile's ``build`` recipe in *root*, line by line, stopping at
    the first failing line as make does."""
    outs, errs, code, args = [], [], 0, []
    for command in make_build_recipe():
        step = run(["bash", "-c", command], cwd=root, env=env)
        args.append(command)
        outs.append(step.stdout)
        errs.append(step.stderr)
        if step.returncode != 0:
            code = step.returncode
            break
    return Run(args, code, "".join(outs), "".join(errs))


# --- files ------------------------------------------------------------------------------------


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    """relative path → sha256 of every file under *folder* (and '/' for empty dirs)."""
    digest = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file():
            digest[relative] = sha256_bytes(path.read_bytes())
        elif path.is_dir() and not any(path.iterdir()):
            digest[relative + "/"] = ""
    return digest


def prefix_yaml_value(lines: list[str], key_line: int, word: str) -> None:
    """Put *word* at the start of the value whose ``key:`` is on line
    *key_line* (1-based) of *lines*: a plain, quoted or folded scalar."""
    index = key_line - 1
    key, _, value = lines[index].partition(":")
    value = value.strip()
    if value[:1] in (">", "|"):
        index += 1
        while not lines[index].strip():
            index += 1
        indent = len(lines[index]) - len(lines[index].lstrip())
        lines[index] = f"{lines[index][:indent]}{word} {lines[index][indent:]}"
    elif value[:1] in ("'", '"'):
        lines[index] = f"{key}: {value[0]}{word} {value[1:]}"
    else:
        lines[index] = f"{key}: {word} {value}"


def prefix_nth_entry(root: Path, kind: str, index: int, key: str, word: str) -> dict:
    """Put *word* before the value of *key* of the *index*-th entry of *kind*
    (in file-name order); returns the entry (as read before the edit)."""
    return prefix_entry_value(root, kind, entry_ids(root, kind)[index], key, word)


def raw_lines(path: Path) -> list[str]:
    """The lines of a raw text as an editor's viewer numbers them (line 1 first)."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def find_line(text: str, pattern: str, after: int = 0) -> int:
    """1-based number of the first line (after line *after*) that matches the
    regular expression *pattern* in full; fails loudly when there is none."""
    for number, line in enumerate(text.split("\n"), start=1):
        if number > after and re.fullmatch(pattern, line):
            return number
    raise AssertionError(f"no line matches {pattern!r} after line {after}")


# --- entries (one file each: sources/<kind>/<id>.md, sources/catalog/<id>.yml) -----------------


class Where(int):
    """A line number that knows its file (``.path``, project-relative, as
    problems name it): what the entry helpers return."""

    path: str

    def __new__(cls, line: int, path: str):
        made = super().__new__(cls, line)
        made.path = path
        return made


def entry_path(root: Path, kind: str, entry_id: str) -> Path:
    """The file of entry *entry_id* of *kind* (``events``, ``catalog`` …) in
    the project *root*; for the glossary, *entry_id* is the term."""
    from scripts.entryfiles import KINDS, file_name

    entry_kind = KINDS[kind]
    key = entry_kind.id_key or "term"
    return root / "sources" / kind / file_name(entry_kind, {key: entry_id})


def read_entry(root: Path, kind: str, entry_id: str) -> dict:
    """Entry *entry_id* of *kind* as plain data (with its id, and its body as
    ``summary`` / ``text`` / ``note``)."""
    from scripts.entryfiles import KINDS, parse_entry

    path = entry_path(root, kind, entry_id)
    entry, problems = parse_entry(path.read_bytes(), path.stem, KINDS[kind], str(path))
    assert not problems, problems
    return entry


def write_entry(root: Path, kind: str, entry: dict) -> Path:
    """Write *entry* (plain data with its id or term) as its own file."""
    from scripts.entryfiles import KINDS, dump_entry

    key = KINDS[kind].id_key or "term"
    path = entry_path(root, kind, entry[key])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_entry(KINDS[kind], entry), "utf-8")
    return path


def explain(root: Path, kind: str, text: str, why: str) -> Path:
    """Explain the editorial items of *kind* containing *text* in the project
    *root*, as ``make explain`` does: one new file in sources/editorial/."""
    from scripts.paths import ProjectPaths
    from scripts.scaffold import new_explanation

    return new_explanation(ProjectPaths(root), kind, text, why)


def edit_entry(root: Path, kind: str, entry_id: str, change) -> dict:
    """Read entry *entry_id*, let *change* (a function of the plain data)
    modify it in place, write it back; return the changed entry."""
    import json

    entry = json.loads(json.dumps(read_entry(root, kind, entry_id)))
    change(entry)
    write_entry(root, kind, entry)
    return entry


def entry_ids(root: Path, kind: str) -> list[str]:
    """The ids (file names) of every entry of *kind*, sorted."""
    from scripts.entryfiles import KINDS, entry_files

    entry_kind = KINDS[kind]
    return [p.name[: -len(entry_kind.suffix)] for p in entry_files(root / "sources" / kind, entry_kind)]


def _entry_files(root: Path, kind: str, entry_id: str | None) -> list[Path]:
    from scripts.entryfiles import KINDS, entry_files

    if entry_id is not None:
        return [entry_path(root, kind, entry_id)]
    return entry_files(root / "sources" / kind, KINDS[kind])


def find_entry_line(root: Path, kind: str, pattern: str, entry_id: str | None = None,
                    after: str | None = None) -> Where:
    """The line matching the regular expression *pattern* in full, in the
    entry *entry_id* or else in the one file of *kind* that has such a line
    (with *after*, the first one after a line matching *after*)."""
    found = []
    for path in _entry_files(root, kind, entry_id):
        text = path.read_text("utf-8")
        try:
            start = find_line(text, after) if after else 0
            found.append(Where(find_line(text, pattern, start), f"sources/{kind}/{path.name}"))
        except AssertionError:
            continue
    assert len(found) == 1, f"{pattern!r} matches a line in {len(found)} files of sources/{kind}/: {found}"
    return found[0]


def _edit_lines(root: Path, where: Where, edit) -> None:
    path = root / where.path
    lines = path.read_text("utf-8").split("\n")
    edit(lines)
    path.write_text("\n".join(lines), "utf-8")


def replace_entry_line(root: Path, kind: str, pattern: str, new: str, entry_id: str | None = None,
                       after: str | None = None) -> Where:
    """Replace the line matching *pattern* (see :func:`find_entry_line`) by *new*; return where."""
    where = find_entry_line(root, kind, pattern, entry_id, after)
    _edit_lines(root, where, lambda lines: lines.__setitem__(where - 1, new))
    return where


def insert_entry_line(root: Path, kind: str, pattern: str, new: str, entry_id: str | None = None,
                      after: str | None = None) -> Where:
    """Insert the line *new* after the line matching *pattern*; return the new line's place."""
    where = find_entry_line(root, kind, pattern, entry_id, after)
    _edit_lines(root, where, lambda lines: lines.insert(where, new))
    return Where(where + 1, where.path)


def delete_entry_line(root: Path, kind: str, pattern: str, entry_id: str | None = None,
                      after: str | None = None) -> Where:
    """Delete the line matching *pattern*; return where it was."""
    where = find_entry_line(root, kind, pattern, entry_id, after)
    _edit_lines(root, where, lambda lines: lines.__delitem__(where - 1))
    return where


def prefix_entry_value(root: Path, kind: str, entry_id: str, key: str, word: str) -> dict:
    """Put *word* before the value of *key* of entry *entry_id* (a front
    matter value, or the body); returns the entry as read before the edit."""
    entry = read_entry(root, kind, entry_id)
    path = entry_path(root, kind, entry_id)
    lines = path.read_text("utf-8").split("\n")
    index = entry.line_of(key) - 1
    if lines[index].startswith(f"{key}:"):
        prefix_yaml_value(lines, index + 1, word)
    else:                                   # the body: its first line
        lines[index] = f"{word} {lines[index]}"
    path.write_text("\n".join(lines), "utf-8")
    return entry


class ScriptsParser(HTMLParser):
    """An HTML parser that keeps every ``<script>`` as (its attributes, its
    text) in ``scripts``; a subclass that also looks at other tags calls
    ``super().handle_starttag``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._script, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None
