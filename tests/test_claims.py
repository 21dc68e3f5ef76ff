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
from types import SimpleNamespace

import pytest

from scripts.claims import precision, references
from scripts.claims.disputes import disagreements
from scripts.claims.precision import unstated
from scripts.claims.quantities import Quantity, quantities_agree
from scripts.dates import StatementError, overlap, statement
from tests.helpers import (
    Where,
    check_in_process,
    edit_entry,
    entry_ids,
    find_entry_line,
    knowledge_copy,
    mkdocs_build,
    read_entry,
    replace_entry_line,
    run_cli,
    subprocess_env,
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
    return knowledge_copy(tmp_path_factory.mktemp("claims"), passing=check_in_process)


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


def _refused_at(fixture_root: Path, tmp_path: Path, mutations) -> None:
    """Apply *mutations* to a copy of the fixture project, each (kind, the
    line's pattern, its new text, the entry or None, the words its problem
    says); the build refuses, and names each at the line it changed."""
    root = _copy(fixture_root, tmp_path)
    changed = [(_mutate(root, kind, pattern, new, entry), words) for kind, pattern, new, entry, words in mutations]
    messages = _refused(root)
    for where, words in changed:
        _at(messages, where, *words)


def _set_body(root: Path, kind: str, entry_id: str, body: str) -> Where:
    """Replace an entry's body (its summary or text); return where it starts."""
    entry = edit_entry(root, kind, entry_id, lambda e: e.__setitem__(KIND_BODY[kind], body))
    assert entry[KIND_BODY[kind]] == body
    return Where(read_entry(root, kind, entry_id).line_of(KIND_BODY[kind]), f"sources/{kind}/{entry_id}.md")


KIND_BODY = {EVENTS: "summary", PERIODS: "summary", ACTORS: "summary", NOTES: "text", GLOSSARY: "note"}


def test_date_more_precise_than_its_citations(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    line = _mutate(root, EVENTS, r'date: "1972"', 'date: "1972-02"')
    message = _at(_refused(root), line, "1972-02: no citation states its month (1972)")
    assert "“[February] 1972”" in message and "add inferred" in message and "(check: brackets-by-value)" in message


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
    _at(_refused(root), where, "no citation states its year", "“22 August [1990]”")


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
    _refused_at(fixture_root, tmp_path, [
        (PERIODS, r"opened_by: us-led-invasion", "opened_by: us-led-invasions", None,
         ("'us-led-invasions' is not an event", "did you mean 'us-led-invasion'")),
        (PERIODS, r'start: "1733"', 'start: "0800"', None,
         ("differs from the date '1733' of its opening event", 'start: "1733"'))])


def test_a_role_term_the_passage_does_not_state(fixture_root, tmp_path):
    # The passage (Mahmoudian ¶5) states 1979 but not 2003.
    _refused_at(fixture_root, tmp_path, [(ACTORS, r"    when: null", '    when: "1979/2003"', "saddam-hussein",
                                          ("does not state 2003", "when: null"))])


def test_outside_facts_need_a_note(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    name = _mutate(root, ACTORS, r"name: Rosneft", "name: Rosneft Oil Company")
    edit_entry(root, GLOSSARY, "ISIS", lambda e: e.pop("expansion_note"))
    expansion = find_entry_line(root, GLOSSARY, r"expansion: .*", "ISIS")
    messages = _refused(root)
    _at(messages, name, "'Rosneft Oil Company' occurs in no source text", "name_note")
    _at(messages, expansion, "occurs in no source text", "expansion_note")


def test_a_book_without_its_page_fails_the_build_and_cannot_be_explained(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    book = {"type": "book", "author": "Someone, Anne", "title": "A Book Written for the Tests",
            "publisher": "London: Nowhere Press", "year": 2020, "pages": None, "checked": None}
    edit_entry(root, NOTES, "isis-expansion", lambda n: n.__setitem__("references", [book]))
    # An explanation (one file in sources/editorial/) cannot silence it.
    (root / "sources/editorial/unpaged-reference-note-isis-expansion.yml").write_text(
        "kind: unpaged-reference\ntext: \"note 'isis-expansion'\"\nwhy: No editor has had the book at hand.\n",
        "utf-8")
    messages = _refused(root)
    note = root / "sources/notes/isis-expansion.md"
    _at(messages, Where(_line(note.read_text("utf-8"), r"references:.*"), "sources/notes/isis-expansion.md"),
        "'A Book Written for the Tests'", "without the page", "(check: unpaged-reference)")
    explanation = Where(1, "sources/editorial/unpaged-reference-note-isis-expansion.yml")
    _at(messages, explanation, "cannot be explained", "(check: unpaged-reference)")


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
    assert "Ил-38 – 55 лет в небе" in source and "https://niieap.com/2016/09/29/il-38-55-let-v-nebe" in source
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
        if not re.fullmatch(r"report(-\d+)?\.html", page.name):   # the editorial report (every page of it) explains the syntax
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
    catalog = root / "sources/catalog/wikipedia-iraq-russia-relations.yml"
    _at(_refused(root), Where(_line(catalog.read_text("utf-8"), r"  author: .*"), catalog.relative_to(root).as_posix()),
        "may cite passages only, not notes", "target: source:")


def test_a_catalogue_field_the_editors_supplied_says_what_it_rests_on(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    entry = edit_entry(root, CATALOG, "wikipedia-iraq-russia-relations",
                       lambda e: e.__setitem__("editor_supplied", [s["field"] for s in e["editor_supplied"]]))
    assert entry["editor_supplied"] == ["publisher", "kind", "rights", "url"]
    text = (root / "sources" / "catalog" / "wikipedia-iraq-russia-relations.yml").read_text("utf-8")
    message = _at(_refused(root), Where(_line(text, r"editor_supplied:.*"),
                                        "sources/catalog/wikipedia-iraq-russia-relations.yml"),
                  "editor_supplied publisher", "say what the value rests on")
    assert "{field: publisher, reason:" in message


# --- issue 19: what each citation records, checked against its quote -----------------------------

from scripts.claims import says as says_check  # noqa: E402
from scripts.claims.details import details  # noqa: E402
from scripts.model import Derived, Says  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("Between 1986–88, the USSR delivered 800 T-72s tanks", [("year", 1986), ("year", 1988), ("number", 800.0)]),
    ("close to twenty-five percent", [("number", 25.0)]),
    ("in the 9th century and the eighteenth century, in the 1970s", [("century", 9), ("century", 18),
                                                                      ("decade", 1970)]),
    ("more than $4 billion", [("number", 4e9)]),
    ("on 14 July 1958", [("number", 14.0), ("month", 7), ("year", 1958)]),
    ("hundreds of Scud B missiles", [("magnitude", "hundreds")]),
])
def test_details_of_a_text(text, expected):
    assert [(d.kind, d.value) for d in details(text)] == expected


@pytest.mark.parametrize("text, kind, qualifier", [
    ("after 1972", "year", "after"), ("since June 2024", "year", "after"), ("until May 2003", "year", "before"),
    ("until the union collapsed in 1991", "year", ""),
    ("after the 1973 October War", "year", ""), ("close to twenty-five", "number", "approximate"),
    ("more than 300", "number", "more"), ("fewer than 40", "number", "less"),
])
def test_qualifiers_of_a_detail(text, kind, qualifier):
    found = [d for d in details(text) if d.kind == kind]
    assert found and found[0].qualifier == qualifier


def _says(date, *quantities, derived=None):
    return Says(date, tuple(quantities), 1, derived)


VALID = [  # (quote, says) pairs that the check accepts; each mutation below breaks one
    ("A fifteen-year treaty was signed in April 1972.", _says("1972-04", Quantity("term", 15, 15, "years"))),
    ("After 1972, Iraq soon became one of the Soviet Union's closest allies", _says("1972/..")),
    ("the country's largest weapons provider until 1991", _says("../1991")),
    ("a substantial (close to twenty-five percent) Kurdish minority",
     _says("XXXX", Quantity("share", 25, 25, "percent", approximate=True))),
    ("800 tanks, 300 air fighters, and hundreds of Scud B missiles",
     _says("XXXX", Quantity("tanks", 800, 800, "tanks"), Quantity("missiles", None, None, "missiles",
                                                                  magnitude="hundreds"))),
    ("a weapons deal worth more than 4 billion dollars", _says("XXXX", Quantity("deal", 4e9, None, "dollars"))),
    ("in a 22 August official press conference", _says("XXXX-08-22")),
    ("In the Middle Ages, merchants travelled between the two countries", _says("XXXX")),
]


@pytest.mark.parametrize("quote, says", VALID)
def test_a_valid_says_passes(quote, says):
    assert says_check.mismatches(says, quote) == []


@pytest.mark.parametrize("index, mutated, kind, words", [
    (0, _says("1973-04", Quantity("term", 15, 15, "years")), "says-mismatch", "1973"),
    (0, _says("1972-05", Quantity("term", 15, 15, "years")), "says-mismatch", "May"),
    (0, _says("1972-04", Quantity("term", 12, 15, "years")), "invented-bound", "12"),
    (1, _says("1972"), "invented-bound", "1972/.."),
    (2, _says("XXXX"), "says-mismatch", "no date"),
    (2, _says("1991"), "invented-bound", "../1991"),
    (3, _says("XXXX", Quantity("share", 20, 25, "percent", approximate=True)), "invented-bound", "20"),
    (3, _says("XXXX", Quantity("share", 25, 25, "percent")), "invented-bound", "approximate: true"),
    (4, _says("XXXX", Quantity("tanks", 800, 800, "tanks"), Quantity("missiles", 200, 999, "missiles")),
     "invented-bound", "magnitude: hundreds"),
    (5, _says("XXXX", Quantity("deal", 4e9, 4e9, "dollars")), "invented-bound", "max: null"),
    (6, _says("XXXX-08-21"), "says-mismatch", "day 21"),
    (7, _says("08XX"), "says-mismatch", "century"),
])
def test_a_says_the_quote_does_not_contain_is_refused(index, mutated, kind, words):
    """Mutation: a valid (quote, says) with one value changed to something the quote does not say."""
    quote, _valid = VALID[index]
    found = says_check.mismatches(mutated, quote)
    assert any(m.kind == kind and words in m.message for m in found), found


def test_a_derived_value_is_allowed_with_its_reason():
    """What says records beyond the quote needs `derived`; the stage then accepts the
    says-mismatch (the value is shown as inferred) but never a lost qualifier."""
    quote = "Iraq’s invasion of Kuwait triggered the Gulf War"
    plain = _says("1990/1991")
    assert {m.kind for m in says_check.mismatches(plain, quote)} == {"says-mismatch"}
    derived = _says("1990/1991", derived=Derived("The section heading dates the war.", ("blog/p8",)))
    assert all(m.kind == "says-mismatch" for m in says_check.mismatches(derived, quote))


# --- brackets by value ------------------------------------------------------------------------------


@pytest.mark.parametrize("event, citations, label", [
    ("1990-08/2003-05", ["XXXX", "1994"], "[August 1990]–[May 2003]"),
    ("1990-08/2003-05", ["1990", "2003"], "[August] 1990–[May] 2003"),
    ("1990-08/2003-05", ["1990-08", "2003-05"], "August 1990–May 2003"),
    ("1990-08-22", ["XXXX-08-22"], "22 August [1990]"),
    ("1990-08-22", ["XXXX-08-22", "1989"], "22 August [1990]"),
    ("197X", ["1975"], "1970s"),
    ("1958-07-14", ["1958-07-15"], "[14] July 1958"),
])
def test_brackets_by_value(event, citations, label):
    """A part of an event's date is unbracketed only if a citation states that same value:
    another year stated somewhere does not make this year stated."""
    from scripts.claims.precision import unstated_values
    from scripts.dates import words
    missing = unstated_values(statement(event), [statement(c) for c in citations])
    assert words(event, missing) == label


# --- details of the editors' prose against what it cites ----------------------------------------------


@pytest.mark.parametrize("sentence, unsupported", [
    ("Russia sent personnel to the siege of Baghdad in 1733.", []),
    ("Russia sent personnel to the siege of Baghdad in 1734.", ["1734"]),
    ("Russia sent 300 personnel in 1733.", ["300"]),
    ("Russia sent personnel in May 1733.", ["May"]),
    ("Russia sent personnel in the 1730s.", []),
    ("Russia sent personnel in the 18th century.", []),
    ("Russia sent personnel in the 1740s.", ["1740s"]),
    ("[Early contacts](periods/early-contacts-to-1944.md) began in 1733.", []),
])
def test_unsupported_details(sentence, unsupported):
    from scripts.claims.support import unsupported_details
    passage = "Russia sent military personnel to help the Persians during the Siege of Baghdad in 1733."
    assert [d.surface for d in unsupported_details(sentence, [passage])] == unsupported


# --- claims compared across the corpus by key ---------------------------------------------------------


def _event(event_id, *citations):
    import datetime as dt

    from scripts.model import Citation, EdtfDate, Event
    cites = tuple(Citation(source, f"quote {i}", i, passage_id=f"{source}/p1", says=Says(date), claim=claim)
                  for i, (source, date, claim) in enumerate(citations))
    when = EdtfDate("1990", dt.date(1990, 1, 1), dt.date(1990, 12, 31), "1990")
    return Event(id=event_id, title="t", date=when, period_id="p", actors=(), tags=(), summary="s.[[a/p1]]",
                 dispute=None, citations=cites, line=1)


def test_statements_of_one_key_are_compared_across_events():
    from scripts.claims.keys import key_disputes
    from scripts.model import Predicate
    predicates = (Predicate("supplies-arms-to", "supplies weapons to"),
                  Predicate("halts-arms-supplies-to", "stops supplying weapons to", "supplies-arms-to"))
    halt = _event("cut-off", ("blog", "1987", "soviet-union halts-arms-supplies-to iraq"))
    until = _event("provider", ("riac", "../1991", "soviet-union supplies-arms-to iraq"))
    since = _event("resumed", ("blog", "1982/..", "soviet-union supplies-arms-to iraq"))
    other = _event("other", ("lse", "1960", "iraq supplies-arms-to soviet-union"))
    found = key_disputes([halt, until, since, other], predicates)
    assert [d.id for d in found] == ["soviet-union-supplies-arms-to-iraq"]
    assert set(found[0].event_ids) == {"provider", "cut-off"}
    # an open end states no end: "from 1982 on" does not contradict a halt in 1987
    assert all("resumed" not in d.event_ids for d in found)
    # without the halt, the deliveries agree
    assert key_disputes([until, since], predicates) == ()


def test_citations_of_different_keys_are_never_compared():
    """Issue 21, item 9: "since 1994" (support began) is not compared with "1991" (the blockade)."""
    from scripts.claims.keys import event_partitions, key_disputes
    from scripts.model import Predicate
    event = _event("sanctions", ("wiki", "1994/..", "russia supports iraq"), ("riac", "1991", None))
    assert event_partitions(event) == [[1]]
    assert key_disputes([event], (Predicate("supports", "backs"),)) == ()


def test_the_chain_of_report():
    from scripts.claims.keys import chain
    from scripts.model import Citation
    cited = Citation("wiki", "q", 1, claimant="Soviet officials", via=("the Heritage Foundation",))
    assert chain(cited, "Wikipedia") == "Soviet officials, reported by the Heritage Foundation, quoted by Wikipedia"
    assert chain(Citation("wiki", "q", 1), "Wikipedia") == "Wikipedia"


def test_attribution_names_the_source():
    from scripts.claims.attribution import contains_words, names_source, source_names
    from scripts.model import Author
    entry = type("Entry", (), {"authors": (Author("Ruslan Mamedov", None),), "file": "texts/x.txt",
                               "title": "[Russia's strategy]", "publisher": "Russian International Affairs Council (RIAC)"})()
    names = source_names(entry, ("the article",))
    assert names == ("Mamedov", "Russian International Affairs Council", "RIAC", "the article")
    assert names_source("RIAC dates it to 1991", names) and not names_source("Mamedovich dates it", names)
    assert contains_words("restored relations in March 1959.", "March 1959")
    assert not contains_words("in March 19590", "March 1959")


# --- the build refuses what the evidence does not say (mutations of the valid fixture) -------------


def test_a_says_value_the_quote_does_not_contain_is_refused(fixture_root, tmp_path):
    """Mutation: one `says` value changed to something the quote does not say → refused at its line."""
    root = _copy(fixture_root, tmp_path)
    where = _mutate(root, EVENTS, r'(\s*)date: "1944-09-09"', '      date: "1944-09-10"',
                    "diplomatic-relations-established", after=r"\s*says:")
    _at(_refused(root), where, "diplomatic-relations-established", "the quote does not give the day 10",
        "(check: says-in-quote)")
    root = _copy(fixture_root, tmp_path / "2")
    _mutate(root, EVENTS, r"\s*min: 4000000000", "          min: 5000000000", "maliki-weapons-deal")
    where = find_entry_line(root, EVENTS, r"\s*- what: value of the weapons deal", "maliki-weapons-deal")
    _at(_refused(root), where, "maliki-weapons-deal", "the quote does not give 5,000,000,000",
        "(check: qualifiers-kept)")


def test_a_lost_qualifier_is_refused(fixture_root, tmp_path):
    """"since 1994" is an open interval: recorded as the year alone, the bound is invented."""
    root = _copy(fixture_root, tmp_path)
    where = _mutate(root, EVENTS, r'(\s*)date: "1994/\.\."', '      date: "1994"',
                    "russia-supports-baghdad-against-the-united-states")
    _at(_refused(root), where, "the quote says since 1994, an open interval; write 1994/..")


def test_a_sentence_with_a_detail_its_citation_lacks_is_queued(fixture_root, tmp_path):
    """Mutation: a number, a year and an actor that the cited passage does not give → unsupported-detail items."""
    root = _copy(fixture_root, tmp_path)
    edit_entry(root, EVENTS, "russia-at-the-siege-of-baghdad", lambda e: e.__setitem__(
        "summary", "Russia sent 300 men to help the Persians besiege Baghdad in 1734 with "
                   "Iran.[[wikipedia-iraq-russia-relations/p3]]"))
    result = check_in_process(root, "--verbose")
    assert result.returncode == 0, result.describe()
    for word in ("300", "1734", "Iran"):
        assert f"event 'russia-at-the-siege-of-baghdad': summary: “{word}” is not in what the sentence cites" \
            in result.stdout, result.describe()
    assert "unsupported-detail: sources/events/russia-at-the-siege-of-baghdad.md:" in result.stdout
    assert check_in_process(root, "--strict").returncode == 1


def test_a_reading_label_says_no_more_than_its_passages(fixture_root, tmp_path):
    """Mutation: a reading's label (shown as its title) with a year and a number
    its cited passages lack → unsupported-detail items, like any other prose."""
    root = _copy(fixture_root, tmp_path)
    _mutate(root, EVENTS, r"    - label: Exports cut off in 1987", "    - label: Exports cut off in 1979 by 12 ministers")
    result = check_in_process(root, "--verbose")
    assert result.returncode == 0, result.describe()
    for word in ("1979", "12"):
        assert f"reading 'Exports cut off in 1979 by 12 ministers': label: “{word}” is not in what the sentence " \
               "cites" in result.stdout, result.describe()
    assert "“1987”" not in result.stdout
    assert check_in_process(root, "--strict").returncode == 1


def test_a_repeated_corrected_detail_is_refused_unless_attributed(fixture_root, tmp_path):
    """A correction note lists the wrong words; a summary repeating them without naming the
    source and showing the note is refused; attributed and cited, it passes."""
    root = _copy(fixture_root, tmp_path)
    edit_entry(root, NOTES, "il-38-first-flight", lambda n: n.__setitem__("corrects", ["Il-38 aircraft"]))
    edit_entry(root, EVENTS, "diplomatic-relations-established", lambda e: e.__setitem__(
        "summary", "The Soviet Union later sent Il-38 aircraft to Iraq.[[wikipedia-iraq-russia-relations/p11]]"))
    messages = _refused(root)
    found = [m for m in messages if m.startswith("sources/events/diplomatic-relations-established.md:")]
    assert any("repeats 'Il-38 aircraft'" in m and "[[note:il-38-first-flight]]" in m
               and "(check: corrections-kept)" in m for m in found), messages
    edit_entry(root, EVENTS, "diplomatic-relations-established", lambda e: e.__setitem__(
        "summary", "The Wikipedia article says the Soviet Union later sent Il-38 aircraft to "
                   "Iraq.[[wikipedia-iraq-russia-relations/p11, note:il-38-first-flight]]"))
    result = check_in_process(root)
    assert result.returncode == 0, result.describe()


def test_a_corrected_detail_named_beside_its_source_but_stated_as_fact_is_refused(fixture_root, tmp_path):
    """Naming the source somewhere in the sentence is not attributing the
    corrected words to it: in a clause of their own (a relative clause
    stating them as fact), they are refused; reported by the source in their
    clause, behind "according to", or under a short "X writes" frame, they
    pass."""
    root = _copy(fixture_root, tmp_path)
    edit_entry(root, NOTES, "il-38-first-flight", lambda n: n.__setitem__("corrects", ["Il-38 aircraft"]))
    cited = "[[wikipedia-iraq-russia-relations/p11, note:il-38-first-flight]]"
    stated = ("The Soviet Union, which later sent Il-38 aircraft to Iraq, kept its advisers there, as the "
              "Wikipedia article puts the arms sales later." + cited)
    edit_entry(root, EVENTS, "diplomatic-relations-established", lambda e: e.__setitem__("summary", stated))
    assert any(m.startswith("sources/events/diplomatic-relations-established.md:") and "repeats 'Il-38 aircraft'"
               in m and "(check: corrections-kept)" in m for m in _refused(root))
    for attributed in ("According to the Wikipedia article, the Soviet Union later sent Il-38 aircraft to Iraq.",
                       "Later, the Wikipedia article says, the Soviet Union sent Il-38 aircraft to Iraq.",
                       "The Soviet Union sent arms, and the Wikipedia article dates Il-38 aircraft to later."):
        edit_entry(root, EVENTS, "diplomatic-relations-established",
                   lambda e, text=attributed: e.__setitem__("summary", text + cited))
        result = check_in_process(root)
        assert result.returncode == 0, (attributed, result.describe())


def test_claims_report_counts_each_check(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    _mutate(root, EVENTS, r'(\s*)date: "1994/\.\."', '      date: "1994"',
            "russia-supports-baghdad-against-the-united-states")
    result = run_cli(root, "claims-report")
    assert result.returncode == 0, result.describe()
    counts = dict(line.rsplit(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert counts["invented-bound"] == "1" and counts["says-mismatch"] == "0", result.stdout
    assert counts["disagreements computed (by claim key, across events)"] == "1", result.stdout


def test_the_method_page_lists_the_checks_the_build_runs(fixture_site):
    """Generated from the registry: every check, by id, and nothing hand-written in its place."""
    from scripts.claims.checks import CHECKS
    page = (fixture_site / "about" / "index.html").read_text("utf-8")
    for check in CHECKS:
        assert f'id="check-{check.id}"' in page, check.id
    assert page.count('<dt id="check-') == len(CHECKS)


def test_a_computed_disagreement_across_events_is_shown_with_its_claimants(fixture_site):
    text = _text(fixture_site / "contested.html")
    assert "Disagreements across events" in text
    assert "Soviet Union — supplies weapons to — Iraq" in text
    assert "stops supplying weapons to: 1987" in text and "supplies weapons to: 1986–1988" in text


def test_hostile_claimants_reasons_and_vocabulary_are_escaped(fixture_root, tmp_path):
    """New paths from sources/ to pages: a claimant, a derived reason, a predicate's words."""
    root = _copy(fixture_root, tmp_path)
    hostile = "<img src=x onerror=alert(1)> &lt;script&gt;"

    def claimed(event):
        for citation in event["citations"]:
            if citation.get("claim") == "soviet-union halts-arms-supplies-to iraq":
                citation["claimant"], citation["via"] = hostile, [hostile]

    def reasoned(event):
        for citation in event["citations"]:
            if citation["says"].get("derived"):
                citation["says"]["derived"]["reason"] = hostile

    edit_entry(root, EVENTS, "soviet-arms-during-the-war", claimed)
    edit_entry(root, EVENTS, "soviet-arms-embargo", reasoned)
    vocabulary = (root / "sources" / "claims.yml").read_text("utf-8")
    (root / "sources" / "claims.yml").write_text(vocabulary.replace("means: stops supplying weapons to",
                                                                    f"means: \"{hostile}\""), "utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(root, site, env=subprocess_env())
    assert result.returncode == 0, result.describe()
    for page in (site / "contested.html", site / "events" / "soviet-arms-embargo.html",
                 site / "events" / "soviet-arms-during-the-war.html"):
        assert "<img src=x" not in page.read_text("utf-8"), page
    contested = (site / "contested.html").read_text("utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in contested


# --- issue 19: the zeros are real, not explained away ------------------------------------------------

@pytest.mark.parametrize("text, months", [
    ("ABOUT JANUARY 1970", [1]), ("FEB 17 AND FEB 18", [2, 2]), ("MID-FEBRUARY 1972", [2]),
    ("Sept. 3, 1970", [9]), ("in May 2003", [5]), ("we may go", []), ("the Mar 3 cable", [3]),
    ("a march on Baghdad", []),
])
def test_months_are_read_as_cables_write_them(text, months):
    assert [d.value for d in details(text) if d.kind == "month"] == months


@pytest.mark.parametrize("title, kind", [
    ("Telegram 4546 From the Embassy in Moscow to the Department of State", "telegram"),
    ("Memorandum of Conversation", "memorandum"),
    ("Central Intelligence Agency Information Cable TDCS DB-315/02084-72, Washington, March 10, 1972", "cable"),
    ("Briefing Paper Prepared for President Nixon, May 18, 1972", "paper"),
    ("Intelligence Memorandum No. 0865/72, Washington, May 12, 1972", "memorandum"),
    ("TDCS", None),
])
def test_a_document_is_named_by_the_kind_its_title_begins_with(title, kind):
    from scripts.claims.attribution import document_kind, names_source, source_names

    assert document_kind(title) == kind
    document = SimpleNamespace(file="documents/x.xml", title=title, authors=(), publisher="A Printing Office")
    text = SimpleNamespace(file="texts/x.txt", title=title, authors=(), publisher="A Printing Office")
    if kind:
        assert names_source(f"…, according to a State Department {kind}", source_names(document))
        assert not names_source(f"…, according to a State Department {kind}", source_names(text))


def _keyed(event_id, *citations):
    """An event whose citations are (claim key, says.date) pairs."""
    from scripts.model import Citation
    cited = tuple(Citation("s", f"quote {n}", n + 1, says=Says(date=when), claim=key)
                  for n, (key, when) in enumerate(citations))
    return SimpleNamespace(id=event_id, citations=cited)


def test_readings_that_oppose_at_the_same_time_are_an_interpretation_dispute():
    from scripts.claims.keys import key_disputes
    from scripts.model import Predicate
    vocabulary = (Predicate("supports", "backs politically"),
                  Predicate("strains-relations-with", "has strained relations with", opposes="supports"),
                  Predicate("disengages-from", "stays out of", opposes="supports"))
    found = key_disputes([_keyed("e", ("a strains-relations-with b", "198X"), ("a supports b", "1986-02"))],
                         vocabulary)
    assert [(d.id, d.kind, [r.label for r in d.readings]) for d in found] == [
        ("a-supports-b", "interpretation", ["has strained relations with: 1980s", "backs politically: February 1986"])]
    # Not at the same time, not opposed to each other, or another relation: nothing to compare.
    assert key_disputes([_keyed("e", ("a strains-relations-with b", "1970"), ("a supports b", "1986"))], vocabulary) == ()
    assert key_disputes([_keyed("e", ("a strains-relations-with b", "1986"), ("a disengages-from b", "1986"))],
                        vocabulary) == ()
    assert key_disputes([_keyed("e", ("a strains-relations-with b", "1986"), ("a supports c", "1986"))],
                        vocabulary) == ()


def test_a_halt_still_in_force_is_compared_from_the_day_it_began():
    from scripts.claims.keys import key_disputes
    from scripts.model import Predicate
    vocabulary = (Predicate("supplies-arms-to", "supplies weapons to"),
                  Predicate("backs-arms-embargo-on", "backs an arms embargo on", ends="supplies-arms-to"),
                  Predicate("halts-arms-supplies-to", "stops supplying weapons to", ends="supplies-arms-to"))
    embargo = ("a backs-arms-embargo-on b", "1990-08-02/..")
    found = key_disputes([_keyed("e", embargo, ("a supplies-arms-to b", "../1991"))], vocabulary)
    assert [(d.kind, len(d.readings)) for d in found] == [("date", 2)]
    assert key_disputes([_keyed("e", embargo, ("a supplies-arms-to b", "1986/1988"))], vocabulary) == ()
    # Two ends of one course are not each other's readings.
    assert key_disputes([_keyed("e", embargo, ("a halts-arms-supplies-to b", "1987"))], vocabulary) == ()


def test_a_predicate_may_not_both_end_and_oppose(fixture_root, tmp_path):
    root = _copy(fixture_root, tmp_path)
    path = root / "sources" / "claims.yml"
    text = path.read_text("utf-8").replace("predicates:\n", "predicates:\n  - id: both-ways\n    means: x\n"
                                           "    ends: supplies-arms-to\n    opposes: unknown-one\n", 1)
    path.write_text(text, "utf-8")
    messages = _refused(root)
    where = Where(_line(text, r"  - id: both-ways"), "sources/claims.yml")
    _at(messages, where, "opposes 'unknown-one' is not a predicate")
    _at(messages, where, "give `ends` or `opposes`, not both")


def test_a_display_name_rests_on_a_note_that_gives_it(fixture_root, tmp_path):
    """Mutation: an actor's name no text writes, with a name_note that exists
    but does not give the name → refused at the name (issue 19: display names
    pass the outside-fact check); a note that gives it passes."""
    root = _copy(fixture_root, tmp_path)
    actor = entry_ids(root, ACTORS)[0]
    edit_entry(root, ACTORS, actor, lambda a: a.update(name="Anne Testname", name_note="il-38-first-flight"))
    where = Where(read_entry(root, ACTORS, actor).line_of("name"), f"sources/actors/{actor}.md")
    _at(_refused(root), where, "does not give the name 'Anne Testname'", "(check: outside-name)")
    edit_entry(root, NOTES, "il-38-first-flight", lambda n: n.__setitem__("text", n["text"] + " Anne Testname."))
    assert check_in_process(root).returncode == 0


def test_a_glossary_identification_rests_on_a_note_about_its_term(fixture_root, tmp_path):
    """Mutation: a glossary expansion noted by a note that exists but names
    neither the term nor its expansion → refused at the expansion; a note
    that is about the term passes."""
    root = _copy(fixture_root, tmp_path)
    edit_entry(root, GLOSSARY, "un", lambda t: t.__setitem__("expansion_note", "il-38-first-flight"))
    where = Where(read_entry(root, GLOSSARY, "un").line_of("expansion"), "sources/glossary/un.md")
    _at(_refused(root), where, "the expansion_note 'il-38-first-flight' names neither the term nor its expansion",
        "(check: outside-name)")
    edit_entry(root, NOTES, "il-38-first-flight", lambda n: n.__setitem__("text", n["text"] + " The UN is meant."))
    assert check_in_process(root).returncode == 0
