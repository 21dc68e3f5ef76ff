"""The claims model (issue 10): what each citation states, compared.

* unit tests of scripts/claims/ and scripts/dates.py: date precision, overlap, quantities,
  bracketed labels and the inline references of the editors' prose;
* the build refuses an editors' layer that asserts more than its sources,
  at the YAML line, with a hint, every problem at once (a copy of the project
  with the fixture layer of tests/fixtures/knowledge/, mutated);
* a build of that fixture shows brackets, notes, readings and assessments.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from scripts.claims import precision, references
from scripts.claims.disputes import disagreements
from scripts.claims.precision import unstated
from scripts.claims.quantities import Quantity, quantities_agree
from scripts.dates import StatementError, overlap, statement
from tests.helpers import (
    Where,
    check_in_process,
    copy_project,
    edit_entry,
    find_entry_line,
    mkdocs_build,
    read_entry,
    replace_entry_line,
    subprocess_env,
    use_fixture_knowledge,
)

EVENTS, PERIODS, ACTORS, GLOSSARY, NOTES, CATALOG = "events", "periods", "actors", "glossary", "notes", "catalog"


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("1979", "1979-02", True),
    ("XXXX-08-22", "1990-08-22", True),
    ("XXXX-08-22", "1990-08-23", False),
    ("XXXX-08-22", "XXXX-09-01", False),
    ("XXXX-08-22", "XXXX-08", True),
    ("1986/1988", "1987", True),
    ("1986/1988", "1989", False),
    ("197X", "1969/1973", True),
    ("197X", "1968", False),
    ("08XX", "0850", True),
    ("XXXX", "2014", True),
    ("1990-21", "1990-04", True),          # spring 1990 and April 1990
    ("1990-21", "1990-07", False),
    ("1970~", "1971", True),               # circa widens by the EDTF library's fuzzy bounds
    ("1970", "1971", False),
])
def test_overlap(a, b, agree):
    assert overlap(statement(a), statement(b)) is agree
    assert overlap(statement(b), statement(a)) is agree


@pytest.mark.parametrize(("text", "precision"), [
    ("1979-02-14", "day"), ("1979-02", "month"), ("1990-21", "season"), ("1979", "year"),
    ("197X", "decade"), ("19XX", "century"), ("XXXX", "unknown"), ("XXXX-08-22", "day"),
    ("1986/1988-05", "month"),              # an interval: the finer endpoint
])
def test_precision_levels(text, precision):
    assert statement(text).precision == precision


@pytest.mark.parametrize(("event", "citations", "missing"), [
    ("1979-02", ["1979"], {"month"}),
    ("1979", ["1979-02"], set()),
    ("1990-08-22", ["XXXX-08-22"], {"century", "decade", "year"}),
    ("1990-08-22", ["XXXX-08-22", "1990"], set()),        # component by component, across citations
    ("1975", ["197X"], {"year"}),
    ("1987", ["1986/1988"], set()),
    ("1990-21", ["1990-04"], set()),                      # a month states its season
])
def test_unstated_components(event, citations, missing):
    assert unstated(statement(event), [statement(c) for c in citations]) == frozenset(missing)


@pytest.mark.parametrize(("event", "missing", "label"), [
    ("1990-08-22", {"century", "decade", "year"}, "22 August [1990]"),
    ("197X", {"century", "decade"}, "[1970s]"),
    ("2018-05", {"century", "decade", "year"}, "May [2018]"),
    ("2018-05-12", {"day", "month"}, "[12 May] 2018"),
    ("1979", set(), "1979"),
    ("08XX", set(), "9th century"),
    ("1986/1988", {"century", "decade", "year"}, "[1986]–[1988]"),
])
def test_bracketed_labels(event, missing, label):
    assert precision.bracketed_label(event, frozenset(missing)) == label


@pytest.mark.parametrize("bad", ["", "1979-13", "1979-02-30", "79", "1979/", "1990/1980", "..", "../..", "1990/../1991",
                                 "about 1979"])
def test_bad_statements_are_refused_with_a_hint(bad):
    with pytest.raises(StatementError) as error:
        statement(bad)
    assert len(str(error.value)) > 20


@pytest.mark.parametrize("open_interval, inside, outside, words", [
    ("1991/..", "1994", "1990", "from 1991"),
    ("../1991", "1980", "1992", "until 1991"),
    ("1972-05/..", "1972-05-20", "1972-04", "from May 1972"),
])
def test_open_intervals_are_statements(open_interval, inside, outside, words):
    """EDTF allows an open end ("since 1991"): it agrees with every later
    (or earlier) date and with none on the other side (issue 21, item 9)."""
    from scripts.dates import words as date_words
    stated = statement(open_interval)
    assert stated.open and overlap(stated, statement(inside)) and not overlap(stated, statement(outside))
    assert date_words(open_interval) == words


# --- quantities -----------------------------------------------------------------------------------

MORE_THAN_4_BILLION = Quantity("value of the weapons deal", 4_000_000_000, None, "US dollars")


@pytest.mark.parametrize(("other", "agree"), [
    (Quantity("value of the weapons deal", 4_000_000_000, 4_000_000_000, "US dollars"), True),
    (Quantity("value of the weapons deal", 3_000_000_000, 3_000_000_000, "US dollars"), False),
    (Quantity("value of the weapons deal", 4_200_000_000, 4_200_000_000, "US dollars"), True),
    (Quantity("value of the weapons deal", None, 3_999_999_999, "US dollars"), False),
    (Quantity("value of the weapons deal", 3_000_000_000, 3_000_000_000, "roubles"), True),  # another quantity
    (Quantity("value of the oil deal", 1, 1, "US dollars"), True),                           # another quantity
])
def test_quantities(other, agree):
    assert quantities_agree(MORE_THAN_4_BILLION, other) is agree
    assert quantities_agree(other, MORE_THAN_4_BILLION) is agree


def test_disagreements_name_the_pair_and_kind():
    dates = [statement("1986/1988"), statement("1987"), statement("1989")]
    found = disagreements(dates, [(), (), ()])
    assert [(d.kind, d.first, d.second) for d in found] == [("date", 0, 2), ("date", 1, 2)]
    found = disagreements([statement("XXXX"), statement("XXXX")],
                                 [(Quantity("advisers", 193, 193, "people"),), (Quantity("advisers", 3000, 4000, "people"),)])
    assert [d.kind for d in found] == ["quantity"]


# --- inline references ----------------------------------------------------------------------------


def test_sentences_and_their_references():
    text = ("Relations began on 9 September 1944.[[wikipedia-iraq-russia-relations/p11]] In c. 1970 the "
            "U.S. objected. Ties peaked.[[a-source/p2, note:peak]] An uncited tail")
    found, problems = references.sentences(text)
    assert problems == []
    assert [(s.text, s.refs) for s in found] == [
        ("Relations began on 9 September 1944.", ("wikipedia-iraq-russia-relations/p11",)),
        ("In c. 1970 the U.S. objected.", ()),        # a sentence end inside the cited stretch: uncited
        ("Ties peaked.", ("a-source/p2", "note:peak")),
        ("An uncited tail", ()),
    ]
    assert references.plain(text) == ("Relations began on 9 September 1944. In c. 1970 the U.S. objected. "
                                  "Ties peaked. An uncited tail")


@pytest.mark.parametrize("bad", ["A.[[]]", "A.[[wikipedia]]", "A.[[a/p1]][[b/p2]]", "A.[[a/p1", "A.[[note:]]"])
def test_malformed_references_are_problems(bad):
    assert references.sentences(bad)[1]


# --- the build refuses, at the line, with a hint ----------------------------------------------------


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory) -> Path:
    root = use_fixture_knowledge(copy_project(tmp_path_factory.mktemp("claims") / "project"))
    checked = check_in_process(root)
    assert checked.returncode == 0, checked.describe()
    return root


def _line(text: str, pattern: str, after: str | None = None) -> int:
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.fullmatch(after, line)) if after else 0
    return next(i for i in range(start, len(lines)) if re.fullmatch(pattern, lines[i])) + 1


def _mutate(root: Path, kind: str, pattern: str, new: str, entry: str | None = None,
            after: str | None = None) -> Where:
    """Replace the line matching *pattern* in the one entry file of *kind* that has it."""
    return replace_entry_line(root, kind, pattern, new, entry, after)


def _refused(root: Path) -> list[str]:
    result = check_in_process(root)
    assert result.returncode == 1, result.describe()
    assert "Traceback" not in result.output, result.describe()
    return result.stderr.splitlines()


def _at(messages: list[str], where: Where, *words: str) -> str:
    path, line = where.path, int(where)
    found = [m for m in messages if m.startswith(f"{path}:{line}: ")]
    assert found, f"no message at {path}:{line}:\n" + "\n".join(messages)
    matching = [m for m in found if all(w in m for w in words)]
    assert matching, f"the message at {path}:{line} does not say {words}:\n" + "\n".join(found)
    return matching[0]


def _copy(fixture_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(fixture_root, root)
    return root


def _set_body(root: Path, kind: str, entry_id: str, body: str) -> Where:
    """Replace an entry's body (its summary or text); return where it starts."""
    entry = edit_entry(root, kind, entry_id, lambda e: e.__setitem__(KIND_BODY[kind], body))
    assert entry[KIND_BODY[kind]] == body
    return Where(read_entry(root, kind, entry_id).line_of(KIND_BODY[kind]), f"sources/{kind}/{entry_id}.md")


KIND_BODY = {EVENTS: "summary", PERIODS: "summary", ACTORS: "summary", NOTES: "text", GLOSSARY: "note"}


def test_date_more_precise_than_its_citations(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    line = _mutate(root, EVENTS, r'date: "1972"', 'date: "1972-02"')
    message = _at(_refused(root), line, "1972-02 is more precise than any citation (1972)")
    assert "state the month in a citation's says.date or add inferred" in message


def test_date_that_no_citation_allows(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    line = _mutate(root, EVENTS, r'date: "1972"', 'date: "1975"')
    _at(_refused(root), line, "agrees with no citation (1972)", "correct")


def test_inferred_without_gain_is_refused(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    line = _mutate(root, EVENTS, r'date: "1972"', 'date: "1972"\ninferred:\n  reason: Just because.\n'
                   "  passages: [blog-strain-after-iran-iraq-war/p3]")
    _at(_refused(root), Where(line + 1, line.path), "remove `inferred:`")


def test_removing_an_inference_is_refused(fixture_root, tmp_path):
    """The fixture's 22 August [1990] rests on `inferred:`; without it the date claims too much."""
    root = _copy(fixture_root, tmp_path)
    edit_entry(root, EVENTS, "soviet-military-advisers-in-iraq", lambda e: e.pop("inferred"))
    where = find_entry_line(root, EVENTS, r"date: .1990-08-22.?", "soviet-military-advisers-in-iraq")
    _at(_refused(root), where, "more precise than any citation", "state the year")


def test_compatible_readings_are_refused(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    _mutate(root, EVENTS, r"          min: 3000", "          min: 100")
    line = find_entry_line(root, EVENTS, r"dispute:", "soviet-military-advisers-in-iraq")
    _at(_refused(root), line, "the readings are compatible", "Remove the `dispute:` block")


def test_a_disagreement_needs_a_dispute(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    _mutate(root, EVENTS, r'      date: "1991"', '      date: "1989"', entry="soviet-collapse",
            after=r'    quote: "until the union collapsed in 1991"')
    _at(_refused(root), Where(1, "sources/events/soviet-collapse.md"), "disagree on the date", "1991 vs 1989",
        "add a `dispute:` block")


def test_a_reading_held_by_an_uncited_source(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    line = _mutate(root, EVENTS, r"      sources: \[blog-strain-after-iran-iraq-war\]",
                   "      sources: [riac-mamedov-2018]")
    _at(_refused(root), line, "'riac-mamedov-2018', which this event does not cite")


def test_unknown_references_in_prose(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    event = _set_body(root, EVENTS, "russian-arms-against-islamic-state",
                      "Moscow supplies weapons.[[riac-mamedov-2018/p999, note:no-such-note]]")
    period = _set_body(root, PERIODS, "iran-iraq-war", "The war with Iran began in 1980.[[lse-mahmoudian/p7]]")
    messages = _refused(root)
    _at(messages, event, "unknown passage riac-mamedov-2018/p999", "has passages p1 to p")
    _at(messages, event, "unknown note 'no-such-note'", "add sources/notes/no-such-note.md")
    _at(messages, period, "unknown passage lse-mahmoudian/p7", "did you mean 'lse-mahmoudian-2021'")


def test_periods_are_anchored_to_their_opening_event(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    opened = _mutate(root, PERIODS, r"opened_by: us-led-invasion", "opened_by: us-led-invasions")
    start = _mutate(root, PERIODS, r'start: "1733"', 'start: "0800"')
    messages = _refused(root)
    _at(messages, opened, "'us-led-invasions' is not an event", "did you mean 'us-led-invasion'")
    _at(messages, start, "differs from the date '1733' of its opening event", 'start: "1733"')


def test_a_role_term_the_passage_does_not_state(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    line = _mutate(root, ACTORS, r"    when: null", '    when: "1979/2003"', entry="saddam-hussein")
    # The passage (Mahmoudian ¶5) states 1979 but not 2003.
    _at(_refused(root), line, "does not state 2003", "when: null")


def test_outside_facts_need_a_note(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    name = _mutate(root, ACTORS, r"name: Rosneft", "name: Rosneft Oil Company")
    edit_entry(root, GLOSSARY, "ISIS", lambda e: e.pop("expansion_note"))
    expansion = find_entry_line(root, GLOSSARY, r"expansion: .*", "ISIS")
    messages = _refused(root)
    _at(messages, name, "'Rosneft Oil Company' occurs in no source text", "name_note")
    _at(messages, expansion, "occurs in no source text", "expansion_note")


def test_notes_must_rest_on_something_and_point_somewhere(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    target = _mutate(root, NOTES, r"target: event:soviet-military-advisers-in-iraq", "target: event:soviet-advisers")
    edit_entry(root, NOTES, "pentagon-estimate", lambda e: e.pop("passages"))
    messages = _refused(root)
    _at(messages, target, "there is no event 'soviet-advisers'")
    _at(messages, Where(1, "sources/notes/pentagon-estimate.md"), "rests on nothing", "references:")


def test_the_home_page_overview_must_be_marked_and_resolvable(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    page = root / "docs" / "index.md"
    text = page.read_text("utf-8").replace("<!-- cited -->\n", "").replace("<!-- /cited -->\n", "")
    text = text.replace("[[wikipedia-iraq-russia-relations/p3]]", "[[wikipedia-iraq-russia-relations/p3000]]")
    page.write_text(text, "utf-8")
    messages = _refused(root)
    _at(messages, Where(1, "docs/index.md"), "no cited region", "<!-- cited -->")
    _at(messages, Where(_line(text, r"Russian soldiers.*"), "docs/index.md"),
        "unknown passage wikipedia-iraq-russia-relations/p3000")


def test_every_problem_at_once(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    one = _mutate(root, EVENTS, r'date: "1972"', 'date: "1972-02"')
    two = _mutate(root, PERIODS, r"opened_by: us-led-invasion", "opened_by: nothing")
    three = _mutate(root, ACTORS, r"name: Rosneft", "name: Rosneft Oil Company")
    messages = _refused(root)
    for where in (one, two, three):
        _at(messages, where)


def test_uncited_sentences_are_editorial_items(fixture_root, tmp_path):
    """The preview builds with an uncited sentence; `check --strict` fails on it
    (the fixture's friendship-treaty summary is uncited on purpose)."""
    root = _copy(fixture_root, tmp_path)
    line = find_entry_line(root, EVENTS, r"A friendship treaty seals the alliance\.")
    loose = check_in_process(root, "--verbose")
    assert loose.returncode == 0, loose.describe()
    assert f"uncited-sentence: {line.path}:{line}: A friendship treaty seals the alliance." in loose.stdout
    strict = check_in_process(root, "--strict")
    assert strict.returncode == 1 and "FAIL editorial" in strict.stderr
    _mutate(root, EVENTS, r"A friendship treaty seals the alliance\.", "A friendship treaty seals the alliance."
            "[[blog-strain-after-iran-iraq-war/p3]]")
    cited = check_in_process(root, "--verbose")
    assert cited.returncode == 0 and "uncited-sentence" not in cited.stdout, cited.describe()


# --- the fixture build ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_site(fixture_root, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("claims-site") / "site"
    result = mkdocs_build(fixture_root, site, env=subprocess_env())
    assert result.returncode == 0, result.describe()
    return site


def _text(path: Path) -> str:
    """The visible text of a page's article (tags removed, entities decoded)."""
    page = path.read_text("utf-8")
    page = page[page.index("<article"):page.index("</article>")]
    page = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.slow
def test_inferred_parts_are_bracketed_with_the_reason(fixture_site):
    text = _text(fixture_site / "events" / "soviet-military-advisers-in-iraq.html")
    assert "22 August [1990]" in text
    assert "The press conference of \"22 August\" is quoted in an article written on 30 August 1990." in text
    assert re.search(r"<time[^>]*>22 August \[1990\]</time>", (fixture_site / "timeline.html").read_text("utf-8"))
    assert "[2012]" in _text(fixture_site / "events" / "maliki-weapons-deal.html")
    assert "[" not in _text(fixture_site / "events" / "friendship-treaty.html").split("Period")[0]


@pytest.mark.slow
def test_contested_page_shows_labelled_readings(fixture_site):
    page = (fixture_site / "contested.html").read_text("utf-8")
    text = _text(fixture_site / "contested.html")
    assert "Reading A: Deliveries continued until 1988" in text
    assert "Reading B: Exports cut off in 1987" in text
    assert "Held by Mahmoudian 2021" in text
    assert "Between 1986–88, the USSR delivered various types of arms" in text
    assert "Assessment: Both texts date the change to 1986–1988" in text
    assert "interpretation" in text and "quantity" in text
    assert text.count("Known weaknesses of") >= 4
    assert page.count('<details class="weaknesses">') >= 4
    # Sources are named as readers cite them, never by catalog id.
    assert "lse-mahmoudian-2021" not in text and "wikipedia-iraq-russia-relations" not in text
    # Only disputed events appear.
    assert "Friendship treaty" not in text


@pytest.mark.slow
def test_notes_are_numbered_and_shown_on_their_targets(fixture_site):
    source = _text(fixture_site / "sources" / "wikipedia-iraq-russia-relations.html")
    assert "Note 1 (Correction) : The Il-38 first flew in 1961" in source
    assert "Gordon, Yefim, and Dmitriy Komissarov" in source
    event = _text(fixture_site / "events" / "soviet-military-advisers-in-iraq.html")
    assert "Note 3 (Source criticism)" in event
    about = (fixture_site / "about" / "index.html").read_text("utf-8")
    for number in (1, 2, 3, 4):
        assert f'id="note-{number}"' in about
    assert "note 2" in event                      # the summary cites note:red-army-in-1990


@pytest.mark.slow
def test_references_become_links_everywhere(fixture_site):
    home = (fixture_site / "index.html").read_text("utf-8")
    assert "[[" not in home
    assert re.search(r'<a class="ref" href="sources/wikipedia-iraq-russia-relations\.html#p3">Wikipedia, ¶3</a>', home)
    period = (fixture_site / "periods" / "iran-iraq-war.html").read_text("utf-8")
    assert "[[" not in period and "Mahmoudian 2021, ¶7</a>" in period
    for page in fixture_site.rglob("*.html"):
        if page.name != "report.html":          # the editorial report explains the syntax
            assert "[[" not in _text(page), page


@pytest.mark.slow
def test_roles_without_a_stated_term_say_so(fixture_site):
    assert "term not stated in the sources" in _text(fixture_site / "actors" / "vladimir-putin.html")


@pytest.mark.slow
def test_source_page_shows_its_assessment(fixture_site):
    page = (fixture_site / "sources" / "lse-mahmoudian-2021.html").read_text("utf-8")
    assert '<details class="assessment">' in page
    assert "Known weaknesses" in _text(fixture_site / "sources" / "lse-mahmoudian-2021.html")


def test_a_source_assessment_cites_passages_not_notes(fixture_root, tmp_path):
    """The catalog belongs to the texts' layer (kept when the knowledge layer is
    swapped): its assessments may not depend on the notes."""

    root = _copy(fixture_root, tmp_path)
    edit_entry(root, CATALOG, "wikipedia-iraq-russia-relations",
               lambda e: e["assessment"].__setitem__("author", "See [[note:il-38-first-flight]]."))
    _at(_refused(root), Where(1, "sources/catalog/wikipedia-iraq-russia-relations.yml"),
        "may cite passages only, not notes", "target: source:")
