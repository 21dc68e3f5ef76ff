"""The search index step (scripts/search_index.py) without a browser: what
each page tells Pagefind, the bundle the build writes, and the rewrite that
makes Pagefind's output deterministic. Search as readers use it is tested in
Chromium in tests/test_browser.py."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest

from scripts import search_index
from scripts.search_index import (
    EXCLUDE_SELECTORS,
    TITLE_WEIGHTS,
    SearchIndexError,
    canonical_filters,
    prepare_page,
)


def _filters(markup: str) -> list[tuple[str, str]]:
    return [(key, html.unescape(value)) for key, value in
            re.findall(r'data-pagefind-filter="(\w+)\[data-value\]" data-value="([^"]*)"', markup)]


# ------------------------------------------------------------------ pages


def test_every_page_gets_its_kind_and_the_page_about_a_thing_weighs_more(pipeline_result):
    corpus = pipeline_result.corpus
    markup = '<h1 id="x">Title</h1><p>Text</p><h1>Second</h1>'
    for folder, kind in search_index.KINDS.items():
        out = prepare_page(markup, f"{folder}/x.md", corpus)
        assert ("kind", kind) in _filters(out), f"{folder}: {out[:300]}"
        weight = TITLE_WEIGHTS.get(folder)
        if weight is None:
            assert "data-pagefind-weight" not in out
        else:
            assert f'<h1 data-pagefind-weight="{weight:g}" id="x">Title</h1>' in out
            assert out.count("data-pagefind-weight") == 1, "only the title is weighted"
    assert ("kind", "Page") in _filters(prepare_page(markup, "glossary.md", corpus))
    assert weight_of("actors") > weight_of("events"), "an actor's page must outrank events that name it"
    assert weight_of("periods") > weight_of("events"), "a period's page must outrank its events"


def weight_of(folder: str) -> float:
    return TITLE_WEIGHTS.get(folder, 7.0)      # 7: Pagefind's own weight of an h1


def test_events_are_filtered_by_their_period_themes_and_sources(pipeline_result):
    from scripts.renderer.pages import Context, theme_label

    corpus = pipeline_result.corpus
    ctx = Context(corpus)
    event = next(e for e in corpus.events if e.tags and e.citations)
    facts = _filters(prepare_page("<h1>t</h1>", f"events/{event.id}.md", corpus))
    assert ("period", ctx.periods[event.period_id].title) in facts
    for tag in event.tags:
        assert ("theme", theme_label(tag)) in facts
        assert ("theme", theme_label(tag)) in _filters(prepare_page("<h1>t</h1>", f"themes/{tag}.md", corpus))
    for citation in event.citations:
        assert ("source", ctx.source_short(citation.source_id)) in facts
        source_facts = _filters(prepare_page("<h1>t</h1>", f"sources/{citation.source_id}.md", corpus))
        assert ("source", ctx.source_short(citation.source_id)) in source_facts


def test_filter_values_are_escaped(pipeline_result):
    hostile = 'A "quoted" <b>name</b> & co'
    search_index._facts_cache.update(corpus=pipeline_result.corpus,
                                     facts={"events/x.md": [("source", hostile)]})
    out = prepare_page("<h1>t</h1>", "events/x.md", pipeline_result.corpus)
    assert "<b>" not in out and '"quoted"' not in out
    assert ("source", hostile) in _filters(out)
    search_index._facts_cache.clear()


def test_a_page_excluded_from_search_is_left_out_of_pagefind(pipeline_result):
    """Continuation pages of long lists say ``search: exclude: true``; at
    1,000 sources they filled the first results for an actor's name."""
    out = prepare_page("<h1>Iraq: passages 101–200</h1><p>Iraq</p>", "lists/actor-iraq-passages-2.md",
                       pipeline_result.corpus, excluded=True)
    assert out.startswith('<div data-pagefind-ignore="all">') and out.endswith("</div>")
    assert not _filters(out)
    assert 'data-pagefind-ignore="all"' not in prepare_page("<h1>t</h1>", "glossary.md", pipeline_result.corpus)


@pytest.mark.parametrize("markup, expected", [
    ("<dd>Iraq</dd><dt>Themes</dt>", "<dd>Iraq</dd>\n<dt>Themes</dt>"),
    ("<li>one</li><li>two</li>", "<li>one</li>\n<li>two</li>"),
    ("<p>a</p><div>b</div>", "<p>a</p>\n<div>b</div>"),
    # Inline elements are left alone: a space there would show.
    ("<a>Iraq</a><span>s</span>", "<a>Iraq</a><span>s</span>"),
    ("<em>Ba</em><strong>ath</strong>", "<em>Ba</em><strong>ath</strong>"),
])
def test_block_elements_written_back_to_back_are_separated(pipeline_result, markup, expected):
    out = prepare_page(markup, "glossary.md", pipeline_result.corpus)
    assert out.endswith(expected)


def test_the_built_site_has_a_pagefind_bundle_of_its_article_text(built_site):
    bundle = built_site.site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    pages = sum(info["page_count"] for info in entry["languages"].values())
    # Every page MkDocs wrote from Markdown has an article (404.html too);
    # the pages excluded from search are not indexed.
    texts = [p.read_text("utf-8") for p in built_site.site.rglob("*.html") if "pagefind" not in p.parts]
    articles = sum(1 for t in texts if 'class="md-content__inner' in t and 'data-pagefind-ignore="all"' not in t)
    assert pages == articles
    for info in entry["languages"].values():
        assert (bundle / f"pagefind.{info['hash']}.pf_meta").is_file()


def test_excluded_parts_are_not_in_the_index(built_site):
    """The words of "Cite this page" are on every page: excluded, no fragment has them."""
    assert ".page-citation" in EXCLUDE_SELECTORS
    fragments = list((built_site.site / "pagefind" / "fragment").iterdir())
    assert fragments
    for path in fragments[:50]:
        text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        assert "To cite a single paragraph of a source" not in text, path.name


# ------------------------------------------------------------------ determinism


PAGES_OF = {"War": [1, 0], "Iran": [2, 1], "Energy": [3, 2]}


def _bundle_with_filters(folder: Path, values: list[str]) -> Path:
    """A minimal Pagefind bundle: entry, metadata, one filter file whose
    values (and their pages) come in the order given."""
    folder.mkdir()
    (folder / "filter").mkdir()
    name = search_index._write(folder / "filter", "en_", 7, ".pf_filter",
                               ["theme", [[v, PAGES_OF[v]] for v in values]])
    meta = search_index._write(folder, "pagefind.en_", 10, ".pf_meta",
                               ["1.5.2", [["en_abc", 10]], [["a", "z", "en_idx"]], [["theme", name]], [], ["title"]])
    (folder / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"en": {"hash": meta, "wasm": "en", "page_count": 1}}}), "utf-8")
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_filter_order_does_not_change_the_bundle(tmp_path):
    """Pagefind writes filter values in hash-map order; after canonical_filters
    two bundles that differ only in that order are identical, and still name
    each file after its content."""
    first = _bundle_with_filters(tmp_path / "a", ["War", "Iran", "Energy"])
    second = _bundle_with_filters(tmp_path / "b", ["Energy", "War", "Iran"])
    assert _tree(first) != _tree(second)
    canonical_filters(first)
    canonical_filters(second)
    assert _tree(first) == _tree(second)
    entry = json.loads((first / "pagefind-entry.json").read_text("utf-8"))
    meta = search_index._read(first / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    [[name, file_hash]] = meta[3]
    values = search_index._read(first / "filter" / f"{file_hash}.pf_filter")
    assert values == ["theme", [["Energy", [2, 3]], ["Iran", [1, 2]], ["War", [0, 1]]]]
    assert len(list((first / "filter").iterdir())) == 1, "the unsorted file is removed"


def test_the_pinned_pagefind_is_the_version_the_filter_sorting_was_written_for():
    """canonical_filters reads and writes Pagefind's private bundle format:
    a new pagefind-bin pin must come with a look at that format (then
    PAGEFIND_VERSION follows the pin)."""
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    [pinned] = re.findall(r'"pagefind-bin==([^"]+)"', pyproject)
    assert pinned == search_index.PAGEFIND_VERSION, (
        f"pyproject.toml pins pagefind-bin {pinned}, scripts/search_index.py was written for Pagefind "
        f"{search_index.PAGEFIND_VERSION}: check canonical_filters against the new bundle format")


def test_the_bundle_has_the_shape_the_filter_sorting_reads(built_site):
    """The contract with Pagefind's bundle that canonical_filters relies on:
    the entry names the metadata file of each language; the metadata (after
    a signature, CBOR) is a list whose first item is the version and whose
    fourth lists [filter name, file] pairs; a filter file holds [name,
    [[value, [page numbers]] …]], sorted after the build."""
    bundle = built_site.site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    assert entry["version"] == search_index.PAGEFIND_VERSION
    for info in entry["languages"].values():
        meta = search_index._read(bundle / f"pagefind.{info['hash']}.pf_meta")
        assert meta[0] == search_index.PAGEFIND_VERSION
        assert len(meta[1]) == info["page_count"]
        names = [name for name, _file in meta[3]]
        assert names == sorted(names) and {"kind", "period", "theme", "source"} <= set(names)
        for name, file_hash in meta[3]:
            filter_name, values = search_index._read(bundle / "filter" / f"{file_hash}.pf_filter")
            assert filter_name == name and values
            assert [v for v, _ in values] == sorted(v for v, _ in values)
            for _value, pages in values:
                assert pages == sorted(pages) and all(isinstance(p, int) for p in pages)


def test_a_bundle_of_another_pagefind_version_is_an_error_not_a_traceback(tmp_path):
    bundle = _bundle_with_filters(tmp_path / "a", ["War", "Iran"])
    entry_path = bundle / "pagefind-entry.json"
    entry_path.write_text(entry_path.read_text("utf-8").replace('"1.5.2"', '"9.0.0"'), "utf-8")
    with pytest.raises(SearchIndexError, match="Pagefind 9.0.0 wrote the index"):
        canonical_filters(bundle)


def test_a_foreign_file_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "x.pf_meta"
    path.write_bytes(gzip.compress(b"not pagefind"))
    with pytest.raises(SearchIndexError, match="not a Pagefind"):
        search_index._read(path)
    path.write_bytes(gzip.compress(b"pagefind_dcd\xff\x00"))
    with pytest.raises(SearchIndexError, match="not a Pagefind"):
        search_index._read(path)


def test_a_missing_binary_is_reported(monkeypatch, tmp_path):
    monkeypatch.setattr(search_index, "pagefind_binary", lambda: tmp_path / "no-such-pagefind")
    with pytest.raises(SearchIndexError, match="could not run Pagefind"):
        search_index.index_site(tmp_path)


def test_actor_pages_list_the_other_romanizations_of_their_names(pipeline_result):
    """Every spelling that folds with a word of an actor's name (the name
    matcher's table) is indexed on the actor's page, in an attribute."""
    from scripts.folding import default_folding
    from scripts.search_index import _NAME_WORDS, actor_spellings

    folding = default_folding()
    spellings = actor_spellings(pipeline_result.corpus)
    checked = 0
    for actor in pipeline_result.corpus.actors:
        words = {folding.fold_word(w) for w in _NAME_WORDS.split(actor.name)}
        for group in folding.groups:
            if words & {folding.fold_word(s) for s in group}:
                assert set(group) <= set(spellings[f"actors/{actor.id}.md"]), (actor.id, group)
                checked += 1
    assert checked, "no actor's name is in the folding table: the test checks nothing"
    path, listed = next(iter(spellings.items()))
    out = prepare_page("<h1>t</h1><p>x</p>", path, pipeline_result.corpus)
    found = re.search(r'data-pagefind-index-attrs="data-spellings" data-spellings="([^"]*)"', out)
    assert found and html.unescape(found.group(1)).split() == " ".join(listed).split()


# ------------------------------------------------------------------ forgiving search


def test_field_lists_are_indexed_last_and_escaped():
    """An event's When/Period/Actors list is ignored where it stands and its
    values (not its labels) indexed at the end of the page, escaped: a value
    that is markup stays text; the date details that search excludes stay out."""
    hostile = '&lt;script&gt;alert(1)&lt;/script&gt; "quoted" <img src=x onerror=alert(1)>'
    markup = ('<h1>T</h1><dl class="event-facts" markdown="0"><dt>When</dt> <dd>1972 '
              '<details class="date-details" data-search-exclude><summary>About</summary>EDTF 1972</details></dd>'
              f'<dt>Actors</dt> <dd>{hostile}</dd></dl><p>The sentence.</p>')
    out = search_index.mark_page(markup, "events/x.md", (), None)
    assert '<dl data-pagefind-ignore class="event-facts"' in out
    fields = re.search(r'data-fields="([^"]*)"', out)
    assert fields, out
    value = html.unescape(fields.group(1))
    assert value.startswith("1972.") and "EDTF" not in value and "When" not in value and "Actors" not in value
    assert "<script>alert(1)</script>" in value and '"quoted"' in value
    assert "<script>" not in out.split("data-fields=")[1] and "<img" not in out.split("data-fields=")[1]
    assert out.index("The sentence.") < out.index("data-fields")


def test_section_headings_of_generated_pages_are_not_indexed():
    out = search_index.mark_page("<h1>T</h1><h2 id='w'>What the sources say</h2>", "events/x.md", (), None)
    assert "<h2 data-pagefind-ignore id='w'>" in out
    page = search_index.mark_page("<h1>T</h1><h2 id='w'>How to cite</h2>", "about/index.md", (), None)
    assert "data-pagefind-ignore" not in page


@pytest.mark.parametrize("src_uri", ["editors/report.md", "editors/report-2.md", "contributing.md"])
def test_pages_for_editors_have_their_own_kind(src_uri):
    out = search_index.mark_page("<h1>T</h1>", src_uri, (), None)
    assert ("kind", search_index.EDITORS_KIND) in _filters(out)
    assert ("kind", search_index.EDITORS_KIND) not in _filters(search_index.mark_page("<h1>T</h1>", "about/index.md", (), None))


def test_the_search_script_names_the_editors_kind():
    script = (Path(__file__).resolve().parent.parent / "overrides" / "assets" / "search.js").read_text("utf-8")
    assert f'var EDITORS = "{search_index.EDITORS_KIND}";' in script


def test_search_terms_keep_hostile_names_as_text(pipeline_result):
    """Names from sources/ reach data/search-terms.json as JSON strings (the
    browser puts them into text nodes and an encoded ?q=)."""
    import dataclasses

    corpus = pipeline_result.corpus
    hostile = '<img src=x onerror=alert(1)> &lt;script&gt; a\nb &amp;'
    actor = dataclasses.replace(corpus.actors[0], name=hostile, aliases=())
    terms = search_index.search_terms(dataclasses.replace(corpus, actors=(actor, *corpus.actors[1:])))
    text = json.dumps(terms, ensure_ascii=False)
    assert json.loads(text)["names"].count(" ".join(hostile.split())) == 1
    assert {"img", "onerror", "alert", "script"} <= set(terms["words"])
    assert all(word.replace("'", "").replace("\u2019", "").isalnum() for word in terms["words"])
