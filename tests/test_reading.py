"""Page layouts as templates, and what readers see (issue 12, no browser).

* templates: a project's own template in ``overrides/portal/`` wins; values
  are escaped; the output is deterministic;
* linking: an actor is linked once per section of a source page, never in
  a dash compound;
* evidence back to claims: every cited paragraph names its events;
* no machinery: no catalog id in reading text, no "1 passages", no commit
  hash in citations;
* long lists are paginated and nothing is lost between the pages.

Every expectation is computed from the corpus, so the tests hold for any.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from scripts.renderer import pages as page_module
from scripts.renderer.html import _in_compound
from scripts.renderer.templates import plural, render
from tests.helpers import mkdocs_build, subprocess_env


def _visible(markup: str) -> str:
    """The reading text of a page's article: no scripts, no code, no collapsed details."""
    match = re.search(r"<article.*?</article>", markup, re.S)
    text = match.group(0) if match else markup
    text = re.sub(r"<(script|style|code|pre|details)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


# --- templates ------------------------------------------------------------------------------


def test_templates_escape_every_value():
    out = render("_period_strip.html", items=[{"link": page_module.Link("a.html", "<script>x</script>"),
                                               "span": '"quoted" & <b>', "grow": 1}])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<b>" not in out and "&amp;" in out


@pytest.mark.parametrize("count, expected", [(0, "0 passages"), (1, "1 passage"), (2, "2 passages"),
                                             (1234, "1,234 passages")])
def test_plural(count, expected):
    assert plural(count, "passage") == expected


def test_a_template_in_overrides_portal_wins(fixture_project, tmp_path):
    """A user changes a layout by putting a template of the same name in overrides/portal/."""
    override = fixture_project / "overrides" / "portal"
    override.mkdir(parents=True)
    (override / "event.html").write_text(
        "{{ front_matter }}\n# {{ event.title | md }}\n\n<p class=\"my-layout\">Overridden: {{ event.id }}</p>\n",
        encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(fixture_project, site, env=subprocess_env())
    assert result.returncode == 0, result.describe()
    events = sorted((site / "events").glob("*.html"))
    events = [p for p in events if p.name != "index.html"]
    assert events, "the fixture knowledge has no event"
    for path in events:
        assert '<p class="my-layout">Overridden: ' + path.stem + "</p>" in path.read_text("utf-8"), path
    # Other layouts are untouched.
    assert "my-layout" not in (site / "periods" / "index.html").read_text("utf-8")


def _render_with_override(pipeline_result, tmp_path, name: str, blocks: str) -> list:
    """The pages rendered again with ``overrides/portal/NAME`` extending the
    project's own ``portal/NAME`` and replacing *blocks*."""
    from scripts.stages.render import render as render_stage

    override = tmp_path / "overrides" / "portal"
    override.mkdir(parents=True)
    (override / name).write_text(f'{{% extends "portal/{name}" %}}\n' + blocks, encoding="utf-8")
    pages, _blocks = render_stage(pipeline_result.corpus, pipeline_result.files, override)
    return pages


def test_an_override_can_extend_the_original_and_replace_one_block(pipeline_result, tmp_path):
    """overrides/portal/event.html extends the project's own event.html
    (``portal/event.html``) and replaces its ``summary`` block: every event
    page gets the new block, keeps every other part, and no other page changes."""
    pages = _render_with_override(pipeline_result, tmp_path, "event.html",
                                  '{% block summary %}\n<p class="my-summary">Summary of {{ event.id }}</p>\n'
                                  '{% endblock %}\n')
    original = {p.path: p.markdown for p in pipeline_result.pages}
    events = {e.id: e for e in pipeline_result.corpus.events}
    changed = 0
    for page in pages:
        if page.path.startswith("events/") and page.path[len("events/"):-3] in events:
            event = events[page.path[len("events/"):-3]]
            assert f'<p class="my-summary">Summary of {event.id}</p>' in page.markdown
            # The blocks around it are the original's.
            before, after = original[page.path].split("\n## What the sources say\n", 1)
            assert before.split("\n# ", 1)[0] in page.markdown
            assert "## What the sources say\n" + after in page.markdown
            changed += 1
        else:
            assert page.markdown == original[page.path], page.path
    assert changed == len(events) > 0


def test_an_override_can_replace_one_inline_piece(pipeline_result, tmp_path):
    """The pieces of markup inside a line (a reference group, a linked name)
    are blocks of _inline.html too: an override that replaces only the
    ``refs`` block changes every group of references, on every page, and
    leaves the other pieces (the links inside the group) as they were."""
    pages = _render_with_override(pipeline_result, tmp_path, "_inline.html",
                                  '{% block refs %}<sup class="my-refs">{{ links_html | join(" / ") }}</sup>'
                                  '{% endblock %}\n')
    original = "".join(p.markdown for p in pipeline_result.pages)
    now = "".join(p.markdown for p in pages)
    groups = _reference_groups(original)
    assert groups, "the fixture's prose cites nothing"
    assert '<span class="refs">' not in now
    assert now.count('<sup class="my-refs">') == len(groups)
    # The links inside a group are the original's, only joined otherwise.
    unwrapped, end = [], 0
    for start, stop, links in groups:
        unwrapped += [original[end:start], links]
        end = stop
    assert re.sub(r'<sup class="my-refs">(.*?)</sup>', lambda m: m.group(1).replace(" / ", "; "), now) \
        == "".join(unwrapped) + original[end:]


_SPAN_TAG = re.compile(r'<span\b[^>]*>|</span>')


def _reference_groups(markup: str) -> list[tuple[int, int, str]]:
    """Each ``<span class="refs">(a; b)</span>`` of *markup*: its start, its
    end and its links ("a; b"), read through the spans nested in it (a span that
    holds a parenthesis to its link is dropped, a language span inside a
    link is kept)."""
    groups = []
    for opened in re.finditer(r'<span class="refs">', markup):
        kept, position, inner = [False], opened.end(), []     # the group's own span is not kept
        while kept:
            tag = _SPAN_TAG.search(markup, position)
            inner.append(markup[position:tag.start()])
            if tag.group() == "</span>":
                inner.append(tag.group() if kept.pop() else "")
            else:
                kept.append('class="refs__hold"' not in tag.group())
                inner.append(tag.group() if kept[-1] else "")
            position = tag.end()
        text = "".join(inner)
        assert text.startswith("(") and text.endswith(")"), text
        groups.append((opened.start(), position, text[1:-1]))
    return groups


def test_rendering_twice_gives_the_same_pages(pipeline_result):
    from scripts.stages.render import render as render_stage

    again, blocks = render_stage(pipeline_result.corpus, pipeline_result.files)
    assert [(p.path, p.markdown) for p in again] == [(p.path, p.markdown) for p in pipeline_result.pages]
    assert blocks == pipeline_result.blocks


# --- linking --------------------------------------------------------------------------------


def _sections(markdown: str):
    """The Text part of a source page, split at its headings."""
    text = markdown.split("\n## Text\n", 1)[1].split("\n## About this copy", 1)[0]
    return re.split(r"\n#{2,6} ", text)


def test_an_actor_is_linked_once_per_section(pipeline_result):
    checked = 0
    for page in pipeline_result.pages:
        if not page.path.startswith("sources/") or page.path.endswith("index.md"):
            continue
        for section in _sections(page.markdown):
            linked = re.findall(r'<a class="mention" href="[^"]*" data-actor="([^"]+)"', section)
            assert len(linked) == len(set(linked)), f"{page.path}: an actor is linked twice in one section"
            checked += len(linked)
    assert checked, "no source page links any actor"


def test_every_section_links_its_actors_first_mention(pipeline_result):
    """Linking once must not mean never: an actor named outside a dash compound
    in a section is linked in that section."""
    corpus = pipeline_result.corpus
    by_id = {p.passage.id: p for p in corpus.passages}
    for source in corpus.sources:
        page = next(p for p in pipeline_result.pages if p.path == f"sources/{source.id}.md")
        sections = _sections(page.markdown)
        index, expected = 0, [set()]
        for part in source.body:
            if part.heading:
                expected.append(set())
                continue
            item = by_id[part.passage.id]
            expected[-1] |= {m.actor_id for m in item.mentions
                             if not _in_compound(item.passage.text, m.start, m.end)}
        for index, actors in enumerate(expected):
            linked = set(re.findall(r'data-actor="([^"]+)"', sections[index])) if index < len(sections) else set()
            assert actors == linked, f"{source.id}, section {index}: not linked {actors - linked}"


@pytest.mark.parametrize("text, start, end, compound", [
    ("the Iran–Iraq War began", 4, 8, True),      # "Iran" before an en dash
    ("the Iran–Iraq War began", 9, 13, True),     # "Iraq" after it
    ("Iraq-Russia relations", 0, 4, True),
    ("Iran and Iraq met", 0, 4, False),
    ("Iraq – a state", 0, 4, False),               # a spaced dash is punctuation, not a compound
])
def test_dash_compounds(text, start, end, compound):
    assert _in_compound(text, start, end) is compound


# --- evidence back to claims ----------------------------------------------------------------


def test_every_cited_paragraph_links_to_its_events(built_site, pipeline_result):
    corpus = pipeline_result.corpus
    cited = [(e, c) for e in corpus.events for c in e.citations if c.passage_id]
    assert cited, "no event cites a passage"
    pages = {}
    for event, citation in cited:
        source_id, anchor = citation.passage_id.split("/")
        markup = pages.setdefault(source_id, (built_site.site / "sources" / f"{source_id}.html").read_text("utf-8"))
        match = re.search(rf'id="{anchor}".*?</(?:div|li)>\s*(?=<(?:div|li|ul|h\d|/ul)|$)', markup, re.S)
        assert match, f"{citation.passage_id} is not on its source page"
        assert f'href="../events/{event.id}.html"' in match.group(0), \
            f"{citation.passage_id} does not link back to {event.id}"
        if event.disputed:
            assert f'href="../contested.html#{event.id}"' in match.group(0)


# --- no machinery ---------------------------------------------------------------------------


def test_no_catalog_id_in_reading_text(built_site, pipeline_result):
    ids = [s.id for s in pipeline_result.corpus.sources]
    for folder in ("events", "periods", "actors"):
        for path in (built_site.site / folder).glob("*.html"):
            text = _visible(path.read_text("utf-8"))
            found = [i for i in ids if re.search(rf"(?<![\w/-]){re.escape(i)}(?![\w-])", text)]
            assert not found, f"{folder}/{path.name} shows catalog ids {found}"


def test_counts_agree_with_their_nouns(built_site):
    wrong = re.compile(r"(?<![\d,.])1 (passages|events|sources|words|lines|actors|periods|claims|items)\b")
    for path in built_site.site.rglob("*.html"):
        text = _visible(path.read_text("utf-8"))
        match = wrong.search(text)
        assert not match, f"{path.relative_to(built_site.site)}: “{match.group(0)}”"


def test_citations_name_the_version_not_the_commit(built_site, pipeline_result):
    build = pipeline_result.corpus.build
    for path in list(built_site.site.glob("*.html"))[:5] + list((built_site.site / "events").glob("*.html"))[:5]:
        markup = path.read_text("utf-8")
        citation = re.search(r'<aside class="page-citation".*?</aside>', markup, re.S)
        if citation is None:
            continue
        assert f"version {build.version}" in citation.group(0)
        if build.commit != build.version:
            assert build.commit not in citation.group(0), f"{path.name}: the commit hash is in the citation"


def test_event_pages_show_edtf_only_in_a_disclosure(built_site, pipeline_result):
    for event in pipeline_result.corpus.events[:20]:
        text = _visible((built_site.site / "events" / f"{event.id}.html").read_text("utf-8"))
        assert "EDTF" not in text, f"{event.id}: EDTF in the reading text"


# --- pagination -----------------------------------------------------------------------------


def test_long_lists_are_split_without_losing_anything(pipeline_result, monkeypatch):
    corpus = pipeline_result.corpus
    if len(corpus.events) < 3:
        pytest.fail("the corpus needs three events for this test", pytrace=False)
    size = max(1, len(corpus.events) // 3)
    monkeypatch.setitem(page_module.PAGE_SIZE, "events", size)
    ctx = page_module.Context(corpus)
    pages = page_module.events_index(ctx)
    assert len(pages) == -(-len(corpus.events) // size)
    assert pages[0].path == "events/index.md"
    shown = [m for p in pages for m in re.findall(r'href="(?:\.\./)*(?:events/)?([^"/]+)\.html">', p.markdown)
             if m in {e.id for e in corpus.events}]
    assert shown == [e.id for e in corpus.events], "the pages do not list every event once, in order"
    for page in pages:   # each page links to all the others
        for other in pages:
            if other is not page:
                name = other.path.rsplit("/", 1)[-1].replace(".md", ".html")
                assert name in page.markdown, f"{page.path} does not link to {other.path}"


def test_long_lists_of_an_actor_continue_on_further_pages(pipeline_result, monkeypatch):
    """An actor's passages and events, one per part: every part lists one,
    all parts together list them all in order, and each part links to all."""
    corpus = pipeline_result.corpus
    ctx = page_module.Context(corpus)
    actor = max(corpus.actors, key=lambda a: len(ctx.passages_of_actor.get(a.id, [])))
    mentions = ctx.passages_of_actor.get(actor.id, [])
    events = ctx.events_of_actor.get(actor.id, [])
    if len(mentions) < 2:
        pytest.fail("no actor is named in two passages", pytrace=False)
    monkeypatch.setitem(page_module.PAGE_SIZE, "concordance", 1)
    monkeypatch.setitem(page_module.PAGE_SIZE, "events", 1)
    pages = page_module.actor_page(ctx, actor)
    main = pages[0]
    passage_pages = [main] + [p for p in pages if "-passages-" in p.path]
    event_pages = [main] + [p for p in pages if "-events-" in p.path]
    assert len(passage_pages) == len(mentions)
    assert len(event_pages) == max(1, len(events))
    assert len(pages) == len(passage_pages) + len(event_pages) - 1
    shown = [re.findall(r'<ul class="concordance">(.*?)</ul>', p.markdown, re.S)[0] for p in passage_pages]
    anchors = [re.findall(r'#(p\d+)"', chunk) for chunk in shown]
    assert anchors == [[m.passage.anchor] for m in mentions]
    for page in passage_pages[1:]:
        for other in passage_pages:
            if other is not page:
                assert other.path.rsplit("/", 1)[-1].replace(".md", ".html") in page.markdown, \
                    f"{page.path} does not link to {other.path}"


def test_pagination_at_scale_keeps_the_first_view_small(pipeline_result):
    """A thousand times the events still give an events index of at most
    PAGE_SIZE rows (the first view stays bounded whatever the corpus)."""
    corpus = pipeline_result.corpus
    if not corpus.events:
        pytest.fail("no events", pytrace=False)
    many = tuple(replace(e, id=f"{e.id}-{n}") for n in range(20) for e in corpus.events)
    ctx = page_module.Context(replace(corpus, events=many))
    pages = page_module.events_index(ctx)
    limit = page_module.PAGE_SIZE["events"]
    assert all(p.markdown.count("<tr>") - 1 <= limit for p in pages)
    assert sum(p.markdown.count("<tr>") - 1 for p in pages) == len(many)



def test_names_in_other_scripts_are_labelled_as_the_editors(pipeline_result):
    """Native-script names are the editors' linking aids, not statements of
    the texts (issue 10: no outside fact unmarked): shown apart from the
    spellings, with the label that says so."""
    pages = {p.path: p.markdown for p in pipeline_result.pages}
    shown = 0
    for actor in pipeline_result.corpus.actors:
        markdown = pages[f"actors/{actor.id}.md"]
        also = re.search(r"<strong>Also written:</strong>(.*?)</p>", markdown, re.S)
        other = re.search(r"<strong>In other scripts:</strong>(.*?)</p>", markdown, re.S)
        for _lang, text in actor.native_names:
            assert other and html.escape(text) in other.group(1), f"{actor.id}: {text} not under 'In other scripts'"
            assert "supplied by the editors" in other.group(1)
            assert not also or html.escape(text) not in also.group(1), f"{actor.id}: {text} shown as a spelling"
            shown += 1
    if not any(a.native_names for a in pipeline_result.corpus.actors):
        pytest.skip("no actor of this corpus has a name in another script")
    assert shown


# --- assets of one kind of page ------------------------------------------------------------

_ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def _page_assets(markup: str) -> set[str]:
    return {path.rsplit("/", 1)[-1] for path in _ASSET.findall(markup)}


def test_the_timeline_assets_load_only_where_a_page_asks_for_them(built_site):
    """Every page but the timeline is spared the timeline's script and styles."""
    timeline = (built_site.site / "timeline.html").read_text("utf-8")
    assert {"timeline.js", "timeline.css"} <= _page_assets(timeline)
    for path in built_site.site.rglob("*.html"):
        if path.name == "timeline.html" or "pagefind" in path.parts:
            continue
        assert not {"timeline.js", "timeline.css"} & _page_assets(path.read_text("utf-8")), path


def test_front_matter_can_name_only_the_assets_of_the_table(tmp_path):
    """A hand-written page's front matter (untrusted) can ask for the assets
    mkdocs.yml lists under extra.page_assets, and nothing else: a path, a
    mapping, a list or a single name in its place fails the build at the
    line (scripts/docsource.py); a list of known names loads them."""
    from tests.helpers import knowledge_copy

    root = knowledge_copy(tmp_path)
    about = root / "docs/about/index.md"
    text = about.read_text("utf-8")
    about.write_text(text.replace("---\ntitle:", '---\nassets: ["../../q9outside.js", {src: q9evil.js}, [timeline], '
                                  '"<img src=x onerror=alert(1)>", "&lt;script&gt;", "time\\nline", '
                                  'timeline, "timeline.js"]\ntitle:', 1), "utf-8")
    guide = root / "docs/contributing.md"          # one name, not a list
    guide.write_text(guide.read_text("utf-8").replace("---\n", "---\nassets: timeline\n", 1), "utf-8")
    refused = mkdocs_build(root, tmp_path / "refused", env=subprocess_env())
    assert refused.returncode != 0
    assert "docs/about/index.md:2: assets: must be a list of some of:" in refused.stderr, refused.describe()
    assert "docs/contributing.md:2: assets: must be a list of some of:" in refused.stderr, refused.describe()
    assert "Traceback" not in refused.output
    about.write_text(text.replace("---\ntitle:", "---\nassets: [timeline]\ntitle:", 1), "utf-8")
    guide.write_text(guide.read_text("utf-8").replace("assets: timeline\n", "assets: [timeline]\n", 1), "utf-8")
    built = mkdocs_build(root, tmp_path / "site", env=subprocess_env())
    assert built.returncode == 0, built.describe()
    home = _page_assets((tmp_path / "site/index.html").read_text("utf-8"))
    for path in ("about/index.html", "contributing.html"):
        page = (tmp_path / "site" / path).read_text("utf-8")
        assert _page_assets(page) - home == {"timeline.js", "timeline.css"}, path
