"""Text prepared for the generated pages. Everything from a source text or a
YAML file goes through one function of :mod:`scripts.escaping` for its
context (re-exported here): :func:`esc` for HTML text and attributes,
:func:`md_text` for Markdown, ``script_json`` for JSON-LD (through the
``json_ld_script`` macro of _portal.html), front matter via
``scripts.escaping.front_matter``. A ``<script>`` in a source is shown as
text, and Markdown- or Jinja-looking characters stay literal because the
fragments are raw HTML blocks, which Python-Markdown does not parse.

The markup itself is in templates: a piece that sits inside a line (a
linked name, a language span, a reference) is a named block of
``scripts/templates/_inline.html``, rendered by :func:`part` in the page's
Jinja environment (so ``overrides/portal/_inline.html`` can replace it)."""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment

from scripts import escaping
from scripts.escaping import abbr_definition, attr, csv_cell, front_matter_value, md_text
from scripts.escaping import html_text as esc
from scripts.model import LinkedPassage
from scripts.spans import SpanSet

__all__ = ["esc", "attr", "md_text", "front_matter", "front_matter_value", "abbr_definition", "csv_cell",
           "part", "lang_span", "mark_languages", "passage_body", "table"]

#: The template of the inline pieces, one named block each.
INLINE = "_inline.html"

#: Languages written right to left (their spans carry ``dir="rtl"``).
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur"})


#: How many rendered pieces an environment keeps (the same reference or
#: linked name recurs on many pages; a piece is a short string).
PARTS_KEPT = 1 << 16


def part(env: Environment, name: str, /, **values) -> str:
    """The block *name* of ``_inline.html`` rendered with *values* (plain
    text, escaped by the template; a value named ``*_html`` is
    :class:`~markupsafe.Markup` already made; lists are passed as tuples).
    *env* is the page's environment
    (:func:`scripts.renderer.templates.environment`). Returns HTML as
    ``str``, like the other functions here, so that joining it with escaped
    text never escapes it twice.

    A piece depends only on its values and the environment's templates, so
    each environment keeps the pieces it rendered: rendering a template
    costs far more than looking one up, and most pieces recur."""
    rendered = getattr(env, "portal_parts", None)
    if rendered is None:
        template = env.get_template(INLINE)
        rendered = env.portal_parts = lru_cache(maxsize=PARTS_KEPT)(
            lambda name, items: template.render(part=name, **dict(items)))
    return rendered(name, tuple(sorted((key, tuple(value) if isinstance(value, list) else value)
                                       for key, value in values.items())))


def lang_span(env: Environment, text: str, lang: str) -> str:
    """*text* in a span that names its language (and direction)."""
    return part(env, "lang", text=text, lang=lang, rtl=lang in RIGHT_TO_LEFT)


# Runs of Arabic or Cyrillic script (words joined by spaces or dashes) carry
# their language, so screen readers switch voice and browsers pick fonts.
_FOREIGN = re.compile(r"(?P<ar>[\u0600-\u06FF]+(?:[\s\u2013-]+[\u0600-\u06FF]+)*)"
                      r"|(?P<ru>[\u0400-\u04FF]+(?:[\s\u2013-]+[\u0400-\u04FF]+)*)")


def mark_languages(env: Environment, text: str) -> str:
    """Escape *text*, wrapping runs of Arabic or Cyrillic script in spans
    with ``lang`` (and ``dir="rtl"`` for Arabic)."""
    out, cursor = [], 0
    for match in _FOREIGN.finditer(text):
        out.append(esc(text[cursor:match.start()]))
        out.append(lang_span(env, match.group(), match.lastgroup))
        cursor = match.end()
    out.append(esc(text[cursor:]))
    return "".join(out)


#: Two names joined by a dash ("Iran–Iraq War", "Soviet–Iraqi", "Iraq–Russia
#: relations") make one compound: its parts do not refer to the actors one by
#: one, so neither part is linked (the mentions still count in the data).
_COMPOUND_JOIN = re.compile(r"[\u2010-\u2015-]")


def _in_compound(text: str, start: int, end: int) -> bool:
    return bool((start > 0 and _COMPOUND_JOIN.match(text, start - 1) and start > 1 and text[start - 2].isalnum())
                or (end < len(text) - 1 and _COMPOUND_JOIN.match(text, end) and text[end + 1].isalnum()))


def passage_body(env: Environment, item: LinkedPassage, actor_href, glossary: dict,
                 linked: set | None = None) -> str:
    """The passage text as HTML: actors linked at their first mention,
    glossary abbreviations explained on hover.

    *linked* is the set of actor ids already linked in the same section of
    the page (shared by the caller across the section's passages and
    updated here): an actor is linked once per section, as an encyclopedia
    links, not in every paragraph. Without it, once per passage."""
    text = item.passage.text
    spans = []
    linked = set() if linked is None else linked
    for mention in item.mentions:
        if mention.actor_id in linked or _in_compound(text, mention.start, mention.end):
            continue
        linked.add(mention.actor_id)
        spans.append((mention.start, mention.end, "mention", mention.actor_id))
    taken = SpanSet((s, e) for s, e, _, _ in spans)
    for use in item.terms:
        if not taken.overlaps(use.start, use.end):
            spans.append((use.start, use.end, "term", use.term))
    spans.sort()
    out, cursor = [], 0
    for start, end, kind, value in spans:
        if start < cursor:
            continue
        out.append(mark_languages(env, text[cursor:start]))
        surface = text[start:end]
        if kind == "mention":
            out.append(part(env, "mention", href=actor_href(value), actor=value, surface=surface))
        else:
            out.append(part(env, "term", expansion=glossary[value], surface=surface))
        cursor = end
    out.append(mark_languages(env, text[cursor:]))
    return "".join(out)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells are already-escaped Markdown/HTML."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell.replace("|", "&#124;").replace("\n", " ") for cell in row) + " |")
    return "\n".join(lines) + "\n"


def front_matter(title: str, description: str, **extra) -> str:
    """A generated page's front matter (title, description and *extra* keys)."""
    # Plain text: overrides/main.html escapes it into <meta content="…">.
    data = {"title": title, "description": " ".join(description.split()), **extra}
    # One line per key that YAML reads back unchanged whatever the characters
    # (a C1 control or U+2028 in a title broke the block: scripts/escaping.py).
    return escaping.front_matter(data)
