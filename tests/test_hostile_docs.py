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
    copy_project,
    make_like_build,
    run,
    subprocess_env,
    tree_digest,
    use_fixture_knowledge,
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


def _generated_path(root):
    (root / "docs" / "timeline.md").write_text("# My own timeline\n", "utf-8")
    return "docs/timeline.md:1:"


def _generated_entity_path(root):
    (root / "docs" / "actors").mkdir()
    (root / "docs" / "actors" / "iraq.md").write_text("# Iraq, by hand\n", "utf-8")
    return "docs/actors/iraq.md:1:"


def _mistyped_block(root):
    return f"{ABOUT}:{_append(root, ABOUT, '<!-- portal:countz -->')}:"


def _script(root):
    return f"{ABOUT}:{_append(root, ABOUT, 'Hello <script>alert(1)</script>')}:"


def _handler(root):
    return f"{ABOUT}:{_append(root, ABOUT, 'Look <img src=x onerror=alert(1)>')}:"


def _javascript_link(root):
    return f"{ABOUT}:{_append(root, ABOUT, '[click](javascript:alert(1))')}:"


def _rawtext_differential(root):
    line = _append(root, ABOUT, '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>')
    return f"{ABOUT}:{line}: removed"


def _svg_animation(root):
    line = _append(root, ABOUT, '<svg><a><set attributeName=href to="javascript:alert(1)"/>'
                   '<text y=20>x</text></a></svg>')
    return f"{ABOUT}:{line}: removed <svg>"


def _external_image(root):
    line = _append(root, ABOUT, "![tracker](https://evil.example/pixel.png)")
    return f"{ABOUT}:{line}: removed src="


def _overlay_style(root):
    line = _append(root, ABOUT, 'Covered.\n{ style="position:fixed;inset:0" }')
    return f"{ABOUT}:{line + 1}: removed style="


def _search_attribute(root):
    line = _append(root, ABOUT, "<p data-pagefind-body>Only me</p>")
    return f"{ABOUT}:{line}: removed data-pagefind-body"


def _front_matter(root, lines: str) -> None:
    """Put *lines* into the front matter of the about page (it starts at line 2)."""
    path = root / ABOUT
    text = path.read_text("utf-8")
    assert text.startswith("---\n")
    path.write_text("---\n" + lines + "\n" + text[4:], "utf-8")


def _printed_front_matter(root):
    _front_matter(root, "subtitle: <img src=x onerror=alert(1)>\nstatus: new")
    return f"{ABOUT}:2: the front matter key 'subtitle'"


def _template_path(root):
    _front_matter(root, "template: ../../etc/passwd")
    return f"{ABOUT}:2: the front matter key 'template'"


def _redirect(root):
    _front_matter(root, "template: redirect.html\nlocation: https://evil.example/")
    return f"{ABOUT}:3: the front matter key 'location'"


def _hide_number(root):
    _front_matter(root, "hide: 5")
    return f"{ABOUT}:2: hide: must be a list"


def _unknown_icon(root):
    _front_matter(root, "icon: material/no-such-icon-anywhere")
    return f"{ABOUT}:2: the front matter key 'icon'"


def _dates(root):
    _front_matter(root, "revision_date: <script>alert(1)</script>")
    return f"{ABOUT}:2: the front matter key 'revision_date'"


def _alias_bomb(root):
    levels = "".join(f"{b}: &{b} [" + ", ".join([f"*{a}"] * 40) + "]\n" for a, b in zip("abcdef", "bcdefg", strict=True))
    _front_matter(root, "a: &a [" + ", ".join(["lol"] * 40) + "]\n" + levels.rstrip("\n"))
    return f"{ABOUT}:"        # the line where the expansion passes the limit


def _nested_list(root):
    first = _append(root, ABOUT, "\n".join(" " * (4 * depth) + "- deeper" for depth in range(300)))
    return f"{ABOUT}:{first + 16}: lists, quotes or indentation nest more than 16"


def _nested_emphasis(root):
    line = _append(root, ABOUT, "*" * 2000 + "x" + "*" * 2000)
    return f"{ABOUT}:{line}: a run of 2000 emphasis marks"


def _quadratic_brackets(root):
    line = _append(root, ABOUT, "[" * 16000)
    return f"{ABOUT}:{line}: too many [ < or `"


def _oversized_page(root):
    (root / "docs" / "huge.md").write_text("# Huge\n\n" + "word " * 60000, "utf-8")
    return "docs/huge.md:1: the page is"


def _malformed_tags_listing(root):
    line = _append(root, ABOUT, "<!-- material/tags { include: [a -->")
    return f"{ABOUT}:{line}: this tags listing cannot be read"


def _multimarkdown_meta(root):
    (root / "docs" / "meta.md").write_text("Template: x\n\n# Meta\n", "utf-8")
    return "docs/meta.md:1: MkDocs reads this first line as front matter"


def _html_file(root):
    (root / "docs" / "evil.html").write_text("<script>alert(1)</script>", "utf-8")
    return "docs/evil.html:1: docs/ may hold only Markdown pages and images"


def _svg_file(root):
    (root / "docs" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "utf-8")
    return "docs/logo.svg:1: docs/ may hold only"


def _disguised_image(root):
    (root / "docs" / "photo.png").write_text("<html><script>alert(1)</script></html>", "utf-8")
    return "docs/photo.png:1: this file is not a .png image"


def _hostile_name(root):
    (root / "docs" / "lists").mkdir()
    (root / "docs" / "lists" / '"><img src=x onerror=alert(1)>.md').write_text("# Name\n", "utf-8")
    return 'docs/lists/"><img src=x onerror=alert(1)>.md:1: this file or folder name'


def _broken_link(root):
    line = _append(root, ABOUT, "See [the missing page](missing-page.md).")
    return f"{ABOUT}:{line}: Doc file 'about/index.md' contains a link 'missing-page.md'"


CASES = [DocsCase(f.__name__.lstrip("_").replace("_", "-"), f) for f in (
    _snippet, _snippet_absolute, _symlinked_page, _symlinked_asset, _symlinked_folder, _generated_path,
    _generated_entity_path, _mistyped_block, _script, _handler, _javascript_link, _rawtext_differential,
    _svg_animation, _external_image, _overlay_style, _search_attribute, _printed_front_matter, _template_path,
    _redirect, _hide_number, _unknown_icon, _dates, _alias_bomb, _nested_list, _nested_emphasis,
    _quadratic_brackets, _oversized_page, _malformed_tags_listing, _multimarkdown_meta, _html_file, _svg_file,
    _disguised_image, _hostile_name, _broken_link)]


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    root = use_fixture_knowledge(copy_project(tmp_path_factory.mktemp("docs-good") / "project"))
    built = make_like_build(root)
    assert built.returncode == 0, built.describe()
    return root


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
    _broken_link(root)
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
