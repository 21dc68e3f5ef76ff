"""Reading fixes of issue 22, without a browser: one chronological order
for everything dated (scripts/dates.py, chronological_key), short human
names for sources, sentences instead of machine strings, the actors index
with roles and years. Expectations come from the corpus, so they hold for any.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from scripts.dates import chronological_key, parse_edtf
from scripts.model import CatalogEntry
from scripts.renderer.references import cite_name


def _key(text: str):
    return chronological_key(parse_edtf(text))


@pytest.mark.parametrize("earlier, later", [
    ("1972-04-09", "197X"),          # a decade sits at its middle, after an exact date early in it
    ("1972-04", "1972"),             # a year after its April, before its August
    ("1972", "1972-08"),
    ("1969/1973", "1972-04-09"),     # an interval sits where it begins
    ("1990-08/2003-05", "1991-01"),
    ("1970~", "1971"),
    ("1958-11-01", "1958-11"),       # a day before the middle of its month
])
def test_dates_sort_where_they_most_likely_fall(earlier, later):
    assert _key(earlier) < _key(later)


def test_events_everywhere_follow_the_one_order(pipeline_result):
    """The corpus' events, and so the events index, previous/next and every
    list built from them, are in chronological_key order."""
    events = pipeline_result.corpus.events
    keys = [(chronological_key(e.date), e.id) for e in events]
    assert keys == sorted(keys)


def test_previous_event_of_an_exact_date_is_never_a_vaguer_date_that_falls_later(pipeline_result):
    """For each event, the previous one does not most likely fall after it
    ("Previous event" from April 1972 is not "mid-1970s")."""
    from scripts.renderer.pages import Context

    ctx = Context(pipeline_result.corpus)
    by_id = {e.id: e for e in pipeline_result.corpus.events}
    for event in pipeline_result.corpus.events:
        before, _after = ctx.neighbours.get(("event", event.id), (None, None))
        if before is None:
            continue
        previous = by_id[before].date
        middle = (previous.start.toordinal() + previous.end.toordinal()) / 2
        if "/" not in previous.text:
            assert middle <= (event.date.start.toordinal() + event.date.end.toordinal()) / 2 or "/" in event.date.text, \
                (event.id, event.date.text, before, previous.text)


def _entry(**fields) -> CatalogEntry:
    base = dict(id="x", file="texts/x.txt", sha256="0" * 64, title="A long title of a text that has no author",
                authors=(), publisher=None, venue=None, first_published_in=None, published=None,
                language="en", kind="blog post", rights=None, url=None, editor_supplied=(), notes=None,
                rules=(), line=1)
    import dataclasses

    names = {f.name for f in dataclasses.fields(CatalogEntry)}
    return CatalogEntry(**{k: v for k, v in {**base, **fields}.items() if k in names})


@pytest.mark.parametrize("fields, expected", [
    ({}, "anonymous blog post, undated"),
    ({"published": "2020~"}, "anonymous blog post, c. 2020"),
    ({"published": "2018-05", "kind": "encyclopedia-article"}, "anonymous encyclopedia article, May 2018"),
])
def test_a_source_without_author_or_publisher_is_named_by_what_it_is(fields, expected):
    try:
        entry = _entry(**fields)
    except TypeError as error:      # the catalog model changed: say so rather than skip
        pytest.fail(f"CatalogEntry cannot be built for this test: {error}")
    assert cite_name(entry) == expected


def test_documents_of_one_volume_are_named_apart():
    """A document of an edition has no author of its own: it is named by
    the work up to its volume and its place there, never by the publisher
    (which every document of the edition shares)."""
    from scripts.model import Container
    volume = "Papers of the Harbour Board, 1901–1910, vol. III, Letters on Dredging"
    names = [cite_name(_entry(publisher="Harbour Board Press", published="1999",
                              container=Container(volume, pages=f"doc. {n}"))) for n in (7, 8)]
    assert names == ["Papers of the Harbour Board, 1901–1910, vol. III, doc. 7",
                     "Papers of the Harbour Board, 1901–1910, vol. III, doc. 8"]
    # A chapter of a book without a volume keeps the whole title.
    assert cite_name(_entry(container=Container("Essays on Ports", pages="45–67"))) == "Essays on Ports, 45–67"


def _visible(markup: str) -> str:
    match = re.search(r"<article.*?</article>", markup, re.S)
    text = match.group(0) if match else markup
    text = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_no_source_is_cited_by_a_truncated_title(built_site):
    for path in sorted((built_site.site / "events").glob("*.html")):
        refs = re.findall(r'<a class="ref"[^>]*>(.*?)</a>', path.read_text("utf-8"))
        assert not [r for r in refs if "…" in html.unescape(r)], (path.name, refs[:3])


def test_no_machine_strings_in_what_citations_state(built_site):
    """Under each quotation a sentence says what it states, not a form
    ("States: date: not stated")."""
    said = 0
    for path in sorted((built_site.site / "events").glob("*.html")):
        for says in re.findall(r'<p class="says">(.*?)</p>', path.read_text("utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", says))
            assert "date:" not in text and "States:" not in text, (path.name, text)
            assert text.startswith("This quotation ") and text.endswith("."), (path.name, text)
            said += 1
    assert said, "no event page says what a quotation states"


def test_actors_index_gives_roles_and_years(built_site, pipeline_result):
    """Each actor's line in the index names its roles and the years of its events."""
    markup = (built_site.site / "actors" / "index.html").read_text("utf-8")
    items = {html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip(): html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
             for m in re.finditer(r"<li><a [^>]*>(.*?)</a>(.*?)</li>", markup)}
    from scripts.renderer.pages import Context

    ctx = Context(pipeline_result.corpus)
    checked = 0
    for actor in pipeline_result.corpus.actors:
        line = items.get(actor.name)
        assert line is not None, f"{actor.name} is not in the actors index"
        for role in actor.roles:
            assert role.title in line, (actor.name, role.title, line)
        events = ctx.events_of_actor.get(actor.id, [])
        if events:
            first = min(e.date.start.year for e in events)
            assert str(first) in line, (actor.name, first, line)
            checked += 1
    assert checked


def test_date_key_is_deterministic_for_equal_spans():
    a, b = parse_edtf("1972"), parse_edtf("1972~")
    assert chronological_key(a) != chronological_key(b) or a.text == b.text
    assert isinstance(chronological_key(a)[0], int) and dt.date.fromordinal(chronological_key(a)[1]).year == 1972
