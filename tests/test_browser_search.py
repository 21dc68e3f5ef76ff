"""The search forgives (overrides/assets/search.js), typed into the real search
box in Chromium: one test per class of reader's query.

The queries are made from the built site (its names, titles and words), not
written out, so the tests check the mechanism for any corpus: a name with
letters dropped, a question about an event title, a name with a word no page
has, numbers and designations that other words begin with, words only the
editors' pages have. Random choices are seeded.
"""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import open_search, search_results  # noqa: E402

pytest_plugins = ["tests.browser_support"]

pytestmark = pytest.mark.browser

SEED = 22
EDITORS_KIND = "For editors"


# ------------------------------------------------------------------ site facts

@cache
def _data(site: Path, name: str):
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"['\u2018\u2019\u02bf\u02be`]", "", text)


@cache
def _article_text(site: Path, path: str) -> str:
    """The text Pagefind indexes of a built page, roughly: its article,
    without the parts the index leaves out."""
    markup = (site / path).read_text(encoding="utf-8")
    start = markup.find('<article class="md-content__inner')
    markup = markup[start:markup.find("</article>", start)] if start >= 0 else markup
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r"<(\w+)\b[^>]*\bdata-search-exclude\b[^>]*>.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(r'<aside class="page-citation.*?</aside>', " ", markup, flags=re.S)
    markup = re.sub(r'<ul class="concordance">.*?</ul>', " ", markup, flags=re.S)   # not indexed
    markup = re.sub(r'data-(?:spellings|fields)="([^"]*)"', r"> \1 <", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@cache
def _pages(site: Path) -> tuple[str, ...]:
    return tuple(sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                        if p.parts[len(site.parts)] not in ("pagefind", "assets", "search")
                        and p.name != "404.html"))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", _fold(text)))


def _has_word(site: Path, path: str, word: str) -> bool:
    return _fold(word) in _words(_article_text(site, path))


def _editor_page(path: str) -> bool:
    return path.startswith("editors/") or path == "contributing.html"


def _relative(url: str, site_server) -> str:
    return url.split("#")[0][len(site_server.root_url):]


def _search(page, site_server, query: str):
    page.goto("index.html")
    open_search(page, query)
    results = [dict(r, page=_relative(r["href"], site_server)) for r in search_results(page)]
    note = page.locator(".portal-search-note").inner_text() if page.locator(".portal-search-note").is_visible() else ""
    return results, note


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance, as search.js computes it."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i]
        for j in range(1, len(b) + 1):
            d = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d = min(d, rows[i - 2][j - 2] + 1)
            row.append(d)
        rows.append(row)
    return rows[-1][-1]


def _site_vocabulary(site: Path) -> set[str]:
    words: set[str] = set()
    for path in _pages(site):
        words |= _words(_article_text(site, path))
    return words


# ------------------------------------------------------------------ typos

def _misspelled_names(site: Path, how_many: int) -> list[tuple[str, str, str]]:
    """(misspelling, name, actor page) for actors with a two-word name of
    long words: one letter of each word dropped (never the first), so that
    no page has the misspelt words and the name is the closest of the
    portal's names."""
    terms = _data(site, "search-terms")
    names = {_fold(n): n for n in terms["names"]}
    everything = _site_vocabulary(site)
    rng = random.Random(SEED)
    actors = [a for a in _data(site, "actors")
              if len(a["name"].split()) == 2 and all(len(w) >= 6 and w.isalpha() for w in a["name"].split())]
    rng.shuffle(actors)
    chosen = []
    for actor in actors:
        words = actor["name"].split()
        typo = []
        for word in words:
            at = rng.randrange(1, len(word) - 1)
            typo.append(word[:at] + word[at + 1:])
        if any(_fold(w) in everything for w in typo):
            continue
        # The name must be the one closest name (else another correction is right too).
        scores = sorted(sum(_distance(_fold(t), p) for t, p in zip(typo, key.split(), strict=True))
                        for key in names if len(key.split()) == 2)
        if len(scores) > 1 and scores[0] == scores[1]:
            continue
        chosen.append((" ".join(typo), actor["name"], actor["url_path"].lstrip("/")))
        if len(chosen) == how_many:
            break
    assert chosen, "no actor with a two-word name of long words to misspell"
    return chosen


def test_search_corrects_a_misspelt_name(open_page, site_server):
    """Two words no page has, each one letter short of a name of the portal:
    the results are those of the name, its page first, and the reader is
    told which name was searched."""
    page = open_page()
    for typo, name, path in _misspelled_names(site_server.site_dir, 3):
        results, note = _search(page, site_server, typo)
        assert results, f"searching {typo!r} found nothing (meant: {name})"
        assert results[0]["page"] == path, (typo, name, [r["page"] for r in results[:5]])
        assert name in note, f"searching {typo!r}: the note does not name {name!r}: {note!r}"


def test_search_offers_a_name_for_a_misspelt_word_some_page_has(page, site_server):
    """One typo that is a word elsewhere is not replaced, but the close
    name is offered as a link that searches it."""
    site = site_server.site_dir
    typo, name, path = _misspelled_names(site, 1)[0]
    first, second = name.split()
    query = f"{first} {typo.split()[1]}"
    page.goto("index.html")
    open_search(page, query)
    page.wait_for_selector(".portal-search-note a")
    link = page.locator(".portal-search-note a")
    assert link.inner_text() == name
    link.click()
    page.wait_for_function("(n) => document.querySelector('input.md-search__input').value === n", arg=name)
    page.wait_for_function("""(p) => { const a = document.querySelector('.md-search-result__item > a');
        return a && new URL(a.href).pathname === '/' + p; }""", arg=path)


# ------------------------------------------------------------------ questions

def test_search_leaves_out_the_common_words_of_a_question(page, site_server):
    """A question made of an event's title ("why did … ?") finds the event
    first, though its page has not all the question's words."""
    site = site_server.site_dir
    stop = set(_data(site, "search-terms")["stop_words"])
    rng = random.Random(SEED)
    events = [e for e in _data(site, "events") if len(e["title"].split()) >= 4]
    rng.shuffle(events)
    for event in events:
        path = event["url_path"].lstrip("/")
        asked = [w for w in ("how", "did", "why", "what") if not _has_word(site, path, w)]
        if len(asked) >= 2:
            break
    else:
        pytest.fail("no event page lacks two question words")
    assert set(asked) <= stop, "the question words are not stop words in scripts/data/search.yml"
    query = f"{asked[0]} {asked[1]} {event['title'].rstrip('.')}?".replace("?", "")
    results, note = _search(page, site_server, query)
    assert results, f"the question {query!r} found nothing"
    assert results[0]["page"] == path, (query, [r["page"] for r in results[:5]])
    assert "left out" in note and asked[0] in note, note


# ------------------------------------------------------------------ fallback

def test_search_falls_back_to_most_of_the_words_and_says_so(page, site_server):
    """An actor's name and an English word no page has: no page has all
    the words, so the pages with most of them are shown, the actor first,
    and the reader is told which word no page has."""
    site = site_server.site_dir
    everything = _site_vocabulary(site)
    terms = {_fold(w) for w in _data(site, "search-terms")["words"]}
    # Words no page has and no name is close to (so nothing corrects them).
    missing = next(w for w in ("marmalade", "zeppelin", "trombone", "quokka", "xylophone")
                   if w not in everything and all(_distance(w, t) > 2 for t in terms))
    actor = next(a for a in sorted(_data(site, "actors"), key=lambda a: a["id"])
                 if a["kind"] == "person" and len(a["name"].split()) == 2 and a["passages"] >= 2)
    query = f"{actor['name']} {missing}"
    results, note = _search(page, site_server, query)
    assert results, f"{query!r} found nothing"
    assert results[0]["page"] == actor["url_path"].lstrip("/"), [r["page"] for r in results[:5]]
    assert "No page has all of" in note and missing in note, note


def _rare_and_common_words(site: Path):
    """(rare, common, page) candidates: a word of seven letters or more that
    one reader's page has and no other page begins the same way (five
    letters), with a word of that page that many other pages have. Pagefind
    stems words, so the test asks the search box which is really rare."""
    words_of = {path: _words(_article_text(site, path)) for path in _pages(site)}
    pages_with: dict[str, int] = {}
    for words in words_of.values():
        for word in words:
            pages_with[word] = pages_with.get(word, 0) + 1
    everything = sorted(pages_with)
    stop = {_fold(w) for w in _data(site, "search-terms")["stop_words"]}
    for path in (p for p in _pages(site) if not _editor_page(p)):
        for rare in sorted((w for w in words_of[path] if len(w) >= 7 and w.isalpha() and pages_with[w] == 1),
                           key=lambda w: (-len(w), w)):
            if any(w != rare and w.startswith(rare[:5]) for w in everything):
                continue
            common = sorted((w for w in words_of[path] if w.isalpha() and len(w) >= 5 and w not in stop
                             and 5 <= pages_with[w] <= 20), key=lambda w: (-pages_with[w], w))
            if common:
                yield rare, common[0], path


def test_few_pages_with_every_word_are_followed_by_pages_with_some(page, site_server):
    """A word one page has and a word many have: that page comes first, the
    pages with some of the words follow, and the count and the note say
    which are which (a reader typing "Kosygin Baghdad visit" got the page
    of Iraq alone)."""
    for tried, candidate in enumerate(_rare_and_common_words(site_server.site_dir)):
        alone, _note = _search(page, site_server, candidate[0])
        if [r["page"] for r in alone] == [candidate[2]]:
            rare, common, path = candidate
            break
        assert tried < 20, "no word of the candidates is on one page only for the search box"
    else:
        pytest.fail("no word is on one page only, beside a word on several pages", pytrace=False)
    results, note = _search(page, site_server, f"{rare} {common}")
    assert results and results[0]["page"] == path, (rare, common, [r["page"] for r in results[:5]])
    assert len(results) > 1 and "Only 1 page has all of" in note, (note, len(results))
    assert re.fullmatch(r"1 matching document, [\d,]+ partial match(?:es)?", _meta(page)), _meta(page)


def _meta(page) -> str:
    return page.locator(".md-search-result__meta").inner_text().strip()


def test_the_count_of_a_partial_answer_says_partial(page, site_server):
    """A place's name, and a word no page has: the count above the results
    says they are partial matches (it said "42 matching documents" above
    the note that no page has all the words); the name alone is still
    counted as documents that match."""
    site = site_server.site_dir
    everything = _site_vocabulary(site)
    terms = {_fold(w) for w in _data(site, "search-terms")["words"]}
    missing = next(w for w in ("harpsichord", "kumquat", "narwhal", "glockenspiel", "ocarina")
                   if w not in everything and all(_distance(w, t) > 2 for t in terms))
    actors = sorted(_data(site, "actors"), key=lambda a: (a["kind"] != "place", a["id"]))
    place = next(a for a in actors if a["passages"] >= 1 and re.fullmatch(r"[A-Z][a-z]{3,}", a["name"]))
    results, note = _search(page, site_server, f"{missing} {place['name']}")
    assert results and "No page has all of" in note, note
    counted = re.fullmatch(r"([\d,]+) partial match(?:es)?", _meta(page))
    assert counted, f"the count {_meta(page)!r} does not say the matches are partial (note: {note!r})"
    shown = len(results)
    assert int(counted[1].replace(",", "")) == shown if shown < 10 else int(counted[1].replace(",", "")) >= shown
    _search(page, site_server, place["name"])
    assert re.fullmatch(r"[\d,]+ matching documents?", _meta(page)), _meta(page)


def _spelt_otherwise(site: Path) -> list[tuple[str, dict]]:
    """Each person's two-word name with its last word as some reader's page
    spells it otherwise, one letter off ("Saddam Husein", as a telegram
    writes him), where the person's page has those words too."""
    found = []
    vocabulary = _site_vocabulary(site)
    readers = [path for path in _pages(site) if not _editor_page(path)]
    for actor in sorted(_data(site, "actors"), key=lambda a: a["id"]):
        words = actor["name"].split()
        if actor["kind"] != "person" or len(words) != 2 or not all(w.isalpha() for w in words):
            continue
        first, last = _fold(words[0]), _fold(words[1])
        if not 5 <= len(last) <= 8:
            continue
        for variant in sorted(v for v in vocabulary if v.isalpha() and v[0] == last[0] and v != last
                              and abs(len(v) - len(last)) <= 1 and _distance(v, last) == 1
                              and v != last + "s"):                         # a possessive, not a spelling
            page_words = _words(_article_text(site, actor["url_path"].lstrip("/")))
            if {first, variant} <= page_words and any(
                    {first, variant} <= _words(_article_text(site, path)) for path in readers
                    if path != actor["url_path"].lstrip("/")):
                found.append((f"{words[0]} {variant}", actor))
    if not found:
        pytest.fail("no person's name is spelt otherwise by a reader's page", pytrace=False)
    return found


def test_the_page_about_a_name_spelt_otherwise_comes_first(page, site_server):
    """The name as a text spells it finds the pages with those words, and
    the person's page, whose title spells it the portal's way, first (it
    was fourth, after the pages that quote the telegram)."""
    for query, actor in _spelt_otherwise(site_server.site_dir):
        results, _note = _search(page, site_server, query)
        assert results, f"{query!r} found nothing"
        assert results[0]["page"] == actor["url_path"].lstrip("/"), (query, [r["page"] for r in results[:5]])


# ------------------------------------------------------------------ exact numbers

def _designation_pairs(site: Path) -> list[tuple[str, str]]:
    """Designations of the texts that share their letters (T-72 and T-90)."""
    found: dict[str, set[str]] = {}
    for path in _pages(site):
        for d in re.findall(r"\b([A-Z][A-Za-z]{0,3})-(\d{2,4})\b", _article_text(site, path)):
            found.setdefault(d[0], set()).add(f"{d[0]}-{d[1]}")
    return [(a, b) for prefix in sorted(found) for a in sorted(found[prefix]) for b in sorted(found[prefix]) if a != b]


def test_search_ranks_exact_designations_first(page, site_server):
    """A designation (T-72) ranks every page that has it before pages that
    have only its letters or a sibling (T-90)."""
    site = site_server.site_dir
    pairs = _designation_pairs(site)
    assert pairs, "the texts name no two designations with the same letters"
    for designation, _sibling in pairs[:3]:
        results, _note = _search(page, site_server, designation)
        exact = [designation in _article_text(site, r["page"]) for r in results]
        assert exact and exact[0], (designation, [r["page"] for r in results[:5]])
        first_other = exact.index(False) if False in exact else len(exact)
        assert all(not e for e in exact[first_other:]), (
            f"{designation}: a page without it ranks before a page with it: "
            f"{[(r['page'], e) for r, e in zip(results, exact, strict=True)]}")


def test_search_shows_near_matches_for_a_designation_no_page_has(page, site_server):
    """A designation no page has, with the letters of designations the
    texts name (MiG-29 where they name MiG-17), finds the pages with those
    letters and says that no page has it exactly: never "No matching
    documents" without a word of why."""
    site = site_server.site_dir
    pages: dict[str, set[str]] = {}
    for path in _pages(site):
        if not _editor_page(path):
            for letters, _number in re.findall(r"\b([A-Z][A-Za-z]{1,3})-(\d{2,4})\b", _article_text(site, path)):
                pages.setdefault(letters, set()).add(path)
    assert pages, "no reader's page names a designation of two letters or more"
    texts = [_article_text(site, path) for path in _pages(site)]
    for letters in sorted(pages, key=lambda x: (-len(pages[x]), x))[:2]:
        designation = next(d for d in (f"{letters}-{n}" for n in range(29, 10000))
                           if not any(re.search(rf"(?<![\w-]){re.escape(d)}(?!\w)", text) for text in texts))
        results, note = _search(page, site_server, designation)
        assert results, f"{designation!r} found nothing, though {len(pages[letters])} pages name {letters}- designations"
        assert f"\u201c{designation}\u201d exactly" in note, note
        assert re.fullmatch(r"[\d,]+ near match(?:es)?", _meta(page)), _meta(page)
        assert re.search(rf"\b{re.escape(letters)}\b", _article_text(site, results[0]["page"])), (
            designation, [r["page"] for r in results[:5]])


def test_search_shows_near_matches_for_a_compound_no_page_has(page, site_server):
    """Two words of an event's title joined by a hyphen, as no page writes
    them ("anti-Soviet" where pages write "anti-communist" and "Soviet"):
    the pages with both words, said to be near matches (it was "No
    matching documents" without a word of why)."""
    site = site_server.site_dir
    texts = [_fold(_article_text(site, path)) for path in _pages(site)]
    for event in _data(site, "events"):
        words = re.findall(r"[^\W\d_]{4,}", event["title"])
        compound = f"{words[0]}-{words[-1]}" if len(words) >= 2 else ""
        if compound and words[0] != words[-1] and not any(_fold(compound) in text for text in texts):
            break
    else:
        pytest.fail("no event title has two words that no page joins with a hyphen", pytrace=False)
    results, note = _search(page, site_server, compound)
    assert results, f"{compound!r} found nothing, though {event['url_path']} has both its words"
    assert f"\u201c{compound}\u201d exactly" in note, note
    assert re.fullmatch(r"[\d,]+ near match(?:es)?", _meta(page)), _meta(page)
    first = _words(_article_text(site, results[0]["page"]))
    assert {_fold(words[0]), _fold(words[-1])} <= first, (compound, results[0]["page"])


def test_search_ranks_exact_numbers_before_longer_numbers(page, site_server):
    """A number that begins longer numbers (a year's first digits, "19"
    in 1958) finds the pages that have the number itself first."""
    site = site_server.site_dir
    numbers: dict[str, set[str]] = {}
    grouped: set[str] = set()     # written inside a longer figure somewhere (4,462; 1.5): not a clean case
    for path in _pages(site):
        text = _article_text(site, path)
        for number in set(re.findall(r"(?<![\w.,])\d{2,3}(?![\w])", text)):
            numbers.setdefault(number, set()).add(path)
        grouped |= set(re.findall(r"(?<=[.,])\d{2,3}\b|\b\d{2,3}(?=[.,]\d)", text))
    candidates = sorted((n for n in numbers if 2 <= len(numbers[n]) <= 8 and n not in grouped),
                        key=lambda n: (len(numbers[n]), n))
    assert candidates, "no number of two or three digits on a few pages"
    rng = random.Random(SEED)
    for number in rng.sample(candidates, min(2, len(candidates))):
        results, _note = _search(page, site_server, number)
        exact = [bool(re.search(rf"(?<![\w.,]){number}(?![\w])", _article_text(site, r["page"]))) for r in results]
        assert exact and exact[0], (number, [r["page"] for r in results[:5]])
        if False in exact:
            assert not any(exact[exact.index(False):]), (
                f"{number}: {[(r['page'], e) for r, e in zip(results, exact, strict=True)]}")


# ------------------------------------------------------------------ editors' pages

def _rough_stem(word: str) -> str:
    """*word* without a common English ending ("contacted" → "contact"): a
    prefix shorter than any stem an English stemmer would give it."""
    for ending in ("ations", "ation", "ings", "ing", "edly", "ed", "es", "ly", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def test_search_leaves_editors_pages_out_unless_asked(page, site_server):
    """A word that only the editors' pages have finds nothing for readers,
    says that pages for editors have it, and finds them when the kind
    filter asks for them; words of the editors' page titles never bring
    them into a reader's results."""
    site = site_server.site_dir
    editors = [p for p in _pages(site) if _editor_page(p)]
    assert editors, "no page for editors was built"
    readers = [p for p in _pages(site) if not _editor_page(p)]
    reader_words = set()
    for path in readers:
        reader_words |= _words(_article_text(site, path))
    editor_words = set()
    for path in editors:
        editor_words |= _words(_article_text(site, path))
    # Pagefind stems words ("contacted" finds "contacts"): a word whose stem
    # begins some reader's word is not one only the editors' pages have.
    only_editors = sorted(w for w in editor_words
                          if w.isalpha() and len(w) >= 7 and w not in reader_words
                          and not any(r.startswith(_rough_stem(w)) for r in reader_words))
    assert only_editors, "every word of the pages for editors is on a reader's page too"
    word = random.Random(SEED).choice(only_editors)
    results, note = _search(page, site_server, word)
    assert not results, f"{word!r}, a word only of pages for editors, found {[r['page'] for r in results]}"
    assert EDITORS_KIND in note, note
    page.locator(".portal-search-filters summary").click()
    page.wait_for_selector(f".portal-search-filters select[name=kind] option[value='{EDITORS_KIND}']", state="attached")
    page.select_option(".portal-search-filters select[name=kind]", EDITORS_KIND)
    page.wait_for_function("""() => document.querySelectorAll('.md-search-result__item > a').length > 0""")
    found = [_relative(r["href"], site_server) for r in search_results(page)]
    assert found and all(_editor_page(p) for p in found), found

    for title in ("Guide for editors", "Editorial report"):
        results, _note = _search(page, site_server, title)
        assert not [r["page"] for r in results if _editor_page(r["page"])], (title, [r["page"] for r in results])


# ------------------------------------------------------------------ snippets

def test_search_snippets_are_sentences_not_fields(page, site_server):
    """An event found by the name of one of its actors shows a sentence of
    its page, never its When / Period / Actors labels run into their values."""
    site = site_server.site_dir
    events = _data(site, "events")
    actors = {a["id"]: a for a in _data(site, "actors")}
    rng = random.Random(SEED)
    names = sorted({actors[a]["name"] for e in events for a in e["actors"] if a in actors})
    checked = 0
    for name in rng.sample(names, min(4, len(names))):
        results, _note = _search(page, site_server, name)
        for result in results:
            if not result["page"].startswith("events/"):
                continue
            text = " ".join(result["text"].split())
            for label in ("When", "Period", "Actors", "Themes"):
                assert not re.search(rf"\b{label} (?=[A-Z0-9\[])", text), (
                    f"searching {name!r}: the snippet of {result['page']} is a field list: {text!r}")
            checked += 1
    assert checked, "no search for an actor's name found an event"


def test_search_snippets_are_not_the_lists_a_page_ends_with(page, site_server):
    """Searching a person's name, no snippet is a run of the names a page
    lists (its "What links here": "Alexei Kosygin · Andrej Kreutz · Arab
    nationalism"); a page that has the name only there opens with its own
    words and says where the name matched."""
    site = site_server.site_dir
    rng = random.Random(SEED)
    people = sorted(a["name"] for a in _data(site, "actors") if a["kind"] == "person" and a["passages"] >= 1)
    checked = 0
    for name in rng.sample(people, min(4, len(people))):
        results, _note = _search(page, site_server, name)
        for result in results:
            text = " ".join(result["text"].split())
            assert text.count("\u00b7") < 2, f"searching {name!r}: the snippet of {result['page']} is a list: {text!r}"
            checked += 1
    assert checked, "no search for a person's name found a page"


# ------------------------------------------------------------------ back

def test_search_query_and_results_survive_back(page, site_server):
    """The query is in the address (?q=); after opening a result, Back shows
    the dialog with the query and its results again."""
    site = site_server.site_dir
    actor = sorted(_data(site, "actors"), key=lambda a: -a["passages"])[3]
    query = actor["name"]
    page.goto("index.html")
    open_search(page, query)
    first = search_results(page)[0]["href"]
    assert "q=" in page.url, page.url
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(first)
    page.go_back()
    page.wait_for_function("""(q) => document.querySelector('input.md-search__input').value === q
        && document.getElementById('__search').checked
        && document.querySelectorAll('.md-search-result__item > a').length > 0""", arg=query)
    assert search_results(page)[0]["href"] == first
    # Closing the dialog forgets the query: Back from another page no longer reopens it.
    page.keyboard.press("Escape")
    page.wait_for_function("() => !new URL(location.href).searchParams.has('q')")


# ------------------------------------------------------------------ accessibility

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_notes_pass_axe(open_page, site_server, axe_path, scheme):
    """The notes above the results (a correction offered as a link) in both
    colour schemes: no serious axe violation (contrast included)."""
    from tests.browser_support import format_violations, run_axe

    typo, _name, _path = _misspelled_names(site_server.site_dir, 1)[0]
    page = open_page(color_scheme=scheme)
    page.goto("index.html")
    open_search(page, typo.split()[0] + " " + _name.split()[1])
    page.wait_for_selector(".portal-search-note a")
    violations = run_axe(page, axe_path, context=".md-search")
    assert not violations, format_violations(violations)
