"""The editorial queue sees every name (issue 21 item 6): an unknown name
is reported even when one of its words is a known surname; dotted
abbreviations and other names of a state are proposed as aliases; a pin
decides one occurrence.

The texts are written for these tests (none of the curated ones) and added
the documented way (``new_source``) to a copy of the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.aliases import Proposals
from scripts.model import Actor

NEWS = """Iraq seeks help on sanctions

MOSCOW — Iraqi envoy Ghafil Jassim Hussein met officials of the Foreign Ministry of Russia on 12 July 1994.

The U.S. and Great Britain opposed any easing of the sanctions. Saddam Hussein did not comment.

Later the U.K. agreed to talks with Hussein's envoy, and the U.N. said nothing.

On 13 July 1994 Russia's Deputy Foreign Minister Viktor Posuvalyuk said that Former Soviet President Mikhail Gorbachev had written to him.
"""


def _queue(root: Path, text: str, name: str = "news-test.txt"):
    from scripts.buildinfo import build_info
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run
    from scripts.scaffold import new_source

    file = root.parent / name
    file.write_text(text, "utf-8")
    new_source(ProjectPaths(root), file)
    corpus = run(ProjectPaths(root), build_info(root)).corpus
    source = next(s.id for s in corpus.sources if s.entry.file.endswith(name))
    return source, corpus, [(i.kind, i.text) for i in corpus.editorial if i.where.startswith(source + "/")]


def _without_dotted_aliases(root: Path) -> Path:
    """The copied corpus as this file's tests assume it, whatever the real
    one holds: no actor has the dotted abbreviations of NEWS as aliases yet."""
    from tests.helpers import edit_entry

    for actor_id in ("united-states", "united-kingdom", "united-nations"):
        edit_entry(root, "actors", actor_id, lambda actor: actor.__setitem__(
            "aliases", [a for a in actor.get("aliases", []) if a not in ("U.S.", "U.K.", "U.N.", "Great Britain")]))
    return root


def _passage(corpus, source: str, words: str):
    """The linked passage of *source* holding *words* (its number depends on
    what make new-source moves out of the body, such as a title line)."""
    return next(p for p in corpus.passages if p.passage.id.startswith(source + "/") and words in p.passage.text)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    from tests.helpers import copy_project
    root = _without_dotted_aliases(copy_project(tmp_path_factory.mktemp("queue") / "project"))
    return _queue(root, NEWS)


def test_a_name_with_a_known_surname_is_still_reported(news):
    _source, _corpus, items = news
    assert ("unknown-name", "Ghafil Jassim Hussein") in items


def test_a_name_after_a_known_name_in_one_run_is_still_reported(news):
    # "Russia's Deputy Foreign Minister Viktor Posuvalyuk" is one run of
    # capitals; "Russia" is known, the person is not.
    _source, _corpus, items = news
    assert ("unknown-name", "Deputy Foreign Minister Viktor Posuvalyuk") in items


def test_a_title_right_before_a_known_name_is_not_a_name(news):
    _source, _corpus, items = news
    assert not any("Soviet President" in text for kind, text in items if kind == "unknown-name")


def test_the_full_name_of_a_known_person_is_not_reported(news):
    _source, corpus, items = news
    assert not any("Saddam Hussein" in text for _kind, text in items)


@pytest.mark.parametrize("name, actor", [
    ("U.S.", "united-states"),        # the dots removed: US, an alias
    ("U.K.", "united-kingdom"),       # the initials of United Kingdom
    ("Great Britain", "united-kingdom"),  # scripts/data/other_names.yml
])
def test_abbreviations_and_other_names_are_proposed_as_aliases(news, name, actor):
    # The queue lists each name once, at its first passage in the corpus,
    # which may be another source's ("U.S." in a FRUS document).
    _source, corpus, _items = news
    assert ("possible-alias", f"{name}: add {name!r} as an alias of {actor}?") in [
        (item.kind, item.text) for item in corpus.editorial]


def test_an_abbreviation_is_compared_with_initials_and_never_hidden_by_a_run(news):
    _source, _corpus, items = news
    # "U.N.": the curated actors call it United Nations; its initials are UN.
    assert ("possible-alias", "U.N.: add 'U.N.' as an alias of united-nations?") in items
    # "Later the U.K. agreed": no run "Later the U" of capitalized words.
    assert not any(text.startswith("Later") for _kind, text in items)


def test_an_added_alias_links_the_abbreviation(tmp_path):
    from tests.helpers import copy_project, edit_entry
    root = _without_dotted_aliases(copy_project(tmp_path / "project"))
    edit_entry(root, "actors", "united-states", lambda actor: actor["aliases"].append("U.S."))
    source, corpus, items = _queue(root, NEWS)
    assert not any(text.startswith("U.S.") for _kind, text in items)
    linked = _passage(corpus, source, "The U.S. and Great Britain")
    assert [(m.surface, m.actor_id) for m in linked.mentions][0] == ("U.S.", "united-states")


def test_proposals_need_exactly_one_actor():
    def actor(actor_id, name, aliases=()):
        return Actor(actor_id, name, "state", tuple(aliases), (), (), (), (), "", 1)
    actors = (actor("united-kingdom", "United Kingdom"), actor("united-states", "United States", ["US"]),
              actor("union-of-sailors", "Union of Sailors"))
    proposals = Proposals(actors, groups=(("United Kingdom", "Great Britain", "Britain"),))
    assert proposals.actor_for("U.S.") == "united-states"
    assert proposals.actor_for("Britain") == "united-kingdom"
    assert proposals.actor_for("U.K.") == "united-kingdom"
    assert proposals.actor_for("Great Britain") == "united-kingdom"
    assert proposals.actor_for("Iran") is None
    assert proposals.actor_for("U.S.S.R.") is None
    # Two actors with the initials US: no proposal rather than a guess.
    two = actors + (actor("united-sailors", "United Sailors"),)
    assert Proposals(two, groups=()).actor_for("U.S.") == "united-states"     # its own alias decides
    assert Proposals(two[:1] + two[2:], groups=()).actor_for("U.S.") is None  # initials of two actors


def test_a_pin_unlinks_the_dateline(tmp_path):
    from tests.helpers import copy_project
    root = copy_project(tmp_path / "project")
    source, corpus, _items = _queue(root, NEWS)
    first = _passage(corpus, source, "MOSCOW")
    assert "MOSCOW" in [m.surface for m in first.mentions]
    (root / "sources/pins").mkdir(exist_ok=True)
    (root / f"sources/pins/{source}.yml").write_text(
        f"pins:\n  - passage: {first.passage.id}\n    words: MOSCOW\n    actor: null\n    why: a dateline\n", "utf-8")
    from scripts.buildinfo import build_info
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run
    corpus = run(ProjectPaths(root), build_info(root)).corpus
    first = _passage(corpus, source, "MOSCOW")
    assert "MOSCOW" not in [m.surface for m in first.mentions]
    assert [(p.words, p.actor_id) for p in first.pins] == [("MOSCOW", None)]


TELEGRAM = """Telegram from the embassy

1. SOVIET AMBASSADOR CALLED ON MINISTER TODAY AND SAID THAT TWO SIDES CONTINUE TO DISAGREE OVER HOW TO DEAL WITH THE KURDISH QUESTION. SADDAM HUSSEIN WAS NOT PRESENT.

2. The Minister of Planning, Adnan Hamdani, arrived later in the day.
"""


def test_a_telegram_in_capitals_is_not_read_as_one_long_name(tmp_path):
    from scripts.stages.link import telegraphese
    from tests.helpers import copy_project
    assert telegraphese("SOVIET AMBASSADOR CALLED ON MINISTER TODAY") and not telegraphese("The U.S. and the U.K.")
    root = copy_project(tmp_path / "project")
    source, corpus, items = _queue(root, TELEGRAM, "telegram-test.txt")
    assert not any("CONTINUE" in text or "AMBASSADOR" in text for _kind, text in items), items
    capitals = next(p for p in corpus.passages if "SADDAM" in p.passage.text)
    assert "saddam-hussein" in capitals.actor_ids          # known names still link, whatever their case
    assert ("unknown-name", "Adnan Hamdani") in items         # a passage in ordinary case is read as before


def test_names_an_edition_marks_are_not_unknown():
    from scripts.folding import normalize_key
    from scripts.model import LinkedPassage, Passage
    from scripts.stages.link import _editorial
    passage = Passage("ed/p1", "ed", 1, "p1", "paragraph", "He met Adnan Hamdani at noon. Then Tariq Aziz came.",
                      None, (1,), ())
    linked = [LinkedPassage(passage, (), (), ())]

    def unknown(identified):
        items = _editorial(linked, {}, (), (), {}, {}, identified=identified)
        return sorted(i.text for i in items if i.kind == "unknown-name")
    assert unknown(None) == ["Adnan Hamdani", "Tariq Aziz"]
    assert unknown({"ed/p1": {normalize_key("Adnan Hamdani")}}) == ["Tariq Aziz"]


def test_a_possessive_ending_is_not_part_of_a_name():
    # FRUS: "Lord Hood’s question", "Ambassador Lodge’s proposal" were queued
    # with the "’s", so no actor or explanation could ever match them.
    from scripts.stages.link import candidate_names

    text = "the answer to Lord Hood’s question and Ambassador Lodge's proposal, said Sir Pierson Dixon"
    assert [name for _start, _end, name in candidate_names(text)] == [
        "Lord Hood", "Ambassador Lodge", "Sir Pierson Dixon"]
