"""Stage 4, *segment*: number the clean body's passages and give headings
anchors.

In: :class:`~scripts.model.CleanText`. Out: the body as
:class:`~scripts.model.Section` s and the source's
:class:`~scripts.model.Passage` s. Passage anchors are ``p1``, ``p2`` … in
body order: editing one paragraph never moves another's anchor. Headings get
slug anchors that can never take the form ``p<number>``.
"""

from __future__ import annotations

import re

from slugify import slugify

from scripts.model import CleanText, Heading, Passage, Section
from scripts.reuse import reusable

YEAR = re.compile(r"(?<![\d,.$])(?P<year>\d{3,4})(?:[–-](?P<tail>\d{2,4}))?(?![\d,])(?!\s*(?:percent|%|million|billion|mile|km|tanks|dollars))")
PASSAGE_ANCHOR = re.compile(r"^p\d+$")

#: Years outside this span are not counted as years (they are amounts).
YEAR_SPAN = (600, 2100)


def years_in(text: str) -> tuple[int, ...]:
    """Years a passage mentions, including both ends of ``1955–59``."""
    found = set()
    for match in YEAR.finditer(text):
        year = int(match["year"])
        if not YEAR_SPAN[0] <= year <= YEAR_SPAN[1] or len(match["year"]) < 4:
            continue
        found.add(year)
        tail = match["tail"]
        if tail:
            end = int(match["year"][: 4 - len(tail)] + tail) if len(tail) < 4 else int(tail)
            if year < end <= YEAR_SPAN[1]:
                found.add(end)
    return tuple(sorted(found))


def heading_anchor(text: str, taken: set) -> str:
    base = slugify(text) or "section"
    if PASSAGE_ANCHOR.match(base):
        base = f"{base}-section"
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


@reusable
def segment(clean_text: CleanText) -> tuple[tuple[Section, ...], tuple[Passage, ...]]:
    sections, passages = [], []
    taken: set = set()
    current_heading: str | None = None
    for block in clean_text.blocks:
        if block.kind == "heading":
            current_heading = block.text
            sections.append(Section(heading=Heading(block.text, block.level,
                                                    heading_anchor(block.text, taken), block.lines)))
            continue
        number = len(passages) + 1
        passage = Passage(id=f"{clean_text.source_id}/p{number}", source_id=clean_text.source_id,
                          number=number, anchor=f"p{number}", kind=block.kind, text=block.text,
                          heading=current_heading, lines=block.lines, years=years_in(block.text))
        passages.append(passage)
        sections.append(Section(passage=passage))
    return tuple(sections), tuple(passages)
