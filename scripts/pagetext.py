"""The Markdown MkDocs renders for a page, made from what the page's file
holds (``on_page_markdown``).

* ``<!-- portal:NAME -->`` blocks of hand-written pages are filled from the
  pipeline's ``blocks``;
* inline references of the editors' prose (``[[source-id/pN, note:id]]``),
  checked by the pipeline's claims stage, become links;
* the glossary's abbreviations are defined for every page (Python-Markdown's
  abbr extension explains them on hover; source passages are raw HTML and
  carry their own ``<abbr>`` already).
"""

from __future__ import annotations

import re

from markdown import util as markdown_util
from markupsafe import Markup
from mkdocs.utils import meta as front_matter

from scripts.escaping import abbr_definition
from scripts.renderer import references as references_render

BLOCK = re.compile(r"<!--\s*portal:([a-z-]+)\s*-->")

#: What `mkdocs serve` shows instead of a hand-written page with a problem.
NEUTRALIZED = "!!! failure \"This page has problems\"\n\n    See the messages of `mkdocs serve`.\n"


def page_markdown(markdown: str, src_uri: str, result, context) -> str:
    """*markdown* (a page's text) with blocks filled, references resolved
    against *context* (the renderer's :class:`~scripts.renderer.pages.Context`
    of *result*) and the glossary definitions it needs appended."""
    if BLOCK.search(markdown):
        blocks = result.blocks
        markdown = BLOCK.sub(lambda m: blocks.get(m.group(1), m.group(0)), markdown)
    if "[[" in markdown:
        markdown = references_render.resolve_markdown(context, src_uri, markdown)
    if result.corpus.glossary:
        definitions = definitions_for(markdown, result.corpus.glossary)
        if definitions:
            markdown = f"{markdown}\n\n{definitions}\n"
    return markdown


#: The abbr extension runs one pattern made of every defined abbreviation
#: over every text of a page, so defining every term on every page made the
#: build markedly slower (bench/README.md). A definition only matters where
#: its term occurs: a page gets the definitions of the terms whose letters
#: and digits occur in its Markdown (a superset of what abbr can match), and
#: the site is byte-identical.
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


#: The words of Python-Markdown's placeholders (``\x02wzxhzdk:3\x03`` stands
#: for a stashed HTML block until the end): an abbreviation matching one of
#: them would rewrite every placeholder and erase what it stands for.
_PLACEHOLDER_WORDS = frozenset(re.findall(r"[A-Za-z]{2,}", markdown_util.HTML_PLACEHOLDER % "" + markdown_util.TAG_PLACEHOLDER % ""
                                          + markdown_util.INLINE_PLACEHOLDER_PREFIX + markdown_util.AMP_SUBSTITUTE))


def definitions_for(markdown: str, glossary) -> str:
    flat = _NOT_ALNUM.sub("", markdown)
    return "\n".join(abbr_definition(t.term, t.expansion) for t in glossary
                     if _NOT_ALNUM.sub("", t.term) in flat
                     and not _PLACEHOLDER_WORDS & set(re.findall(r"[A-Za-z]+", t.term)))


def title_as_html(page) -> None:
    """A front matter ``title:`` is text; MkDocs' titles are HTML (from a
    ``# heading``) and templates print them unescaped. Escaped once here (as
    Markup, so that ``| e`` does not escape it twice)."""
    title = page.meta.get("title")
    if title is not None and not isinstance(title, Markup):
        page.meta["title"] = Markup.escape(str(title))


def source_body(page) -> tuple[str, int]:
    """The Markdown of a hand-written page as written (before blocks and
    abbreviations are added), and the number of front matter lines before it."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return page.markdown or "", 0
    body, _meta = front_matter.get_data(source)
    return body, source.count("\n") - body.count("\n")
