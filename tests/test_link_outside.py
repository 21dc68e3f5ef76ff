"""Outside facts (issue 19 item 7): structured references and their
Chicago text, and the checks of scripts/stages/outside.py on small
hand-made corpora (every value here is written for the test)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from scripts.bibliography import chicago, reference
from scripts.errors import ProblemLog
from scripts.model import Actor, EditorialItem, EdtfDate, GlossaryTerm, Lifespan, Note, Passage, Reference
from scripts.stages import outside


@pytest.mark.parametrize("fields, text", [
    ({"type": "book", "author": "Tripp, Charles", "title": "A History of Iraq", "edition": "3rd ed.",
      "publisher": "Cambridge: Cambridge University Press", "year": 2007},
     "Tripp, Charles. *A History of Iraq*. 3rd ed. Cambridge: Cambridge University Press, 2007."),
    ({"type": "book", "author": "Someone, Anne", "title": "A Book Written for the Tests", "publisher":
      "London: Nowhere Press", "year": 2000, "pages": "140–41"},
     "Someone, Anne. *A Book Written for the Tests*. London: Nowhere Press, 2000, 140–41."),
    ({"type": "book", "author": "Razoux, Pierre", "title": "The Iran-Iraq War", "translator": "Nicholas Elliott",
      "publisher": "Cambridge, MA: Belknap Press", "year": 2015},
     "Razoux, Pierre. *The Iran-Iraq War*. Translated by Nicholas Elliott. Cambridge, MA: Belknap Press, 2015."),
    ({"type": "article", "author": "Subtelny, Orest", "title": "'Peter I's Testament': A Reassessment",
      "container": "Slavic Review", "volume": "33, no. 4", "year": 1974, "pages": "663–78"},
     "Subtelny, Orest. \"'Peter I's Testament': A Reassessment.\" *Slavic Review* 33, no. 4 (1974): 663–78."),
    ({"type": "document", "author": "United Nations Security Council", "title": "Resolution 661 (1990)",
      "identifier": "S/RES/661", "year": 1990, "date": "1990-08-06"},
     "United Nations Security Council. Resolution 661 (1990). S/RES/661. 6 August 1990."),
    ({"type": "law", "title": "An Example Act", "identifier": "Pub. L. No. 1-2, 3 Stat. 4", "year": 2017},
     "An Example Act. Pub. L. No. 1-2, 3 Stat. 4 (2017)."),
    ({"type": "web", "author": "Wikipedia", "title": "Some page", "identifier": "https://example.org/x"},
     "Wikipedia. \"Some page.\" https://example.org/x."),
])
def test_a_structured_reference_prints_in_chicago_style(fields, text):
    record, problems = reference({**fields}, "note 'x': reference 1")
    assert record.text == text == chicago(record)
    assert problems == []


@pytest.mark.parametrize("fields, expected", [
    ({"type": "article", "title": "An Article", "year": 2000, "pages": "1–2"}, "needs `container:`"),
    ({"type": "document", "title": "A Resolution", "year": 2000}, "needs `identifier:`"),
    ({"type": "book", "title": "A Book", "year": None, "pages": "3"}, "needs `year:`"),
])
def test_what_a_reference_lacks_is_named(fields, expected):
    _record, problems = reference(fields, "note 'x': reference 1")
    assert len(problems) == 1 and expected in problems[0] and problems[0].startswith("note 'x': reference 1")


def test_a_reference_without_its_page_is_refused():
    paged, unpaged = book(2000), Reference(type="book", title="A Book", author="Someone", year=2000)
    web = Reference(type="web", title="A page", identifier="https://example.org/")
    article = Reference(type="article", title="An Article", container="A Journal", year=1999)
    log = ProblemLog()
    outside._unpaged([note("…", [paged, unpaged, web, article])], "sources/notes/n.md", log)
    found = [(p.path, p.line, p.message) for p in log.problems]
    assert [(path, line) for path, line, _ in found] == [("sources/notes/n.md", 7)] * 2
    assert "the book 'A Book' (Someone, 2000) is cited without the page" in found[0][2]
    assert "the article 'An Article' (1999)" in found[1][2]
    assert all(m.endswith("(check: unpaged-reference)") for _, _, m in found)


def _corpus(**parts):
    base = {"notes": (), "events": (), "sources": (), "actors": (), "glossary": (), "passages": (), "editorial": ()}
    return SimpleNamespace(**{**base, **parts})


def _linked(pid: str, text: str):
    return SimpleNamespace(passage=Passage(pid, pid.split("/")[0], 1, "p1", "paragraph", text, None, (1,), ()))


def book(year: int) -> Reference:
    return Reference(type="book", title=f"A book of {year}", author="Someone", year=year, pages="1")


def note(text: str, refs=(), passages=(), target="glossary:X") -> Note:
    return Note("n", 1, "context", target, text, tuple(r.text for r in refs), tuple(passages), 7, 7, tuple(refs))


def problems(function, corpus, *args) -> list[str]:
    log = ProblemLog()
    function(corpus, *args, log)
    return [f"{p.path}:{p.line}: {p.message}" for p in log.problems]


def test_a_reference_older_than_what_its_note_states_is_refused():
    old = note("The party ruled from 1968 to 2003.", [book(1978)])
    assert "were all published before 2003" in problems(outside._reference_dates, _corpus(notes=(old,)), {}, "n.yml")[0]
    newer = note("The party ruled from 1968 to 2003.", [book(1978), book(2007)])
    assert problems(outside._reference_dates, _corpus(notes=(newer,)), {}, "n.yml") == []


def test_the_dates_of_the_passages_a_note_rests_on_count():
    passages = {"s/p1": Passage("s/p1", "s", 1, "p1", "paragraph", "A workshop in April 2021.", None, (1,), ())}
    workshop = note("The school held the workshop.", [book(1995)], ["s/p1"])
    found = problems(outside._reference_dates, _corpus(notes=(workshop,)), passages, "n.yml")
    assert found == ["n.yml:7: note 'n': its references (Someone 1995) were all published before 2021, a date "
                     "the note is about; a work cannot attest what happened after it appeared. Cite a work "
                     "published later, or drop the fact it cannot support"]


def test_the_date_of_an_event_a_note_is_about_counts():
    event = SimpleNamespace(id="e", date=EdtfDate("2003", date(2003, 1, 1), date(2003, 12, 31), "2003"))
    about = note("It ended then.", [book(1990)], target="event:e")
    assert problems(outside._reference_dates, _corpus(notes=(about,), events=(event,)), {}, "n.yml")


def actor(actor_id="a", natives=(), notes=(), exists=None) -> Actor:
    return Actor(actor_id, "A", "state", (), (), (), tuple(natives), (), "", 3, exists=exists,
                 native_notes=tuple(notes), native_lines=(4,) * len(natives))


def test_a_native_name_no_text_writes_needs_a_note_with_a_reference():
    texts = ["россия и ирак".casefold()]
    written = actor(natives=[("ru", "Россия")])
    unwritten = actor(natives=[("ru", "Советский Союз")])
    noted = actor(natives=[("ru", "Советский Союз")], notes=["n"])
    assert problems(outside._native_names, _corpus(actors=(written,)), texts, {}, "a.yml") == []
    assert "no source text writes it" in problems(outside._native_names, _corpus(actors=(unwritten,)), texts, {},
                                                  "a.yml")[0]
    with_ref = {"n": note("…", [book(2000)])}
    assert problems(outside._native_names, _corpus(actors=(noted,)), texts, with_ref, "a.yml") == []
    without = {"n": note("…")}
    assert "gives no reference" in problems(outside._native_names, _corpus(actors=(noted,)), texts, without,
                                            "a.yml")[0]


def test_folding_is_not_writing():
    # "Russia" folds like Россия (the editors' table), but no text writes Россия.
    assert not outside._written("Россия", ["russia and iraq"])
    assert outside._written("Ирак", ["россия и ирак."])
    assert not outside._written("Ирак", ["иракские"])


@pytest.mark.parametrize("term, expansion, text, ok", [
    ("Yom Kippur War", "1973 October War", "the Yom Kippur War against Israel", False),   # elsewhere only
    ("Yom Kippur War", "war against Israel", "the Yom Kippur War against Israel", True),
    ("RSII", "security coalition", "the security coalition (RSII)", True),
    ("Quds Force", "Iran Quds Forces", "the chief of Iran Quds Forces", True),             # the fuller form
    ("UN", "United Nations", "a United Nations resolution", False),
])
def test_an_identification_is_quoted_with_its_term_or_noted(term, expansion, text, ok):
    glossary = (GlossaryTerm(term, expansion, "", 5, expansion_line=6),)
    corpus = _corpus(glossary=glossary, passages=(_linked("s/p1", text),
                                                  _linked("s/p2", f"The {expansion} was named.")))
    found = problems(outside._identifications, corpus, "g.yml")
    assert (found == []) is ok, found
    noted = (GlossaryTerm(term, expansion, "", 5, expansion_note="n", expansion_line=6),)
    assert problems(outside._identifications, _corpus(glossary=noted, passages=corpus.passages), "g.yml") == []


def test_an_exists_interval_rests_on_passages_or_a_note():
    passages = {"s/p1": Passage("s/p1", "s", 1, "p1", "paragraph", "It collapsed in 1991.", None, (1,), ())}
    span = Lifespan("../1991", None, date(1991, 12, 31), ("s/p1",), 9)
    assert problems(outside._lifespans, _corpus(actors=(actor(exists=span),)), passages, {}, "a.yml") == []
    both = Lifespan("1922/1991", date(1922, 1, 1), date(1991, 12, 31), ("s/p1",), 9)
    assert "start year 1922" in problems(outside._lifespans, _corpus(actors=(actor(exists=both),)), passages, {},
                                         "a.yml")[0]
    noted = Lifespan("1922/1991", date(1922, 1, 1), date(1991, 12, 31), ("s/p1", "note:n"), 9)
    notes = {"n": note("…", [book(2014)])}
    assert problems(outside._lifespans, _corpus(actors=(actor(exists=noted),)), passages, notes, "a.yml") == []


def test_an_event_cannot_list_an_actor_that_did_not_exist_at_its_date():
    ussr = actor("soviet-union", exists=Lifespan("1922/1991", date(1922, 1, 1), date(1991, 12, 31)))
    event = SimpleNamespace(id="e", line=1, actors=("soviet-union",), line_of={"actors": 12}.get,
                            date=EdtfDate("2014", date(2014, 1, 1), date(2014, 12, 31), "2014"))
    found = problems(outside._event_actors_exist, _corpus(actors=(ussr,), events=(event,)), "e.yml")
    assert found == ["e.yml:12: event 'e' (2014) lists 'soviet-union', which exists 1922/1991; list the identity "
                     "that existed at that date"]


def test_the_real_corpus_passes_the_checks_that_run(pipeline_result):
    """The checks wired into the build pass on the curated layer (the
    pending ones are listed in outside.PENDING)."""
    log = ProblemLog()
    outside.check(pipeline_result.corpus, {}, log)
    assert not log.problems


def test_a_field_the_editors_supplied_says_what_it_rests_on():
    def source(why):
        entry = SimpleNamespace(id="s", line=3, editor_supplied_line=9, supplied_why=why)
        return SimpleNamespace(id="s", entry=entry)
    reasons = (("kind", "the editors' classification", None), ("published", None, "n"))
    notes = {"n": note("…", [book(2000)])}
    assert problems(outside._editor_supplied, _corpus(sources=(source(reasons),)), notes, "c.yml") == []
    bare = (("title", None, None),)
    assert problems(outside._editor_supplied, _corpus(sources=(source(bare),)), notes, "c.yml") == [
        "c.yml:9: source 's': editor_supplied title: say what the value rests on: write {field: title, reason: "
        "\"…\"} (what a reader can check, e.g. \"the site's name in the page header\") or {field: title, "
        "note: <note-id>} (a note with the reference)"]
    # A bare field on a line the scaffold marked "# TODO editor" is the open
    # unfinished-source item's business: the preview builds, the gate is red.
    todo = EditorialItem("unfinished-source", "c.yml:9", "source 's', editor_supplied: TODO editor: …")
    assert problems(outside._editor_supplied, _corpus(sources=(source(bare),), editorial=(todo,)), notes,
                    "c.yml") == []
    unknown = (("url", None, "missing"),)
    assert "unknown note 'missing'" in problems(outside._editor_supplied, _corpus(sources=(source(unknown),)),
                                                notes, "c.yml")[0]
