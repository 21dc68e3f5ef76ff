"""Checks of the hand-written pages in ``docs/``, which come from pull
requests like everything under ``sources/``. Each returns
:class:`~scripts.errors.Problem` objects (``docs/<page>:<line>: message``);
the portal plugin reports them and fails the build.

* :func:`file_problems`: a page (or a folder on its path) that is a symbolic
  link would publish a file from outside the repository;
* :func:`snippet_problems`: ``--8<--`` includes only the files listed in
  :data:`ALLOWED_SNIPPETS` (``--8<-- ".git/config"`` would publish the
  deploy job's token);
* :func:`block_problems`: a ``<!-- portal:… -->`` block that is not one the
  pipeline fills (a typo would stay an invisible comment);
* :func:`markup_problems`: the rendered page runs no script (``<script>``,
  ``on…=`` attributes, ``javascript:`` links, frames and plug-ins).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from scripts.errors import Problem

#: What a hand-written page may include with pymdownx.snippets (mkdocs.yml
#: restricts the extension to the same file).
ALLOWED_SNIPPETS = frozenset({"CONTRIBUTING.md"})
_SNIPPET = re.compile(r"^\s*;?-{1,}8<-{1,}\s*(?:(['\"])(?P<name>.*?)\1)?\s*$")
_BLOCK_LOOSE = re.compile(r"<!--\s*portal\b(?P<rest>.*?)-->", re.IGNORECASE | re.DOTALL)
_BLOCK_EXACT = re.compile(r"<!--\s*portal:(?P<name>[a-z-]+)\s*-->")


def _line(markdown: str, offset: int) -> int:
    return markdown.count("\n", 0, offset) + 1


def file_problems(docs_dir: Path, src_uri: str, display: str) -> list[Problem]:
    """A symbolic link as the page or as a folder between ``docs/`` and it."""
    path = docs_dir
    for part in Path(src_uri).parts:
        path = path / part
        if path.is_symlink():
            where = "this page is" if path.name == Path(src_uri).name else f"the folder {part}/ is"
            return [Problem(display, 1, f"{where} a symbolic link; pages must be files inside docs/ "
                            "(a link can publish any file of the machine): replace it by a copy or remove it")]
    return []


def snippet_problems(markdown: str, display: str, offset: int = 0) -> list[Problem]:
    """Every ``--8<--`` line that does not include an allowed file."""
    problems = []
    for number, line in enumerate(markdown.split("\n"), start=1 + offset):
        if "8<" not in line:
            continue
        match = _SNIPPET.match(line)
        if match is None and "--8<--" not in line:
            continue
        name = match.group("name") if match else None
        if name not in ALLOWED_SNIPPETS:
            problems.append(Problem(display, number, f"the snippet include {line.strip()[:80]!r} is not "
                                    f"allowed; hand-written pages may include only "
                                    f"{', '.join(sorted(ALLOWED_SNIPPETS))}: remove the line or copy the text in"))
    return problems


def block_problems(markdown: str, display: str, known, offset: int = 0) -> list[Problem]:
    """Every ``<!-- portal… -->`` comment that is not exactly a known block."""
    problems = []
    for match in _BLOCK_LOOSE.finditer(markdown):
        exact = _BLOCK_EXACT.fullmatch(match.group())
        if exact and exact.group("name") in known:
            continue
        problems.append(Problem(display, _line(markdown, match.start()) + offset,
                                f"{match.group()[:60]!r} is not a block the portal fills; write one of "
                                + ", ".join(f"<!-- portal:{name} -->" for name in sorted(known))))
    return problems


#: Elements and attributes that run code or load another document.
_ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                              "portal", "meta"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                             "background", "srcset", "ping"})
_ACTIVE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


class _ActiveMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _ACTIVE_ELEMENTS and not (tag == "script" and dict(attrs).get("type") == "application/ld+json"):
            self.found.append(f"<{tag}")
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.found.append(name)
            elif name in _URL_ATTRIBUTES and value and _ACTIVE_SCHEME.match(
                    re.sub(r"[\x00-\x20]", "", value)):
                self.found.append(value.split(":", 1)[0].strip() + ":")

    handle_startendtag = handle_starttag


def markup_problems(html: str, markdown: str, display: str, offset: int = 0) -> list[Problem]:
    """Scripts, event handlers, ``javascript:``/``data:`` URLs, frames and
    plug-ins in the rendered HTML of a hand-written page, located at the
    first Markdown line that mentions them (line 1 if none does)."""
    parser = _ActiveMarkup()
    parser.feed(html)
    parser.close()
    problems = []
    lowered = markdown.lower()
    for found in dict.fromkeys(parser.found):
        at = lowered.find(found.lower())
        line = _line(markdown, at) + offset if at >= 0 else 1
        problems.append(Problem(display, line, f"the page contains {found!r}, which would run code or load "
                                "another document in readers' browsers; hand-written pages may not: remove it "
                                "(to show it as text, put it in `code`)"))
    return problems
