"""HTML fragments for generated pages. Everything from a source text or a
YAML file goes through :func:`esc`: a ``<script>`` in a source is shown as
text, and Markdown- or Jinja-looking characters stay literal because the
fragments are raw HTML blocks, which Python-Markdown does not parse."""

from __future__ import annotations

import html
import json
import re

from scripts.model import LinkedPassage

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~"})


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Escape text for use inside Markdown (a heading or a table cell)."""
    return html.escape(text, quote=False).translate(_MD_SPECIAL)


def lang_span(text: str, lang: str) -> str:
    direction = ' dir="rtl"' if lang in ("ar", "fa", "he", "ur") else ""
    return f'<span lang="{esc(lang)}"{direction}>{esc(text)}</span>'


# Runs of Arabic or Cyrillic script (words joined by spaces or dashes) carry
# their language, so screen readers switch voice and browsers pick fonts.
_FOREIGN = re.compile(r"(?P<ar>[\u0600-\u06FF]+(?:[\s\u2013-]+[\u0600-\u06FF]+)*)"
                      r"|(?P<ru>[\u0400-\u04FF]+(?:[\s\u2013-]+[\u0400-\u04FF]+)*)")


def mark_languages(text: str) -> str:
    """Escape *text*, wrapping runs of Arabic or Cyrillic script in spans
    with ``lang`` (and ``dir="rtl"`` for Arabic)."""
    out, cursor = [], 0
    for match in _FOREIGN.finditer(text):
        out.append(esc(text[cursor:match.start()]))
        out.append(lang_span(match.group(), match.lastgroup))
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


def passage_body(item: LinkedPassage, actor_href, glossary: dict, linked: set | None = None) -> str:
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
    taken = [(s, e) for s, e, _, _ in spans]
    for use in item.terms:
        if not any(s < use.end and use.start < e for s, e in taken):
            spans.append((use.start, use.end, "term", use.term))
    spans.sort()
    out, cursor = [], 0
    for start, end, kind, value in spans:
        if start < cursor:
            continue
        out.append(mark_languages(text[cursor:start]))
        surface = mark_languages(text[start:end])
        if kind == "mention":
            out.append(f'<a class="mention" href="{esc(actor_href(value))}" data-actor="{esc(value)}">{surface}</a>')
        else:
            out.append(f'<abbr title="{esc(glossary[value])}">{surface}</abbr>')
        cursor = end
    out.append(mark_languages(text[cursor:]))
    return "".join(out)


def passage_html(item: LinkedPassage, actor_href, glossary: dict, tag: str = "div",
                 linked: set | None = None, after: str = "") -> str:
    """One citable passage as HTML (``div`` or ``li``) with its ¶ permalink;
    *after* is trusted HTML placed inside it after the text (what cites it)."""
    passage = item.passage
    number = passage.number
    body = passage_body(item, actor_href, glossary, linked)
    classes = f"passage passage--{passage.kind}"
    inner = f"<p>{body}</p>" if tag == "div" else body
    if passage.kind == "caption":
        inner = f'<p><span class="passage-caption-label">Image caption: </span>{body}</p>'
    return (f'<{tag} class="{classes}" id="{passage.anchor}">'
            f'<a class="passage-number" href="#{passage.anchor}" title="Permalink to paragraph {number}" '
            f'aria-label="Paragraph {number}: permalink">¶{number}</a>'
            f'{inner}'
            f'<button type="button" class="passage-copy" data-anchor="{passage.anchor}" hidden '
            f'aria-label="Copy link to paragraph {number}">Copy link</button>'
            f'{after}'
            f'</{tag}>')


def json_ld(data: dict) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    payload = payload.replace("</", "<\\/")
    return f'<script type="application/ld+json">{payload}</script>'


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells are already-escaped Markdown/HTML."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell.replace("|", "&#124;").replace("\n", " ") for cell in row) + " |")
    return "\n".join(lines) + "\n"
