"""The page layouts as Jinja templates (issue 12, item 10).

Python prepares the data of a page (a context: corpus objects plus links
already made relative to the page); a template in ``scripts/templates/``
turns it into the Markdown-with-HTML that MkDocs renders. A template of the
same name in ``overrides/portal/`` wins, as Material's partials in
``overrides/partials/`` do: a layout change is a template edit. Every
template lays out its parts in named ``{% block %}``s, and the original of
``x.html`` is also ``portal/x.html``: an override can
``{% extends "portal/x.html" %}`` and replace one block.

The environment is deterministic (no dates, no randomness, no dict
reordering: contexts hold lists in the order the page shows them) and
autoescapes: every value from ``sources/`` is HTML-escaped unless a helper
of :mod:`scripts.renderer.html` already made it safe (it returns
:class:`markupsafe.Markup`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, pass_environment
from markupsafe import Markup

from scripts.escaping import script_json
from scripts.renderer.html import esc, mark_languages, md_text
from scripts.words import plural

#: The project's own templates.
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

#: Where a project puts its own versions of the templates (relative to the root).
OVERRIDES = Path("overrides") / "portal"

#: The name prefix under which the project's own template ``x.html`` is
#: found even when ``overrides/portal/x.html`` exists (to extend it).
ORIGINAL_PREFIX = "portal"


def _md(text: str) -> Markup:
    """Plain text for a Markdown line (a heading, a paragraph): HTML-escaped
    and with Markdown's special characters backslash-escaped."""
    return Markup(md_text(text))


@pass_environment
def _lang(env: Environment, text: str) -> Markup:
    """Plain text as HTML, Arabic and Cyrillic runs marked with their language."""
    return Markup(mark_languages(env, text))


def _attr(text: str) -> Markup:
    return Markup(esc(text))


def templates_stamp(*folders) -> bytes:
    """What the templates are (names and bytes of every file of *folders*):
    a template edit makes a new environment (and, under ``mkdocs serve``,
    re-renders every page)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if folder is None or not Path(folder).is_dir():
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                hasher.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return hasher.digest()


@lru_cache(maxsize=8)
def environment(override_dir: str | None = None, stamp: bytes = b"") -> Environment:
    """The Jinja environment; templates in *override_dir* (if it exists) win.
    *stamp* (what the template files are) makes a new environment when a
    template was edited under ``mkdocs serve`` (templates are compiled once
    per environment). ``portal/x.html`` is always the project's own
    ``x.html``."""
    original = FileSystemLoader(str(TEMPLATES))
    loaders = [PrefixLoader({ORIGINAL_PREFIX: original})]
    if override_dir and Path(override_dir).is_dir():
        loaders.append(FileSystemLoader(override_dir))
    loaders.append(original)
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, auto_reload=False)
    env.filters.update(md=_md, lang=_lang, attr=_attr, plural=plural, script_json=lambda data: Markup(script_json(data)),
                       number=lambda n: f"{n:,}")
    return env


def render(template: str, override_dir: str | None = None, stamp: bytes = b"", /, **context) -> str:
    """Render *template* with *context*; returns Markdown text."""
    return environment(override_dir, stamp).get_template(template).render(**context)
