"""The segment stage (scripts/stages/segment.py), called in-process on small
clean texts: every non-heading block becomes one numbered passage, in body
order, under the heading before it; headings get unique anchors that never
look like a passage's; the years a passage mentions are found."""

from __future__ import annotations

import pytest

from scripts.model import Block, CleanText
from scripts.stages.segment import heading_anchor, segment, years_in


def clean_text(*blocks: Block, source_id: str = "demo") -> CleanText:
    return CleanText(source_id, tuple(blocks), (), (), (), (), ())


def test_passages_are_numbered_in_body_order_under_their_heading():
    text = clean_text(Block("paragraph", "Before any heading.", (1,)),
                      Block("heading", "The treaty", (3,), level=2),
                      Block("paragraph", "Signed in April 1972.", (5,)),
                      Block("list-item", "Arms", (6,)),
                      Block("caption", "A photograph.", (7,)))
    sections, passages = segment(text)
    assert [p.id for p in passages] == ["demo/p1", "demo/p2", "demo/p3", "demo/p4"]
    assert [p.anchor for p in passages] == ["p1", "p2", "p3", "p4"]
    assert [p.kind for p in passages] == ["paragraph", "paragraph", "list-item", "caption"]
    assert [p.heading for p in passages] == [None, "The treaty", "The treaty", "The treaty"]
    assert [p.lines for p in passages] == [(1,), (5,), (6,), (7,)]
    # Sections keep the body order: headings and passages interleaved.
    assert [(s.heading.text if s.heading else s.passage.id) for s in sections] == \
        ["demo/p1", "The treaty", "demo/p2", "demo/p3", "demo/p4"]
    assert sections[1].heading.level == 2 and sections[1].heading.lines == (3,)


def test_an_empty_text_has_no_passage():
    assert segment(clean_text()) == ((), ())


def test_heading_anchors_are_unique_and_never_a_passage_anchor():
    taken: set = set()
    anchors = [heading_anchor(text, taken) for text in ("History", "History", "P1", "", "History")]
    assert anchors == ["history", "history-2", "p1-section", "section", "history-3"]
    sections, _ = segment(clean_text(Block("heading", "p2", (1,), level=2), Block("paragraph", "x", (2,))))
    assert sections[0].heading.anchor == "p2-section"


@pytest.mark.parametrize("text, years", [
    ("Signed in April 1972 and renewed in 1987.", (1972, 1987)),
    ("From 1955–59 the pact held.", (1955, 1959)),
    ("In 1986-1988 deliveries grew.", (1986, 1988)),
    ("A debt of 5000 tanks and 300 guns.", ()),          # amounts, not years
    ("Ibn Khordadbeh wrote in 870.", ()),                 # three digits: not read as a year
])
def test_years_a_passage_mentions(text, years):
    assert years_in(text) == years
