"""The inline references of the editors' prose as links: a passage
reference becomes "Wikipedia, ¶5" (sources are named as readers cite them,
"Mahmoudian 2021", never by catalog id), a note reference "note 3". Every
function returns escaped HTML (or Markdown whose text parts are escaped);
the links are blocks of ``_inline.html``. ``ctx`` is
:class:`scripts.renderer.pages.Context`.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from scripts import dates
from scripts.claims import references
from scripts.model import CatalogEntry, Note
from scripts.renderer.html import mark_languages, md_text
from scripts.tei import DATELINE
from scripts.urls import relative

#: Where the numbered list of all notes is (hand-written, filled by the "notes" block).
NOTES_PAGE = "about/index.md"


def cite_name(entry: CatalogEntry) -> str:
    """How readers cite a source, short and human: the author's surname and
    year ("Mamedov 2018"), else the publisher and year, else what the
    source is and when ("anonymous blog post, c. 2020", "anonymous
    encyclopedia article, undated"): never a truncated title, which reads
    as a quotation cut short. The catalog's ``short_name`` comes first:
    the editors' name for a source those rules name badly."""
    if entry.short_name:
        return entry.short_name
    year = entry.published[:4] if entry.published and entry.published[:4].isdigit() else ""
    if entry.authors:
        return f"{entry.authors[0].name.split()[-1]} {year}".strip()
    if entry.container and entry.container.pages:
        # A part of a larger work without an author of its own (a document
        # of an edition): the work and where in it, so that two documents of
        # one volume are never named alike ("Foreign Relations of the United
        # States, 1969–1976, vol. E–4, doc. 305").
        return f"{_work_up_to_its_volume(entry.container.title)}, {entry.container.pages}"
    if entry.publisher:
        return f"{entry.publisher} {year}".strip()
    kind = " ".join((entry.kind or "text").replace("-", " ").split()).lower()
    return f"anonymous {kind}, {_when_published(entry.published)}"


def _work_up_to_its_volume(title: str) -> str:
    """A multi-volume work's title up to its volume number, without the
    volume's own title ("…, vol. E–4, Documents on Iran and Iraq" →
    "…, vol. E–4"); any other title whole."""
    match = re.match(r"(.*?\bvol\.\s*[^,;:]+)", title, re.IGNORECASE)
    return match.group(1).strip() if match else title


def _when_published(published: str | None) -> str:
    """A catalog's publication date in words ("c. 2020", "May 2018"), or "undated"."""
    if not published:
        return "undated"
    try:
        return dates.parse_edtf(published).label
    except dates.EdtfError:
        return published


def _source_name(ctx, source_id: str) -> str:
    return ctx.source_cite_names[source_id]


def note_anchor(note: Note) -> str:
    return f"note-{note.number}"


def _notes_by_id(ctx) -> dict:
    return ctx.notes_by_id


def ref_link(ctx, here: str, ref: str) -> str:
    """One reference as a link: "Wikipedia, ¶5" or "note 3"."""
    note_id = references.note_id(ref)
    if note_id is not None:
        note = _notes_by_id(ctx)[note_id]
        href = relative(here, NOTES_PAGE, f"#{note_anchor(note)}")
        return ctx.part("note_ref", href=href, title=note.text, number=note.number)
    source_id, _slash, part = ref.partition("/")
    if part == DATELINE:
        # A document's dateline (scripts/tei.py): its anchor on the document's page.
        href = ctx.link(here, "source", source_id, f"#{DATELINE}")
        return ctx.part("dateline_ref", href=href, source=_source_name(ctx, source_id))
    source_id, anchor, number = ctx.passage_places[ref]
    href = ctx.link(here, "source", source_id, f"#{anchor}")
    return ctx.part("passage_ref", href=href, source=_source_name(ctx, source_id), number=number)


def refs_html(ctx, here: str, refs) -> str:
    """The references of a sentence as one group of links, "(Wikipedia, ¶5; note 3)", or ""."""
    if not refs:
        return ""
    return ctx.part("refs", links_html=[Markup(ref_link(ctx, here, r)) for r in refs])


def prose(ctx, here: str, text: str) -> str:
    """Editors' prose for a Markdown paragraph: each sentence escaped,
    followed by its references as links; uncited sentences stay plain."""
    found, _problems = references.sentences(text)
    return " ".join(md_text(s.text) + (" " + refs_html(ctx, here, s.refs) if s.refs else "") for s in found)


def inline(ctx, here: str, text: str) -> str:
    """Plain editors' text (an assessment, a note, a reason) as HTML, with any
    ``[[…]]`` group it contains shown as links (these texts need not cite)."""
    out, cursor = [], 0
    for match in references.REF_GROUP.finditer(text):
        refs = [references.unpinned(r.strip()) for r in match.group(1).split(",") if r.strip()]
        out.append(mark_languages(ctx.env, text[cursor:match.start()].rstrip(" ")))
        out.append(" " + refs_html(ctx, here, refs))
        cursor = match.end()
    out.append(mark_languages(ctx.env, text[cursor:]))
    return "".join(out)


def plain(text: str) -> str:
    """Prose without its references (descriptions, JSON-LD)."""
    return references.plain(text)


_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def resolve_markdown(ctx, here: str, markdown: str) -> str:
    """Replace the ``[[…]]`` groups of a hand-written page by links (not
    inside code). Unknown ids are left as typed: the claims stage has already
    refused them, so this only happens in a preview of a failed build."""
    masked = _CODE.sub(lambda m: " " * len(m.group()), markdown)
    notes = _notes_by_id(ctx)
    out, cursor = [], 0
    for match in references.REF_GROUP.finditer(masked):
        refs = [references.unpinned(r.strip()) for r in match.group(1).split(",") if r.strip()]
        if not all(r in ctx.passages or references.note_id(r) in notes for r in refs):
            continue
        out.append(markdown[cursor:match.start()].rstrip(" "))
        out.append(" " + refs_html(ctx, here, refs))
        cursor = match.end()
    out.append(markdown[cursor:])
    return "".join(out)


def _prose_html(ctx, here: str, text: str) -> str:
    """Like :func:`prose`, for inside raw HTML (escaped for HTML, not Markdown)."""
    found, _problems = references.sentences(text)
    return " ".join(mark_languages(ctx.env, s.text) + (" " + refs_html(ctx, here, s.refs) if s.refs else "")
                    for s in found)
