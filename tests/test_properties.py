"""Properties of the cleaner and the segmenter on generated texts (hypothesis):

* cleaning is idempotent: ``clean(to_text(clean(x)))`` has the same blocks;
* every raw line is accounted for once, and no kept character is lost or
  reordered;
* passage anchors are ``p1 … pN`` without gaps, unique together with the
  heading anchors, and editing one paragraph never moves another's anchor.

The generic rules are the project's own ``sources/cleaning.yml``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from scripts.errors import ProblemLog
from scripts.model import RawText
from scripts.paths import ProjectPaths
from scripts.stages.clean import clean, to_text
from scripts.stages.load import load
from scripts.stages.segment import segment
from scripts.stages.validate import validate
from tests.cleaning_checks import accounting_errors, character_errors
from tests.helpers import copy_texts_only

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def rules(tmp_path_factory):
    root = copy_texts_only(tmp_path_factory.mktemp("rules") / "project")
    log = ProblemLog()
    valid = validate(load(ProjectPaths(root), log), log)
    assert not log.problems, "\n".join(map(str, log.problems))
    assert len(valid.generic_rules) >= 10, "sources/cleaning.yml has no rules?"
    return valid.generic_rules


# --- text generators ----------------------------------------------------------------------

WORDS = ("iraq russia soviet union moscow baghdad oil arms treaty war the of and in a to was were "
         "government relations trade party kurdish minister visit deal signed sanctions over after "
         "before during company contract alliance embassy leader army weapons 1972 1991 2003 s-400 "
         "ba'ath al-maliki co-operation россия العراق").split()
CAPITALIZED = ("Iraq Russia Moscow Baghdad Saddam Putin The In After Soviet Kurdistan Rosneft Lukoil").split()
CHROME = ("Share this article", "Rate this article", "Spread the love", "- Advertisement -", "More articles",
          "Leave a Reply", "Please enter your comment!", "Print Friendly, PDF & Email", "41.1 C",
          "Читать на русском")

word = st.sampled_from(WORDS)
words = st.lists(word, min_size=1, max_size=12).map(" ".join)
ending = st.sampled_from([".", ".", "!", "?", ";", ":", ",", "", "”", ")"])
space = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])


@st.composite
def sentence_line(draw) -> str:
    first = draw(st.sampled_from(CAPITALIZED)) if draw(st.booleans()) else draw(word)
    return draw(space) + first + " " + draw(words) + draw(ending) + draw(space)


@st.composite
def raw_line(draw) -> str:
    kind = draw(st.sampled_from(["text", "text", "text", "blank", "blank", "bullet", "heading", "chrome",
                                 "meta", "title"]))
    if kind == "text":
        return draw(sentence_line())
    if kind == "blank":
        return draw(space)
    if kind == "bullet":
        return draw(st.sampled_from(["- ", "* ", "• "])) + draw(sentence_line()).strip()
    if kind == "heading":
        marks = "=" * draw(st.integers(2, 4))
        return f"{marks}{draw(st.sampled_from(['', ' ']))}{draw(st.sampled_from(CAPITALIZED))} {draw(words)}" \
               f"{draw(st.sampled_from(['', ' ']))}{marks}"
    if kind == "chrome":
        return draw(st.sampled_from(CHROME))
    if kind == "meta":
        return draw(st.sampled_from(["Key words: ", "First published in "])) + draw(words)
    return draw(st.sampled_from(CAPITALIZED)) + " " + draw(words) + ":"


texts = st.lists(raw_line(), min_size=1, max_size=30).map("\n".join)


def _clean(text: str, rules):
    return clean(RawText("generated", "generated.txt", text, False, False), rules)


# --- properties ------------------------------------------------------------------------------


@SETTINGS
@given(text=texts)
# A paragraph wrapped after a semicolon whose second line ends in a colon: the
# rejoined paragraph matches the short-title rule when it is cleaned again.
@example(text="The agreement covered three areas;\nthe most important were:")
def test_cleaning_is_idempotent(rules, text):
    once = _clean(text, rules)
    again = _clean(to_text(once), rules)
    assert [(b.kind, b.text, b.level) for b in again.blocks] == [(b.kind, b.text, b.level) for b in once.blocks]


@SETTINGS
@given(text=texts)
def test_no_line_lost_and_no_kept_character_lost_or_reordered(rules, text):
    result = _clean(text, rules)
    lines = text.split("\n")
    assert accounting_errors(result, len(lines)) == []
    assert character_errors(result, lines) == []
    # Nothing is dropped without a rule: every removed line names one, with its reason.
    assert all(r.rule and r.reason for r in result.removed)


@SETTINGS
@given(text=texts)
def test_passage_anchors_are_contiguous_and_unique(rules, text):
    body, passages = segment(_clean(text, rules))
    assert [p.anchor for p in passages] == [f"p{n}" for n in range(1, len(passages) + 1)]
    assert [p.id for p in passages] == [f"generated/p{n}" for n in range(1, len(passages) + 1)]
    heading_anchors = [s.heading.anchor for s in body if s.heading]
    assert not any(re.fullmatch(r"p\d+", a) for a in heading_anchors)
    everything = heading_anchors + [p.anchor for p in passages]
    assert len(everything) == len(set(everything))


# A paragraph no rule touches: a capitalized sentence ending with a full stop.
paragraph = st.builds(lambda first, rest: f"{first} {rest}.", st.sampled_from(CAPITALIZED), words)
heading_text = st.builds(lambda level, text: f"{'=' * level} {text} {'=' * level}", st.integers(2, 4),
                         st.sampled_from(CAPITALIZED + ["P1", "p2", "P 3"]))


@SETTINGS
@given(paragraphs=st.lists(paragraph, min_size=2, max_size=15, unique=True),
       headings=st.dictionaries(st.integers(0, 14), heading_text, max_size=4),
       edited=st.integers(0, 14), replacement=paragraph)
def test_editing_one_paragraph_keeps_the_other_anchors(rules, paragraphs, headings, edited, replacement):
    edited %= len(paragraphs)
    assume(replacement not in paragraphs)

    def build(paras):
        parts = []
        for index, text in enumerate(paras):
            if index in headings:
                parts.append(headings[index])
            parts.append(text)
        return "\n\n".join(parts) + "\n"

    before = segment(_clean(build(paragraphs), rules))[1]
    changed = list(paragraphs)
    changed[edited] = replacement
    after = segment(_clean(build(changed), rules))[1]
    assert [p.text for p in before] == paragraphs
    assert len(after) == len(before)
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        if index != edited:
            assert (new.anchor, new.text) == (old.anchor, old.text)
        else:
            assert new.anchor == old.anchor and new.text == replacement
