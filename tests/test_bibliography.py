"""The "Further reading" page (scripts/renderer/bibliography.py) on the
fixture project: it lists every source and every work the editors' notes
cite, each under at least one period (or "Across periods"), and says what
each is cited for with links that resolve. Holds for any corpus."""

from __future__ import annotations

import html
import re

from scripts.buildinfo import build_info
from scripts.paths import ProjectPaths
from scripts.pipeline import run
from scripts.renderer.citation import chicago_source
from scripts.renderer.html import esc


def test_every_source_and_every_reference_is_listed_with_what_it_is_cited_for(fixture_project):
    result = run(ProjectPaths(fixture_project), build_info(fixture_project))
    corpus = result.corpus
    page = next(p for p in result.pages if p.path == "bibliography.md").markdown
    items = re.findall(r'<li class="bibliography-item[^"]*">(.*?)</li>', page)
    assert items
    for source in corpus.sources:
        assert chicago_source(source.entry) in page
    for note in corpus.notes:
        for reference in note.references:
            # As the method page shows it: escaped, *italics* in <em>.
            assert re.sub(r"\*([^*]*)\*", r"<em>\1</em>", esc(reference)) in page, reference
    # Every item says what it is cited for, and every note it names exists.
    numbers = {n.number for n in corpus.notes}
    for item in items:
        assert "Cited for: " in item
        for number in re.findall(r'#note-(\d+)">note (\d+)</a>', item):
            assert int(number[0]) == int(number[1]) and int(number[0]) in numbers
    # Each heading is a period of the corpus (or the catch-all), in the corpus' order.
    titles = [p.title for p in corpus.periods]
    headings = [html.unescape(h).replace("\\", "") for h in re.findall(r"^## (.+)$", page, re.M)]
    assert all(h in titles or h == "Across periods" for h in headings)
    assert [h for h in headings if h in titles] == [t for t in titles if t in headings]
