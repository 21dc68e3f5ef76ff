"""The queue sees every name, each on its own, and the date decides an
ambiguous alias where only one of its actors can exist (issue 21 item 6).

A short news report of 1994 written for these tests
(tests/fixtures/new-sources-1994/) is added the documented way
(``new_source``) to a copy of the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.stages.link import _name_candidates, candidate_names
from tests.helpers import FIXTURES, copy_project, edit_entry, read_entry, write_entry

REPORT = FIXTURES / "new-sources-1994" / "moscow-talks-1994.txt"
KOZYREV = "Russian Foreign Minister Andrei Kozyrev"
AZIZ = "Iraqi Deputy Prime Minister Tariq Aziz"


def _run(root: Path):
    from scripts.buildinfo import build_info
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run

    corpus = run(ProjectPaths(root), build_info(root)).corpus
    source = next(s.id for s in corpus.sources if s.entry.file.endswith(REPORT.name))
    return source, corpus, [(i.kind, i.text) for i in corpus.editorial if i.where.startswith(source + "/")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from scripts.paths import ProjectPaths
    from scripts.scaffold import new_source

    root = copy_project(tmp_path_factory.mktemp("names") / "project")
    # What these tests assume of the corpus, whatever it holds: "Moscow" is
    # an ambiguous alias of Russia and of the Soviet Union, which carry the
    # name "Russia" in turn and so have their intervals of existence.
    for actor_id in ("russia", "soviet-union"):
        assert read_entry(root, "actors", actor_id).get("exists"), f"{actor_id} has no exists interval"
        edit_entry(root, "actors", actor_id, lambda actor: actor.__setitem__(
            "ambiguous_aliases", sorted(set(actor.get("ambiguous_aliases") or []) | {"Moscow"})))
    new_source(ProjectPaths(root), REPORT, {"published": "1994-10-14"})
    return root


@pytest.fixture(scope="module")
def report(project):
    return _run(project)


def test_two_names_joined_by_and_are_reported_each_on_its_own(report):
    _source, _corpus, items = report
    names = [text for kind, text in items if kind == "unknown-name"]
    assert KOZYREV in names and AZIZ in names, names
    assert not [n for n in names if " and " in n and "Kozyrev" in n], names


def test_once_one_of_them_is_an_actor_the_other_is_still_reported_without_the_first_ones_title(project, tmp_path):
    import shutil

    root = tmp_path / "project"
    shutil.copytree(project, root, symlinks=True)
    write_entry(root, "actors", {"id": "andrei-kozyrev", "name": "Andrei Kozyrev", "kind": "person",
                                 "aliases": ["Kozyrev"], "ambiguous_aliases": [], "case_sensitive_aliases": [],
                                 "roles": [], "summary": "A Russian foreign minister.[[moscow-talks-1994/p1]]"})
    _source, _corpus, items = _run(root)
    names = [text for kind, text in items if kind == "unknown-name"]
    assert AZIZ in names, names
    # "Russian Foreign Minister" is the title of the known name after it.
    assert not [n for n in names if "Foreign Minister" in n or "\x00" in n or "  " in n], names


def test_moscow_in_a_report_of_1994_is_russia_by_the_date(report):
    source, corpus, items = report
    assert not [text for kind, text in items if kind == "ambiguous-name" and "Moscow" in text.title()], items
    mentioned = [(m.surface, m.actor_id) for p in corpus.passages if p.passage.id.startswith(source + "/")
                 for m in p.mentions if m.surface.casefold() == "moscow"]
    assert mentioned and all(actor == "russia" for _surface, actor in mentioned), mentioned


def test_an_abbreviated_month_of_a_dateline_is_not_a_name():
    text = "MOSCOW, Oct. 14 — The talks began. Officials met Jan Smuts in Sept. 1994 and Sept said so."
    _dated, _runs, singles = _name_candidates(text, (), ())
    words = [word for word, _key in singles]
    assert "Oct" not in words and "Sept" in words, words     # "Sept" without its full stop may be a name


def test_one_institution_whose_name_has_an_and_after_an_of_stays_one_name():
    text = "the Popular Front for the Liberation of Oman and Arab Gulf, and also Bosnia and Herzegovina"
    names = [name for _s, _e, name in candidate_names(text)]
    assert "Liberation of Oman and Arab Gulf" in names, names
    assert "Bosnia and Herzegovina" in names, names


def test_a_date_that_qualifies_another_noun_does_not_date_the_name(report):
    # "Aziz said Iraq expected Russia to press … for an easing of the
    # sanctions imposed in August 1990": 1990 dates the sanctions; the
    # report is of 1994, so "Russia" is the Russian Federation.
    source, corpus, _items = report
    found = [(m.surface, m.actor_id) for p in corpus.passages if p.passage.id.startswith(source + "/")
             and "sanctions imposed in August 1990" in p.passage.text for m in p.mentions if m.surface == "Russia"]
    assert found == [("Russia", "russia")], found


def test_a_date_of_the_sentence_itself_still_dates_the_name():
    from scripts.timescope import date_intervals

    for text in ("In 1980 Russia sold tanks to Iraq.", "Russia was formed in 1991.", "Moscow agreed in 1972 to sell."):
        assert date_intervals(text, qualifiers=False), text
    assert date_intervals("the sanctions imposed in August 1990", qualifiers=False) == []
    assert date_intervals("the sanctions imposed in August 1990")       # elsewhere every date counts
