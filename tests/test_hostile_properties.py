"""Property: whatever a pull request puts in ``sources/`` (hypothesis
generates hostile YAML and texts), the pipeline either builds or raises
:class:`~scripts.errors.BuildFailed` whose every problem is
``sources/<file>:<line>: message``; never another exception (a traceback),
never a hang. Beside the hand-written cases of tests/test_hostile_inputs.py.

The pipeline runs in-process on one copy of the project (the fixture
knowledge layer); each example rewrites one file and restores it. The
command-line and MkDocs paths add only the printing of these problems
(checked by the hand-written cases), and the atomic ``site/`` swap.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scripts.buildinfo import build_info
from scripts.errors import BuildFailed
from scripts.paths import ProjectPaths
from scripts.pipeline import run
from tests.helpers import knowledge_copy

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])
#: One file of each kind of input: a whole YAML file, or one entry's file (its
#: front matter is YAML; a Markdown file's text is put between `---` lines).
YAML_FILES = {"catalog": "sources/catalog/riac-mamedov-2018.yml", "cleaning": "sources/cleaning.yml",
              "periods": "sources/periods/iran-iraq-war.md", "actors": "sources/actors/vladimir-putin.md",
              "events": "sources/events/friendship-treaty.md", "glossary": "sources/glossary/isis.md",
              "editorial": "sources/editorial/unknown-name-middle-east.yml"}


def _file_text(name: str, text: str) -> str:
    """*text* as the content of the kind's file: the front matter of an entry file."""
    if YAML_FILES[name].endswith(".md"):
        return f"---\n{text}\n---\n\nA summary.[[riac-mamedov-2018/p3]]\n"
    return text

#: YAML's syntax characters, white space, controls (C0, C1, NEL, U+2028),
#: bidi and zero-width characters, and a few letters and digits.
YAML_ALPHABET = st.sampled_from(list("[]{}:,-?&*!|>'\"#%@`\\ \t\n\n\n") + ["\r", "\x85", "\u2028", "\x9b", "\x00",
                                 "\u202e", "\u200b", "\ufeff", "é", "9", "1", "a", "id", "title", "index",
                                 "<", "!!python/object", "&a", "*a", "<<"])
SCALARS = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=True)
           | st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
           | st.sampled_from(["9999", "-0500", "0000", "1990/..", "index", "(a+)+$", "(?=x)", "<!--<script>",
                              "texts/../../etc/passwd.txt", "sha256"]))
KEYS = st.sampled_from(["id", "title", "name", "date", "start", "end", "summary", "aliases", "term",
                        "expansion", "match", "action", "reason", "file", "sha256", "tags", "actors",
                        "citations", "quote", "source", "period", "kind", "language", "cleaning"])
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
                    max_leaves=25)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return knowledge_copy(tmp_path_factory.mktemp("hostile-props"))


def _outcome(root: Path) -> None:
    """Run the pipeline; a BuildFailed must hold only located problems."""
    paths = ProjectPaths(root)
    try:
        run(paths, build_info(root))
    except BuildFailed as failure:
        assert failure.problems
        for problem in failure.problems:
            assert problem.path.startswith(("sources/", "docs/")), problem   # a located input file
            assert isinstance(problem.line, int) and problem.line >= 0, problem
            assert len(problem.message) >= 20, problem


def _with(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(data)
    try:
        _outcome(root)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from(sorted(YAML_FILES)), st.lists(YAML_ALPHABET, max_size=120).map("".join))
@example("periods", "periods: [" * 3000)
@example("events", "# only a comment\n")
@example("glossary", "? [a]\n: b\n")
def test_any_yaml_text_builds_or_is_located(project, name, text):
    _with(project, YAML_FILES[name], _file_text(name, text).encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from(sorted(k for k, v in YAML_FILES.items() if v.endswith(".md"))),
       st.lists(YAML_ALPHABET, max_size=120).map("".join))
@example("events", "---\n")
@example("periods", "---\ntitle: x\n")
def test_any_entry_file_builds_or_is_located(project, name, text):
    """Any text as a whole entry file, fences included or not."""
    _with(project, YAML_FILES[name], text.encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from(sorted(YAML_FILES)), st.sampled_from(["sources", "periods", "actors", "events", "terms",
                                                             "rules", "explained", "title", "number"]), DATA)
def test_any_yaml_data_builds_or_is_located(project, name, key, data):
    text = yaml.safe_dump({key: data}, allow_unicode=True) if data is not None else f"{key}:\n"
    _with(project, YAML_FILES[name], _file_text(name, text).encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@SETTINGS
@given(st.sampled_from(("periods", "actors", "events", "glossary")), st.integers(0, 200),
       st.lists(YAML_ALPHABET, max_size=40).map("".join))
def test_any_line_changed_builds_or_is_located(project, name, index, line):
    """One line of a valid file replaced: the mistakes an editor's PR makes."""
    rel = YAML_FILES[name]
    lines = (project / rel).read_text("utf-8").split("\n")
    lines[index % len(lines)] = line
    _with(project, rel, "\n".join(lines).encode("utf-8", "surrogatepass"))


@pytest.mark.slow
@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
@example(b"\xff\xfeA\x00")
@example("Line \x85 two".encode())
@example(b"Word" + b" " * 60_000 + b"x\n")
def test_any_text_builds_or_is_located(project, data):
    """A new source text with a correct catalog entry: any bytes."""
    catalog = project / "sources" / "catalog" / "generated-text.yml"
    entry = (f"file: texts/generated-text.txt\n"
             f"sha256: {hashlib.sha256(data).hexdigest()}\ntitle: A generated text\nauthors: []\n"
             "publisher: null\nvenue: null\nfirst_published_in: null\npublished: null\n"
             "language: en\nkind: other\nrights: null\nurl: null\neditor_supplied: []\n"
             "notes: null\ncleaning: []\n")
    catalog.write_bytes(entry.encode())
    try:
        _with(project, "sources/texts/generated-text.txt", data)
    finally:
        catalog.unlink()
