"""Hostile pull requests to ``docs/`` (hand-written pages) and to the build
settings: each fails the Makefile's strict build with ``docs/<page>:<line>:``
and a hint (or MkDocs' own warning), never a traceback, leaves the previous
site/ byte-identical, and publishes nothing from outside the repository.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import (
    knowledge_copy,
    make_like_build,
    run,
    subprocess_env,
    tree_digest,
    venv_bin,
)

SECRET = "ghs_SECRETtoken0123456789"
ABOUT = "docs/about/index.md"


def _append(root: Path, rel: str, text: str) -> int:
    """Append *text* (one line) to *rel*; return its line number."""
    path = root / rel
    old = path.read_text("utf-8").rstrip("\n")
    path.write_text(old + "\n\n" + text + "\n", "utf-8")
    return old.count("\n") + 3


@dataclass(frozen=True)
class DocsCase:
    id: str
    mutate: Callable[[Path], str]       # returns the expected "path:line:" prefix (or a warning text)

    def __str__(self) -> str:
        return self.id


def _outside(root: Path) -> Path:
    """A file outside the repository holding a secret."""
    secret = root.parent / "outside-secret.txt"
    secret.write_text(f"token = {SECRET}\n", "utf-8")
    return secret


def _git_config(root: Path) -> None:
    (root / ".git").mkdir(exist_ok=True)
    (root / ".git" / "config").write_text(f'[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n', "utf-8")


def _snippet(root):
    _git_config(root)
    line = _append(root, ABOUT, '--8<-- ".git/config"')
    return f"{ABOUT}:{line}:"


def _snippet_absolute(root):
    line = _append(root, ABOUT, '--8<-- "' + str(_outside(root)) + '"')
    return f"{ABOUT}:{line}:"


def _symlinked_page(root):
    (root / "docs" / "leak.md").symlink_to(_outside(root))
    return "docs/leak.md:1:"


def _symlinked_asset(root):
    (root / "docs" / "leak.png").symlink_to(_outside(root))
    return "docs/leak.png:1:"


def _symlinked_folder(root):
    folder = root.parent / "outside-folder"
    folder.mkdir()
    (folder / "page.md").write_text(f"# Outside\n\n{SECRET}\n", "utf-8")
    (root / "docs" / "linked").symlink_to(folder, target_is_directory=True)
    return "docs/linked/page.md:1:"


def _front_matter(root, lines: str) -> None:
    """Put *lines* into the front matter of the about page (it starts at line 2)."""
    path = root / ABOUT
    text = path.read_text("utf-8")
    assert text.startswith("---\n")
    path.write_text("---\n" + lines + "\n" + text[4:], "utf-8")


def _alias_bomb(root):
    levels = "".join(f"{b}: &{b} [" + ", ".join([f"*{a}"] * 40) + "]\n" for a, b in zip("abcdef", "bcdefg", strict=True))
    _front_matter(root, "a: &a [" + ", ".join(["lol"] * 40) + "]\n" + levels.rstrip("\n"))
    return f"{ABOUT}:"        # the line where the expansion passes the limit


def _expected(prefix: str, says: str) -> str:
    return f"{prefix}:" + (f" {says}" if says else "")


#: Lines appended to the about page: (the text, how many lines after its
#: first the problem is, what the problem says).
APPENDED = {
    "mistyped-block": ("<!-- portal:countz -->", 0, ""),
    "script": ("Hello <script>alert(1)</script>", 0, ""),
    "handler": ("Look <img src=x onerror=alert(1)>", 0, ""),
    "javascript-link": ("[click](javascript:alert(1))", 0, ""),
    "rawtext-differential": ('<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>', 0, "removed"),
    "svg-animation": ('<svg><a><set attributeName=href to="javascript:alert(1)"/><text y=20>x</text></a></svg>', 0,
                      "removed <svg>"),
    "external-image": ("![tracker](https://evil.example/pixel.png)", 0, "removed src="),
    "overlay-style": ('Covered.\n{ style="position:fixed;inset:0" }', 1, "removed style="),
    "search-attribute": ("<p data-pagefind-body>Only me</p>", 0, "removed data-pagefind-body"),
    "nested-list": ("\n".join(" " * (4 * depth) + "- deeper" for depth in range(300)), 16,
                    "lists, quotes or indentation nest more than 16"),
    "nested-emphasis": ("*" * 2000 + "x" + "*" * 2000, 0, "a run of 2000 emphasis marks"),
    "quadratic-brackets": ("[" * 16000, 0, "too many [ < or `"),
    "malformed-tags-listing": ("<!-- material/tags { include: [a -->", 0, "this tags listing cannot be read"),
    "broken-link": ("See [the missing page](missing-page.md).", 0,
                    "Doc file 'about/index.md' contains a link 'missing-page.md'"),
}

#: Front matter put into the about page: (its lines, the line of the problem, what it says).
FRONT_MATTER = {
    "printed-front-matter": ("subtitle: <img src=x onerror=alert(1)>\nstatus: new", 2,
                             "the front matter key 'subtitle'"),
    "template-path": ("template: ../../etc/passwd", 2, "the front matter key 'template'"),
    "redirect": ("template: redirect.html\nlocation: https://evil.example/", 3, "the front matter key 'location'"),
    "hide-number": ("hide: 5", 2, "hide: must be a list"),
    "unknown-icon": ("icon: material/no-such-icon-anywhere", 2, "the front matter key 'icon'"),
    "dates": ("revision_date: <script>alert(1)</script>", 2, "the front matter key 'revision_date'"),
}

#: Files written under docs/: (the path in docs/, its text, what the problem at its line 1 says).
FILES = {
    "generated-path": ("timeline.md", "# My own timeline\n", ""),
    "generated-entity-path": ("actors/iraq.md", "# Iraq, by hand\n", ""),
    "oversized-page": ("huge.md", "# Huge\n\n" + "word " * 60000, "the page is"),
    "multimarkdown-meta": ("meta.md", "Template: x\n\n# Meta\n", "MkDocs reads this first line as front matter"),
    "html-file": ("evil.html", "<script>alert(1)</script>", "docs/ may hold only Markdown pages and images"),
    "svg-file": ("logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "docs/ may hold only"),
    "disguised-image": ("photo.png", "<html><script>alert(1)</script></html>", "this file is not a .png image"),
    "hostile-name": ('lists/"><img src=x onerror=alert(1)>.md', "# Name\n", "this file or folder name"),
}


def _appending(text: str, offset: int, says: str):
    def mutate(root):
        return _expected(f"{ABOUT}:{_append(root, ABOUT, text) + offset}", says)
    return mutate


def _putting_front_matter(lines: str, line: int, says: str):
    def mutate(root):
        _front_matter(root, lines)
        return _expected(f"{ABOUT}:{line}", says)
    return mutate


def _writing(name: str, text: str, says: str):
    def mutate(root):
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return _expected(f"docs/{name}:1", says)
    return mutate


CASES = ([DocsCase(f.__name__.lstrip("_").replace("_", "-"), f) for f in (
    _snippet, _snippet_absolute, _symlinked_page, _symlinked_asset, _symlinked_folder, _alias_bomb)]
    + [DocsCase(name, _appending(*case)) for name, case in APPENDED.items()]
    + [DocsCase(name, _putting_front_matter(*case)) for name, case in FRONT_MATTER.items()]
    + [DocsCase(name, _writing(*case)) for name, case in FILES.items()])


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    return knowledge_copy(tmp_path_factory.mktemp("docs-good"), passing=make_like_build)


@pytest.mark.slow
@pytest.mark.parametrize("bad", CASES, ids=str)
def test_hostile_docs_change_fails_the_strict_build(bad: DocsCase, built_project, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    before = tree_digest(root / "site")
    expected = bad.mutate(root)
    built = make_like_build(root)
    assert built.returncode != 0, built.describe()
    assert "Traceback" not in built.output, built.describe()
    assert expected in built.stderr, f"no message at {expected}\n" + built.describe()
    reported = [line for line in built.output.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert not [line for line in reported if str(root) in line], "a message names the machine's path"
    assert tree_digest(root / "site") == before, "a failed build changed the previous site/"
    assert SECRET not in built.output
    assert not any(SECRET in p.read_text("utf-8", "replace") for p in (root / "site").rglob("*") if p.is_file())


@pytest.mark.slow
def test_quiet_does_not_make_strict_lenient(built_project, tmp_path):
    """``mkdocs build --strict --quiet`` used to pass with a broken link
    (mkdocs#4126): the portal plugin counts warnings whatever the verbosity."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    _appending(*APPENDED["broken-link"])(root)
    quiet = run([venv_bin() / "mkdocs", "build", "--strict", "--quiet", "--site-dir", tmp_path / "out"], cwd=root,
                env=subprocess_env())
    assert quiet.returncode != 0, quiet.describe()
    assert "missing-page.md" in quiet.output


def test_make_build_and_serve_are_strict_and_not_quiet():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text("utf-8")
    for target in ("build", "serve"):
        recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
        command = next(line for line in recipe.splitlines() if "mkdocs" in line)
        assert "--strict" in command and "--quiet" not in command and "-q " not in command, command


@pytest.mark.parametrize(("name", "content", "accepted"), [
    ("map.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, True),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, True),
    ("anim.gif", b"GIF89a" + b"\0" * 20, True),
    ("pic.webp", b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8, True),
    ("page.md", b"# A page\n", True),
    ("photo.jpg", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, False),       # a PNG is not a JPEG
    ("pic.webp", b"RIFF\x10\0\0\0WAVEfmt " + b"\0" * 8, False),
    ("x.PNG.html", b"\x89PNG\r\n\x1a\n", False),
    ("style.css", b"body{}", False),
    ("run.js", b"alert(1)", False),
    ("noext", b"\x89PNG\r\n\x1a\n", False),
    (".hidden.png", b"\x89PNG\r\n\x1a\n", False),
    ("a b.md", b"# x", False),
    ("caf\u00e9.md", b"# x", False),
])
def test_docs_files_by_type_and_name(tmp_path, name, content, accepted):
    from scripts.docspages import kind_problems

    (tmp_path / name).write_bytes(content)
    problems = kind_problems(tmp_path, name, f"docs/{name}")
    assert (not problems) == accepted, problems


@pytest.mark.parametrize("term", ["wzxhzdk", "klzzwxh", "hzzhzkh"])
def test_a_glossary_term_cannot_collide_with_markdowns_placeholders(term):
    """Python-Markdown keeps raw HTML as ``\\x02wzxhzdk:N\\x03`` until the end;
    an abbreviation of that word rewrote every placeholder and the page lost
    its HTML blocks (the glossary page lost its whole list)."""
    import markdown

    from scripts.pagetext import definitions_for

    class Term:
        def __init__(self, term, expansion):
            self.term, self.expansion = term, expansion

    text = f'Some {term} text.\n\n<div class="kept">raw block</div>\n\nThe UN too.\n'
    definitions = definitions_for(text, [Term(term, "hostile"), Term("UN", "United Nations")])
    assert "*[UN]" in definitions and term not in definitions
    html = markdown.Markdown(extensions=["abbr", "md_in_html"]).convert(text + "\n" + definitions)
    assert '<div class="kept">raw block</div>' in html and "\x02" not in html
