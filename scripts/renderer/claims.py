"""Rendering of the claims model: inline references, bracketed dates,
editors' notes, role terms, source assessments and the Contested claims
page. Every function returns escaped HTML (or Markdown whose text parts are
escaped) or plain data; ``ctx`` is :class:`scripts.renderer.pages.Context`.

Sources are named as readers cite them ("Mahmoudian 2021", "Wikipedia"),
never by catalog id.
"""

from __future__ import annotations

import re

from scripts import claims
from scripts.model import CatalogEntry, Event, Note, Role
from scripts.renderer.html import esc, mark_languages, md_text
from scripts.urls import relative

#: Where the numbered list of all notes is (hand-written, filled by the "notes" block).
NOTES_PAGE = "about/index.md"
NOTE_KINDS = {"correction": "Correction", "context": "Context", "inference": "Inference",
              "source-criticism": "Source criticism"}
ASSESSMENT_LABELS = (("author", "Author"), ("kind", "Kind of text"), ("date", "Date"),
                     ("independence", "Independence"), ("weaknesses", "Known weaknesses"))


def cite_name(entry: CatalogEntry) -> str:
    """How readers cite a source: author's surname and year, else the
    publisher, else the (editor-supplied) title shortened."""
    year = entry.published[:4] if entry.published and entry.published[:4].isdigit() else ""
    if entry.authors:
        return f"{entry.authors[0].name.split()[-1]} {year}".strip()
    if entry.publisher:
        return f"{entry.publisher} {year}".strip()
    words = (entry.title or "Untitled").strip("[]").split()
    return " ".join(words[:5]) + ("…" if len(words) > 5 else "")


def _source_name(ctx, source_id: str) -> str:
    return ctx.source_cite_names[source_id]


def note_anchor(note: Note) -> str:
    return f"note-{note.number}"


def _notes_by_id(ctx) -> dict:
    return ctx.notes_by_id


def ref_link(ctx, here: str, ref: str) -> str:
    """One reference as a link: "Wikipedia, ¶5" or "note 3"."""
    note_id = claims.note_id(ref)
    if note_id is not None:
        note = _notes_by_id(ctx)[note_id]
        href = relative(here, NOTES_PAGE, f"#{note_anchor(note)}")
        return f'<a class="ref ref--note" href="{esc(href)}" title="{esc(note.text)}">note {note.number}</a>'
    passage = ctx.passages[ref].passage
    href = ctx.link(here, "source", passage.source_id, f"#{passage.anchor}")
    return (f'<a class="ref" href="{esc(href)}">{esc(_source_name(ctx, passage.source_id))}, '
            f"¶{passage.number}</a>")


def refs_html(ctx, here: str, refs) -> str:
    if not refs:
        return ""
    return '<span class="refs">(' + "; ".join(ref_link(ctx, here, r) for r in refs) + ")</span>"


def prose(ctx, here: str, text: str) -> str:
    """Editors' prose for a Markdown paragraph: each sentence escaped,
    followed by its references as links; uncited sentences stay plain."""
    found, _problems = claims.sentences(text)
    return " ".join(md_text(s.text) + (" " + refs_html(ctx, here, s.refs) if s.refs else "") for s in found)


def inline(ctx, here: str, text: str) -> str:
    """Plain editors' text (an assessment, a note, a reason) as HTML, with any
    ``[[…]]`` group it contains shown as links (these texts need not cite)."""
    out, cursor = [], 0
    for match in claims.REF_GROUP.finditer(text):
        refs = [r.strip() for r in match.group(1).split(",") if r.strip()]
        out.append(mark_languages(text[cursor:match.start()].rstrip(" ")))
        out.append(" " + refs_html(ctx, here, refs))
        cursor = match.end()
    out.append(mark_languages(text[cursor:]))
    return "".join(out)


def plain(text: str) -> str:
    """Prose without its references (descriptions, JSON-LD)."""
    return claims.plain(text)


_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def resolve_markdown(ctx, here: str, markdown: str) -> str:
    """Replace the ``[[…]]`` groups of a hand-written page by links (not
    inside code). Unknown ids are left as typed: the claims stage has already
    refused them, so this only happens in a preview of a failed build."""
    masked = _CODE.sub(lambda m: " " * len(m.group()), markdown)
    notes = _notes_by_id(ctx)
    out, cursor = [], 0
    for match in claims.REF_GROUP.finditer(masked):
        refs = [r.strip() for r in match.group(1).split(",") if r.strip()]
        if not all(r in ctx.passages or claims.note_id(r) in notes for r in refs):
            continue
        out.append(markdown[cursor:match.start()].rstrip(" "))
        out.append(" " + refs_html(ctx, here, refs))
        cursor = match.end()
    out.append(markdown[cursor:])
    return "".join(out)


# --- dates ----------------------------------------------------------------------------------------


def inferred_parts(event: Event) -> frozenset:
    """The components of the event's date that no citation states."""
    try:
        stated = claims.statement(event.date.text)
        dates = [claims.statement(c.says.date) for c in event.citations if c.says]
    except claims.StatementError:
        return frozenset()
    return claims.unstated(stated, [d for d in dates if claims.overlap(stated, d)])


def date_label(event: Event) -> str:
    """The event's date in words, inferred parts in brackets: 22 August [1990]."""
    missing = inferred_parts(event)
    if not missing:
        return event.date.label
    try:
        return claims.bracketed_label(event.date.text, missing)
    except claims.StatementError:
        return event.date.label


def inference_html(ctx, here: str, event: Event) -> str:
    """The reason for the bracketed parts of an event's date (event page)."""
    if event.inferred is None:
        return ""
    label = date_label(event)
    return (f'<div class="inferred" markdown="0"><p><strong>Date inferred by the editors.</strong> '
            f"The parts in brackets in “{esc(label)}” are not stated by any source quoted here. "
            f"{inline(ctx, here, event.inferred.reason)} {refs_html(ctx, here, event.inferred.passages)}</p></div>\n\n")


def says_html(ctx, event: Event, index: int) -> str:
    """What one citation states, in words (under its quote on the event page)."""
    citation = event.citations[index]
    if citation.says is None:
        return ""
    parts = [f"date: {esc(claims.says_label(citation.says.date))}"
             if citation.says.date.strip("X-") else "date: not stated"]
    parts += [esc(q.words()) for q in citation.says.quantities]
    return f'<p class="says">States: {"; ".join(parts)}</p>'


# --- notes ----------------------------------------------------------------------------------------


def notes_for(ctx, target: str) -> list[Note]:
    return ctx.notes_by_target.get(target, [])


def note_html(ctx, here: str, note: Note, anchor: bool = False) -> str:
    references = "".join(f"<li>{_italics(esc(r))}</li>" for r in note.references)
    rests = refs_html(ctx, here, note.passages)
    ident = f' id="{note_anchor(note)}"' if anchor else ""
    return (f'<aside class="editors-note editors-note--{esc(note.kind)}"{ident} '
            f'aria-label="Editors\' note {note.number}"><p><strong>Note {note.number}</strong> '
            f'<span class="note-kind">({esc(NOTE_KINDS.get(note.kind, note.kind))})</span>: '
            f"{inline(ctx, here, note.text)} {rests}</p>"
            + (f'<ul class="note-references">{references}</ul>' if references else "") + "</aside>")


def notes_html(ctx, here: str, target: str) -> str:
    """The notes attached to *target* ("event:x", "passage:s/p3" …), or ""."""
    found = notes_for(ctx, target)
    if not found:
        return ""
    return '<div class="editors-notes" markdown="0">' + "".join(note_html(ctx, here, n) for n in found) \
        + "</div>\n\n"


def passage_notes(ctx, here: str, passage_id: str, tag: str = "div") -> str:
    """Notes beside a passage on its source page."""
    found = notes_for(ctx, f"passage:{passage_id}")
    if not found:
        return ""
    return f'<{tag} class="editors-notes editors-notes--passage">' + "".join(
        note_html(ctx, here, n) for n in found) + f"</{tag}>"


def notes_block(ctx, here: str = NOTES_PAGE) -> str:
    """Every note, numbered, for the method page (``<!-- portal:notes -->``)."""
    if not ctx.corpus.notes:
        return "<p>No editors' notes yet.</p>"
    items = []
    for note in ctx.corpus.notes:
        items.append(f"<li>{note_html(ctx, here, note, anchor=True)}"
                     f'<p class="note-target">About: {_target_link(ctx, here, note)}</p></li>')
    return '<ol class="notes-list">' + "".join(items) + "</ol>"


def _target_link(ctx, here: str, note: Note) -> str:
    kind, target = note.target_kind, note.target_id
    if kind == "passage" and target in ctx.passages:
        return ref_link(ctx, here, target)
    pages = {"event": ctx.events, "actor": ctx.actors, "period": ctx.periods, "source": ctx.sources}
    if kind in pages and target in pages[kind]:
        item = pages[kind][target]
        title = getattr(item, "title", None) or getattr(item, "name", None) or cite_name(item.entry)
        return f'<a href="{esc(ctx.link(here, kind, target))}">{mark_languages(title)}</a>'
    if kind == "glossary":
        return f'<a href="{esc(relative(here, "glossary.md"))}">glossary: {esc(target)}</a>'
    return esc(note.target)


def _italics(escaped: str) -> str:
    parts = escaped.split("*")
    return "".join(p if i % 2 == 0 else f"<em>{p}</em>" for i, p in enumerate(parts))


# --- roles and sources ----------------------------------------------------------------------------


def role_when(role: Role) -> str:
    """The term of a role as readers see it (escaped HTML)."""
    if role.when is None:
        return '<span class="term-unstated">term not stated in the sources</span>'
    return esc(role.when.label)


def role_source(ctx, here: str, role: Role) -> str:
    if role.passage_id and role.passage_id in ctx.passages:
        return ref_link(ctx, here, role.passage_id)
    if role.source_id and role.source_id in ctx.sources:
        return f'<a href="{esc(ctx.link(here, "source", role.source_id))}">{esc(_source_name(ctx, role.source_id))}</a>'
    return "—"


def assessment_html(ctx, here: str, entry: CatalogEntry, title: str = "Assessment") -> str:
    """The source criticism of a catalog entry as a collapsible block."""
    if not entry.assessment:
        return ""
    labels = dict(ASSESSMENT_LABELS)
    rows = "".join(f"<dt>{esc(labels.get(key, key))}</dt><dd>{inline(ctx, here, text)}</dd>"
                   for key, text in entry.assessment)
    return f'<details class="assessment"><summary>{esc(title)}</summary><dl>{rows}</dl></details>'



def source_assessment(ctx, here: str, entry: CatalogEntry) -> str:
    """The source page's assessment section (Markdown + HTML), with the notes about the source."""
    block = assessment_html(ctx, here, entry, title="Assessment: author, kind, date, independence, known weaknesses")
    notes = notes_html(ctx, here, f"source:{entry.id}")
    return (f'<div class="source-assessment" markdown="0">{block}</div>\n\n' if block else "") + notes


# --- disputes -------------------------------------------------------------------------------------

DISPUTE_KINDS = {"date": "a date", "quantity": "a number", "attribution": "who did or said it",
                 "interpretation": "what happened or what it meant"}


def _letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def readings_html(ctx, here: str, event: Event, heading_level: int = 3) -> str:
    """The readings of a dispute side by side (stacked on narrow screens):
    label, who holds it, their quotes, the editors' summary and the sources'
    assessed weaknesses (collapsible)."""
    dispute = event.dispute
    if dispute is None:
        return ""
    out = [f'<div class="dispute" markdown="0"><p class="dispute-kind">The sources disagree on '
           f"<strong>{esc(DISPUTE_KINDS.get(dispute.kind, dispute.kind))}</strong> "
           f'<span class="badge">{esc(dispute.kind)}</span></p><div class="readings">']
    for index, reading in enumerate(dispute.readings):
        holders = ", ".join(f'<a href="{esc(ctx.link(here, "source", s))}">{esc(_source_name(ctx, s))}</a>'
                            for s in reading.sources)
        quotes = []
        for i in _citations_of(event, reading):
            citation = event.citations[i]
            target = ctx.link(here, "source", citation.source_id, citation.fragment)
            number = ctx.passages[citation.passage_id].passage.number if citation.passage_id in ctx.passages else ""
            quotes.append(f'<blockquote cite="{esc(target)}"><p>{mark_languages(citation.quote)}</p>'
                          f'<footer>{esc(_source_name(ctx, citation.source_id))}, '
                          f'<a href="{esc(target)}">¶{number}</a>{says_html(ctx, event, i)}</footer></blockquote>')
        weaknesses = "".join(
            f'<details class="weaknesses"><summary>Known weaknesses of {esc(_source_name(ctx, s))}</summary>'
            f"<p>{inline(ctx, here, dict(ctx.sources[s].entry.assessment).get('weaknesses', 'Not assessed.'))}</p>"
            f"</details>" for s in reading.sources)
        out.append(f'<section class="reading" aria-label="Reading {_letter(index)}">'
                   f"<h{heading_level}>Reading {_letter(index)}: {mark_languages(reading.label)}</h{heading_level}>"
                   f'<p class="held-by">Held by {holders}</p>'
                   f"{''.join(quotes)}"
                   f'<p class="reading-summary">{_prose_html(ctx, here, reading.summary)}</p>'
                   f"{weaknesses}</section>")
    out.append(f'</div><p class="assessment-line"><strong>Assessment:</strong> {inline(ctx, here, dispute.assessment)}'
               "</p></div>\n\n")
    return "".join(out)


def _citations_of(event: Event, reading) -> list[int]:
    """The citations that hold a reading: those of its sources whose passage
    the reading's summary cites (a source may hold two readings with two
    quotes), else every citation of its sources."""
    cited = {ref for sentence in claims.sentences(reading.summary)[0] for ref in sentence.refs}
    held = [i for i, c in enumerate(event.citations) if c.source_id in reading.sources]
    narrowed = [i for i in held if event.citations[i].passage_id in cited]
    return narrowed or held


def _prose_html(ctx, here: str, text: str) -> str:
    """Like :func:`prose`, for inside raw HTML (escaped for HTML, not Markdown)."""
    found, _problems = claims.sentences(text)
    return " ".join(mark_languages(s.text) + (" " + refs_html(ctx, here, s.refs) if s.refs else "") for s in found)


def contested_page(ctx):
    """The Contested claims page: every disputed event as labelled readings."""
    from scripts.model import GeneratedPage
    from scripts.renderer.pages import _time, front_matter

    here = "contested.md"
    disputed = [e for e in ctx.corpus.events if e.disputed]
    kinds = {}
    for event in disputed:
        kinds[event.dispute.kind] = kinds.get(event.dispute.kind, 0) + 1
    out = [front_matter("Contested claims", "Where the sources disagree about dates, numbers, attribution or "
                        "interpretation, reading by reading."),
           "# Contested claims\n\n",
           "Where the sources cannot all be right, each reading is shown with the sources that hold it, "
           "their own words, and what the editors know of those sources' weaknesses. A difference of "
           "precision (\"1969 to 1973\" and \"the 1970s\") is not a disagreement: the build compares what "
           "each quotation states and lists only statements that cannot both be true, and disputes of "
           "attribution or interpretation that the editors declare with two or more readings. "
           f"{len(disputed)} claim{'s are' if len(disputed) != 1 else ' is'} contested"
           + (" (" + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")" if kinds else "")
           + ".\n\n"]
    for event in disputed:
        # {#event-id}: a source paragraph links to the claims it supports (issue 12).
        out.append(f"## {md_text(event.title)} {{#{event.id}}}\n\n")
        out.append(f'<p class="contested-meta">{_time(event)} · {ctx.event_link(here, event)}</p>\n\n')
        out.append(readings_html(ctx, here, event))
    return GeneratedPage(here, "".join(out), "sources/events.yml", "Contested claims")


def blocks(ctx) -> dict[str, str]:
    """Blocks for hand-written pages (``<!-- portal:NAME -->``)."""
    return {"notes": notes_block(ctx, NOTES_PAGE)}


def event_extras(ctx, here: str, event: Event) -> str:
    """Everything the claims model adds to an event page, after the summary."""
    return inference_html(ctx, here, event) + notes_html(ctx, here, f"event:{event.id}")
