"""Explanations of sources/editorial/ answer an editorial item only by whole
words (issue 19: an explanation cannot silently cover a different item).
Values here are written for the test, except the build test, which mutates
whatever explanations the fixture copy has."""

from __future__ import annotations

import re

import pytest
import yaml

from scripts.buildinfo import build_info
from scripts.explanations import Explanations, whole_words
from scripts.folding import normalize
from scripts.paths import ProjectPaths
from scripts.pipeline import run
from tests.helpers import knowledge_copy


@pytest.mark.parametrize("explained, item, answers", [
    ("India", "Indian", False),
    ("India", "Egyptian and Indian", False),
    ("India", "the Soviet–India treaty", True),
    ("every citation is from frus1958-60v12-d12", "title: every citation is from frus1958-60v12-d121, so", False),
    ("every citation is from frus1958-60v12-d121", "title: every citation is from frus1958-60v12-d121, so", True),
    ("Middle East", "Middle Eastern", False),
    ("summary: “February”", "event 'e': summary: \"February\" is not in what the sentence cites", True),
    ("D.C.", "Washington, D.C.", True),
    ("Indian", "Egyptian and Indian", True),
])
def test_an_explanation_answers_only_whole_words(explained, item, answers):
    found = Explanations({("unknown-name", explained): "why"}).why("unknown-name", item)
    assert (found == "why") is answers


def test_the_kind_must_match_and_the_longest_text_wins():
    explanations = Explanations({("unknown-name", "Middle East"): "a region",
                                 ("unknown-name", "the Middle East Centre"): "a research centre",
                                 ("undated-sentence", "Middle East Centre"): "another kind"})
    assert explanations.why("unknown-name", "at the Middle East Centre of LSE") == "a research centre"
    assert explanations.why("unknown-name", "in the Middle East") == "a region"
    assert explanations.why("ambiguous-name", "in the Middle East") is None


def test_a_pattern_escapes_the_snippet():
    assert whole_words("a.b (c)").search("x a.b (c) y")
    assert not whole_words("a.b").search("axb")


def _items(root):
    return run(ProjectPaths(root), build_info(root), keep_going=True).corpus.editorial


def test_an_explanation_cut_inside_a_word_answers_nothing_in_the_build(tmp_path):
    """Mutation: every explanation of the copy is replaced by one per item
    whose text is the item's own text cut by its last letter (as a hasty
    editor might type it); an item answered by such a text would be covered
    by words it does not contain, so every item must come out open."""
    root = knowledge_copy(tmp_path)
    folder = root / "sources" / "editorial"
    before = _items(root)
    # Cut only where the cut word is no word of any item ("Arabs" cut is
    # "Arab", which another item may rightly be answered by).
    words = {w.casefold() for i in before for w in re.findall(r"[^\W_]+", normalize(i.text))}
    items = [i for i in before if re.search(r"[^\W_]{2}$", i.text)
             and re.findall(r"[^\W_]+", normalize(i.text))[-1][:-1].casefold() not in words]
    assert len(items) >= 10, "the copy has too few editorial items to mutate"
    for path in folder.glob("*.yml"):
        path.unlink()
    for number, item in enumerate(items):
        (folder / f"mutant-{number}.yml").write_text(yaml.safe_dump(
            {"kind": item.kind, "text": item.text[:-1], "why": f"MUTANT {number}"}, allow_unicode=True), "utf-8")
    after = {(i.kind, i.where, i.text): i.explanation for i in _items(root)}
    answered = {key: why for key, why in after.items() if why}
    assert answered == {}, list(answered.items())[:5]
    assert all((i.kind, i.where, i.text) in after for i in items)
