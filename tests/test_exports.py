"""The data contract: data/*.json and data/*.csv of the built site (and the
pipeline's records) against the published JSON Schemas, against each other,
against the HTML pages and against the raw texts."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.helpers import ROOT, raw_lines, sha256_bytes
from tests.integrity import parse_page

#: Every test here builds the site with MkDocs (or uses the session build).
pytestmark = pytest.mark.slow

SCHEMA_DIR = ROOT / "scripts" / "schemas" / "exports"
EXPORTS = ("sources", "passages", "actors", "events", "periods", "glossary", "notes", "places", "claims", "disputes")
BULLET_MARK = re.compile(r"^[-*•]\s+")


def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def registry() -> Registry:
    """Every export schema under its file name, so dataset.schema.json's
    ``{"$ref": "sources.schema.json"}`` resolves."""
    return Registry().with_resources(
        (path.name, DRAFT202012.create_resource(json.loads(path.read_text("utf-8"))))
        for path in sorted(SCHEMA_DIR.glob("*.schema.json")))


def _errors(instance, name: str, registry: Registry) -> list[str]:
    validator = Draft202012Validator(_schema(name), registry=registry)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)][:20]


@pytest.fixture(scope="module")
def data(built_site) -> dict:
    return {name: json.loads((built_site.data / f"{name}.json").read_text("utf-8")) for name in EXPORTS}


def test_schemas_are_valid_draft_2020_12():
    names = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    assert names == sorted([f"{n}.schema.json" for n in EXPORTS] + ["dataset.schema.json", "search-terms.schema.json"])
    for name in names:
        Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text("utf-8")))


def test_the_validator_rejects_a_bad_record(registry):
    """The schema checks below can fail: a passage without text and with a
    string number is rejected."""
    bad = [{"id": "x/p1", "source": "x", "number": "1", "anchor": "sources/x.html#p1", "kind": "paragraph",
            "heading": None, "lines": [1], "actors": [], "events": [], "years": [], "scoped": [], "pins": []}]
    assert len(_errors(bad, "passages", registry)) == 2


@pytest.mark.parametrize("name", EXPORTS)
def test_site_export_validates_against_its_schema(data, registry, name):
    assert data[name] or name in ("glossary", "notes"), f"data/{name}.json is empty"
    assert _errors(data[name], name, registry) == []


@pytest.mark.parametrize("name", EXPORTS)
def test_pipeline_records_validate_and_equal_the_site_files(pipeline_result, data, registry, name):
    from scripts.stages.export import records

    produced = records(pipeline_result.corpus)[name]
    assert _errors(produced, name, registry) == []
    assert produced == data[name]


def test_search_terms_validate_and_hold_the_portal_names(built_site, data, registry):
    """data/search-terms.json (the search's vocabulary for corrections)
    validates, and holds every actor's name and alias and every period
    title, and each word of them."""
    terms = json.loads((built_site.data / "search-terms.json").read_text("utf-8"))
    assert _errors(terms, "search-terms", registry) == []
    assert _errors({"names": [], "stop_words": [], "words": {"x": 0}}, "search-terms", registry)
    names = set(terms["names"])
    for actor in data["actors"]:
        assert {actor["name"], *actor["aliases"]} <= names, actor["id"]
    assert {p["title"] for p in data["periods"]} <= names
    for name in names:
        for word in name.replace("–", " ").replace("-", " ").split():
            word = word.strip(".,;:()[]\"“”")
            if word.isalpha():
                assert word in terms["words"], (name, word)
    assert {"why", "did", "the"} <= set(terms["stop_words"])


def test_whole_dataset_validates_with_refs(built_site, data, registry):
    dataset = json.loads((built_site.data / "iraq-russia-portal.json").read_text("utf-8"))
    assert _errors(dataset, "dataset", registry) == []
    for name in EXPORTS:
        assert dataset[name] == data[name], name
    broken = dict(dataset, sources=[{"id": 1}])
    assert _errors(broken, "dataset", registry), "the $ref to sources.schema.json is not followed"


def test_published_schemas_are_the_ones_validated_against(built_site):
    for path in SCHEMA_DIR.glob("*.schema.json"):
        assert (built_site.data / "schemas" / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("name", EXPORTS)
def test_csv_has_one_row_per_json_record(built_site, data, name):
    text = (built_site.data / f"{name}.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(data[name])
    if data[name]:
        assert set(rows[0]) == set(data[name][0])
        key = "term" if name == "glossary" else "id"
        assert [r[key] for r in rows] == [record[key] for record in data[name]]


# --- passages against pages and raw texts ------------------------------------------------------


def test_every_passage_anchor_resolves_to_an_element_id(built_site, data):
    ids_of: dict = {}
    checked = 0
    for passage in data["passages"]:
        page, _, fragment = passage["anchor"].partition("#")
        assert page == f"sources/{passage['source']}.html"
        assert fragment == f"p{passage['number']}"
        if page not in ids_of:
            assert (built_site.site / page).is_file(), page
            ids_of[page] = parse_page(built_site.site / page).ids
        assert fragment in ids_of[page], passage["anchor"]
        checked += 1
    assert checked == len(data["passages"]) > 0


def test_passage_ids_and_numbers_are_contiguous_per_source(data):
    by_source: dict = {}
    for passage in data["passages"]:
        assert passage["id"] == f"{passage['source']}/p{passage['number']}"
        by_source.setdefault(passage["source"], []).append(passage["number"])
    assert {s["id"] for s in data["sources"]} == set(by_source)
    for source in data["sources"]:
        numbers = by_source[source["id"]]
        assert numbers == list(range(1, len(numbers) + 1))
        assert source["passages"] == len(numbers)


def test_source_records_match_the_raw_files(built_site, data):
    for source in data["sources"]:
        raw = (built_site.root / source["file"]).read_bytes()
        assert sha256_bytes(raw) == source["sha256"], source["file"]


def test_passage_text_equals_its_raw_lines(built_site, data):
    """A text's passage is its raw lines; a TEI document's (below) is one <p>."""
    files = {s["id"]: built_site.root / s["file"] for s in data["sources"] if not s["file"].endswith(".xml")}
    lines_of = {source_id: raw_lines(path) for source_id, path in files.items()}
    mismatches = []
    for passage in data["passages"]:
        if passage["source"] not in files:
            continue
        lines = lines_of[passage["source"]]
        assert passage["lines"] == sorted(passage["lines"]) and passage["lines"], passage["id"]
        parts = [lines[n - 1].strip() for n in passage["lines"]]
        if passage["kind"] == "list-item":
            parts[0] = BULLET_MARK.sub("", parts[0])
        expected = " ".join(parts)
        if passage["text"] != expected:
            mismatches.append(f"{passage['id']}: {passage['text'][:60]!r} != {expected[:60]!r}")
    assert mismatches == []


def test_document_passage_text_is_the_words_of_its_paragraph(built_site, data):
    """A TEI document's passage ¶N is the Nth body <p> of the raw file, its
    words in order, without the edition's footnotes (shown as footnotes)."""
    from lxml import etree

    documents = {s["id"]: built_site.root / s["file"] for s in data["sources"] if s["file"].endswith(".xml")}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    body_words = {}
    for source_id, path in documents.items():
        root = etree.fromstring(path.read_bytes(), parser)
        paragraphs = []
        for p in root.iter("{http://www.tei-c.org/ns/1.0}p"):
            if any(etree.QName(a).localname == "note" for a in p.iterancestors()):
                continue
            words = " ".join("".join(_text_without_notes(p)).split())
            if words:
                paragraphs.append(words)
        body_words[source_id] = paragraphs
    mismatches = []
    for passage in data["passages"]:
        if passage["source"] in documents:
            number = int(passage["id"].rsplit("/p", 1)[1])
            expected = body_words[passage["source"]][number - 1]
            if " ".join(passage["text"].split()) != expected:
                mismatches.append(f"{passage['id']}: {passage['text'][:60]!r} != {expected[:60]!r}")
    assert mismatches == []

def _text_without_notes(element):
    """The text of *element* in reading order, skipping <note> elements but
    not the words that follow them."""
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str) and child.tag.endswith("}lb"):
            yield " "                   # a line break separates words
        elif isinstance(child.tag, str) and not child.tag.endswith("}note"):
            yield from _text_without_notes(child)
        yield child.tail or ""

def test_every_export_id_is_unique(data):
    for name in ("sources", "passages", "actors", "events", "periods"):
        ids = [record["id"] for record in data[name]]
        assert len(ids) == len(set(ids)), name
    terms = [t["term"] for t in data["glossary"]]
    assert len(terms) == len(set(terms))


def test_cross_references_between_exports(data):
    passages = {p["id"]: p for p in data["passages"]}
    actors = {a["id"] for a in data["actors"]}
    periods = {p["id"] for p in data["periods"]}
    for event in data["events"]:
        assert event["period"] in periods, event["id"]
        assert set(event["actors"]) <= actors, event["id"]
        for citation in event["citations"]:
            assert event["id"] in passages[citation["passage"]]["events"]
            assert citation["url"].startswith(f"sources/{citation['source']}.html#p")
    for passage in data["passages"]:
        assert set(passage["actors"]) <= actors, passage["id"]
    for period in data["periods"]:
        assert sorted(period["events"]) == sorted(e["id"] for e in data["events"] if e["period"] == period["id"])


# --- the claims model (issue 10) ----------------------------------------------------------------


def _sentences(text: str) -> int:
    from scripts.claims.references import sentences
    return len(sentences(text)[0])


def test_summary_support_matches_the_sentences_and_resolves(pipeline_result, data):
    """One entry per sentence of the editors' prose; every reference exists."""
    # A document's dateline is cited as a passage is (sources.json gives it).
    passages = {p["id"] for p in data["passages"]} | {s["dateline"]["id"] for s in data["sources"] if s["dateline"]}
    notes = {n["id"] for n in data["notes"]}
    by_id = {(kind, item.id): item for kind, items in (("events", pipeline_result.corpus.events),
                                                      ("periods", pipeline_result.corpus.periods),
                                                      ("actors", pipeline_result.corpus.actors)) for item in items}
    checked = 0
    for name in ("events", "periods", "actors"):
        for record in data[name]:
            source = by_id[(name, record["id"])]
            assert len(record["summary_support"]) == _sentences(source.summary), record["id"]
            assert "[[" not in record["summary"], record["id"]
            for refs in record["summary_support"]:
                for ref in refs:
                    assert ref in passages or (ref.startswith("note:") and ref[5:] in notes), (record["id"], ref)
            checked += 1
    assert checked > 0


def test_disputed_events_carry_readings_held_by_cited_sources(data):
    for event in data["events"]:
        cited = {c["source"] for c in event["citations"]}
        if event["disputed"]:
            assert event["dispute_kind"] in ("date", "quantity", "attribution", "interpretation"), event["id"]
            assert len(event["readings"]) >= 2, event["id"]
            for reading in event["readings"]:
                assert reading["sources"] and set(reading["sources"]) <= cited, event["id"]
        else:
            assert event["dispute_kind"] is None and event["readings"] == [], event["id"]


def test_event_dates_claim_no_more_than_their_citations_state(data):
    """Recomputed from the export alone: the parts of each event's date whose
    value no citation states exist only where the event says `inferred`."""
    from scripts.claims.precision import unstated_values
    from scripts.dates import overlap, statement

    for event in data["events"]:
        stated = statement(event["date"])
        says = [statement(c["says"]["date"]) for c in event["citations"]]
        assert any(overlap(stated, s) for s in says), f"{event['id']}: its date agrees with no citation"
        if any(unstated_values(stated, says)):
            assert event["inferred"] and event["inferred"]["reason"] and event["inferred"]["passages"], event["id"]
        else:
            assert event["inferred"] is None, event["id"]


def test_computed_disagreements_are_disputes(data):
    """Recomputed from the exports alone: citations without a claim key that
    disagree inside an event make it disputed (of that kind); every keyed
    statement that disagrees with another of its key is in a reading of a
    computed dispute in disputes.json, which every event it is cited by points to."""
    from scripts.claims.disputes import disagreements
    from scripts.claims.quantities import Quantity
    from scripts.dates import overlap, statement

    claims = {c["id"]: c for c in data["claims"]}
    disputes = {d["id"]: d for d in data["disputes"]}
    for event in data["events"]:
        unkeyed = [claims[i] for i in event["claims"] if claims[i]["key"] is None]
        dates = [statement(c["says"]["date"]) for c in unkeyed]
        quantities = [tuple(Quantity(q["what"], q["min"], q["max"], q["unit"], approximate=q["approximate"],
                                     magnitude=q["magnitude"]) for q in c["says"]["quantities"]) for c in unkeyed]
        kinds = {d.kind for d in disagreements(dates, quantities)}
        if kinds:
            assert event["disputed"] and event["dispute_kind"] in kinds, event["id"]
        if event["dispute_kind"] in ("date", "quantity"):
            assert event["dispute_kind"] in kinds, f"{event['id']}: the readings are compatible"
        for dispute_id in event["disputes"]:
            assert event["id"] in disputes[dispute_id]["events"], (event["id"], dispute_id)
    keyed: dict = {}
    for claim in data["claims"]:
        if claim["key"] is not None:
            keyed.setdefault((claim["key"]["subject"], claim["key"]["predicate"], claim["key"]["object"]), []).append(claim)
    in_readings = {c for d in disputes.values() if d["computed"] and d["key"] for r in d["readings"] for c in r["claims"]}
    for statements in keyed.values():
        for a in statements:
            for b in statements:
                da, db = statement(a["says"]["date"]), statement(b["says"]["date"])
                if da.components and db.components and not overlap(da, db):
                    assert a["id"] in in_readings and b["id"] in in_readings, (a["id"], b["id"])


def test_claims_and_disputes_hold_together(data):
    """Every reading's claims exist, are of the dispute's events, and are held by their sources."""
    claims = {c["id"]: c for c in data["claims"]}
    events = {e["id"]: e for e in data["events"]}
    for dispute in data["disputes"]:
        assert len(dispute["readings"]) >= 2, dispute["id"]
        for reading in dispute["readings"]:
            assert reading["claims"], (dispute["id"], reading["label"])
            for claim_id in reading["claims"]:
                assert claims[claim_id]["event"] in dispute["events"], (dispute["id"], claim_id)
            assert {h["source"] for h in reading["holders"]} == {claims[c]["source"] for c in reading["claims"]}
        for event_id in dispute["events"]:
            assert dispute["id"] in events[event_id]["disputes"], (dispute["id"], event_id)


def test_periods_open_with_their_event(data):
    events = {e["id"]: e for e in data["events"]}
    for period in data["periods"]:
        assert period["opened_by"] in events, period["id"]
        assert events[period["opened_by"]]["date"] == period["start_edtf"], period["id"]
        assert events[period["opened_by"]]["period"] == period["id"], period["id"]


def test_notes_are_numbered_in_order_and_rest_on_something(data):
    passages = {p["id"] for p in data["passages"]}
    assert [n["number"] for n in data["notes"]] == list(range(1, len(data["notes"]) + 1))
    for note in data["notes"]:
        assert note["references"] or note["passages"], note["id"]
        assert set(note["passages"]) <= passages, note["id"]
        kind, _, target = note["target"].partition(":")
        assert kind in ("passage", "event", "actor", "period", "source", "glossary") and target, note["id"]


# --- citation downloads (scripts/csl.py) ------------------------------------------------------


def _citation_files(built_site) -> dict[str, list]:
    cite = built_site.data / "cite"
    return {kind: sorted((cite / kind).glob("*.csl.json")) for kind in ("sources", "passages", "events", "periods")}


def test_every_citable_thing_has_its_citation_files(built_site, data):
    files = _citation_files(built_site)
    ids = {"sources": {s["id"] for s in data["sources"]}, "passages": {s["id"] for s in data["sources"]},
           "events": {e["id"] for e in data["events"]}, "periods": {p["id"] for p in data["periods"]}}
    for kind, paths in files.items():
        assert {p.name[: -len(".csl.json")] for p in paths} == ids[kind], kind
        for path in paths:
            stem = path.name[: -len(".csl.json")]
            assert (path.parent / f"{stem}.ris").is_file() and (path.parent / f"{stem}.bib").is_file()


def test_citation_files_hold_the_same_records_in_every_format(built_site, data):
    """CSL-JSON read by citeproc-py, RIS by rispy, BibTeX by bibtexparser:
    the same records, in the same order, with the same titles."""
    import bibtexparser
    import rispy
    from bibtexparser.middlewares import LatexDecodingMiddleware
    from citeproc.source.json import CiteProcJSON

    passages_of = {}
    for p in data["passages"]:
        passages_of.setdefault(p["source"], []).append(p["id"])
    events_of = {p["id"]: p["events"] for p in data["periods"]}
    for kind, paths in _citation_files(built_site).items():
        for path in paths:
            stem = path.name[: -len(".csl.json")]
            records = json.loads(path.read_text("utf-8"))
            assert list(CiteProcJSON(records)) == [r["id"].lower() for r in records]
            ris = rispy.loads((path.parent / f"{stem}.ris").read_text("utf-8"))
            bib = bibtexparser.parse_string((path.parent / f"{stem}.bib").read_text("utf-8"),
                                            append_middleware=[LatexDecodingMiddleware()])
            assert not bib.failed_blocks
            assert [r["id"] for r in ris] == [r["id"] for r in records]
            assert [r["title"] for r in ris] == [" ".join(r["title"].split()) for r in records]
            assert len(bib.entries) == len(records)
            expected = ([stem] if kind == "sources" else passages_of.get(stem, []) if kind == "passages"
                        else [f"event-{stem}"] if kind == "events"
                        else [f"period-{stem}"] + [f"event-{e}" for e in events_of[stem]])
            assert sorted(r["id"] for r in records) == sorted(expected), path


def test_each_paragraph_has_its_own_citation_files_holding_its_record(built_site, data):
    import rispy
    cite = built_site.data / "cite" / "passages"
    for passage in data["passages"]:
        source, number = passage["id"].rsplit("/", 1)
        collection = {r["id"]: r for r in json.loads((cite / f"{source}.csl.json").read_text("utf-8"))}
        one = json.loads((cite / source / f"{number}.csl.json").read_text("utf-8"))
        assert one == [collection[passage["id"]]], passage["id"]
        (ris,) = rispy.loads((cite / source / f"{number}.ris").read_text("utf-8"))
        assert ris["id"] == passage["id"] and ris["urls"][0].endswith(passage["anchor"])
        assert (cite / source / f"{number}.bib").read_text("utf-8").startswith("@")


def test_whole_collections_hold_every_source_and_every_event(built_site, data):
    import rispy

    cite = built_site.data / "cite" / "all"
    for name, ids in (("sources", [s["id"] for s in data["sources"]]),
                      ("events", [f"event-{e['id']}" for e in data["events"]])):
        records = json.loads((cite / f"{name}.csl.json").read_text("utf-8"))
        assert sorted(r["id"] for r in records) == sorted(ids)
        assert sorted(r["id"] for r in rispy.loads((cite / f"{name}.ris").read_text("utf-8"))) == sorted(ids)
    downloads = (built_site.site / "downloads.html").read_text("utf-8")
    for name in ("sources", "events"):
        for extension in ("csl.json", "ris", "bib"):
            assert f'href="data/cite/all/{name}.{extension}"' in downloads


def test_pages_link_their_citation_files_and_carry_highwire_tags(built_site, data):
    dated = next(s for s in data["sources"] if s["published"])       # an undated source has no date tag
    for kind, folder, collection, item in (("source", "sources", "sources", dated),
                                           ("event", "events", "events", data["events"][0]),
                                           ("period", "periods", "periods", data["periods"][0])):
        html = (built_site.site / folder / f"{item['id']}.html").read_text("utf-8")
        for extension in ("ris", "csl.json", "bib"):
            href = f'href="../data/cite/{collection}/{item["id"]}.{extension}"'
            assert href in html, (kind, extension)
        from html.parser import HTMLParser

        tags: dict = {}

        class Meta(HTMLParser):
            def handle_starttag(self, tag, attrs):
                attributes = dict(attrs)
                if tag == "meta" and (attributes.get("name") or "").startswith("citation_"):
                    tags.setdefault(attributes["name"], []).append(attributes["content"])

        Meta().feed(html.split("</head>")[0])
        assert tags["citation_title"] == [item["title"]], kind
        assert tags["citation_public_url"][0].endswith(f"{folder}/{item['id']}.html")
        assert "citation_publication_date" in tags, kind


def _cite_this_page_text(html: str) -> str:
    from html.parser import HTMLParser

    found: list = []

    class Aside(HTMLParser):
        depth = 0

        def handle_starttag(self, tag, attrs):
            if tag == "p" and ("class", "citation") in attrs:
                self.depth = 1

        def handle_endtag(self, tag):
            if tag == "p":
                self.depth = 0

        def handle_data(self, text):
            if self.depth:
                found.append(text)

    Aside().feed(html.split('class="page-citation"', 1)[1])
    return " ".join("".join(found).split())


def test_cite_this_page_is_the_citation_record_formatted_by_citeproc(built_site, data):
    # The record parsed back from the page's CSL-JSON download, formatted
    # by citeproc-py (Chicago), is the entry under "Cite this page"; the
    # publisher is left out (it is the portal, already named twice).
    from scripts import csl
    for folder, item in (("events", data["events"][0]), ("periods", data["periods"][-1])):
        record = json.loads((built_site.site / f"data/cite/{folder}/{item['id']}.csl.json").read_text("utf-8"))[0]
        record.pop("publisher")
        expected = " ".join(csl.chicago_text(record).split())
        html = (built_site.site / folder / f"{item['id']}.html").read_text("utf-8")
        assert _cite_this_page_text(html) == expected, folder
        assert f'<a href="{record["URL"]}">' in html.split('class="page-citation"', 1)[1]


def test_cite_this_page_escapes_what_the_sources_give():
    from datetime import date
    from types import SimpleNamespace

    from scripts import csl
    from scripts.renderer.citation import page_citation_html

    build = SimpleNamespace(version="1.0", date=date(2026, 12, 7))
    entry = page_citation_html(csl.page_record("x", "<img src=x onerror=alert(1)> &lt;script&gt;",
                                               "https://example.org/a?b=1&c=2", build))
    assert "<img" not in entry and "&lt;img " in entry and "alert(1)&gt;" in entry   # Chicago title-cases the words
    assert "&amp;lt;script&amp;gt;" in entry
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in entry


def test_each_period_has_a_dossier_with_its_events_quotes_notes_and_references(built_site, data):
    """The "print this period" dossier holds the period's summary, every
    event of it with the quotations its sources give, the notes attached
    to them, and one reference per cited source; the period page links it."""
    import html as html_module

    notes_of = {}
    for note in data["notes"]:
        notes_of.setdefault(note["target"], []).append(note)
    events = {e["id"]: e for e in data["events"]}
    titles = {s["id"]: s["title"] for s in data["sources"]}
    for period in data["periods"]:
        page = (built_site.site / "dossiers" / f"{period['id']}.html").read_text("utf-8")
        text = html_module.unescape(re.sub(r"<[^>]+>", "", page))
        text = " ".join(text.split())
        assert f'href="../dossiers/{period["id"]}.html"' in \
            (built_site.site / "periods" / f"{period['id']}.html").read_text("utf-8")
        cited = set()
        for event_id in period["events"]:
            event = events[event_id]
            assert f'id="{event_id}"' in page
            assert " ".join(event["title"].split()) in text
            for citation in event["citations"]:
                assert " ".join(citation["quote"].split())[:60] in text, (period["id"], event_id)
                cited.add(citation["source"])
            for note in notes_of.get(f"event:{event_id}", []):
                assert f"Note {note['number']}" in text, (event_id, note["id"])
        references = page.split('class="dossier-references"')[1]
        assert references.count("<li>") == len(cited)
        for source_id in cited:
            assert f'href="../sources/{source_id}.html"' in references
            title = (titles[source_id] or "").strip("[]")
            assert " ".join(title.split())[:15].lower() in " ".join(
                html_module.unescape(re.sub(r"<[^>]+>", "", references)).split()).lower()


def test_the_home_page_counts_what_the_exports_hold(built_site, data):
    """The counts on the home page are the number of records readers can
    download: every source, passage, actor, event, period and dispute."""
    home = (built_site.site / "index.html").read_text("utf-8")
    counts = {noun.rstrip("s"): int(number.replace(",", ""))
              for number, noun in re.findall(r'<li><a href="[^"]*"><strong>([\d,]+)</strong> ([a-z ]+?)</a></li>', home)}
    assert counts == {"source": len(data["sources"]), "passage": len(data["passages"]),
                      "actor": len(data["actors"]), "event": len(data["events"]),
                      "period": len(data["periods"]), "contested claim": len(data["disputes"])}


def test_a_catalog_short_name_names_the_source_in_every_reference(project_copy, cli):
    # The editors' short name replaces the one built from author and year,
    # wherever a passage is referred to; a hostile one is text.
    events = sorted((project_copy / "sources/events").glob("*.md"))
    cited = next((path, m.group(1)) for path in events
                 for m in [re.search(r"^\s*- source: ([a-z0-9-]+)$", path.read_text("utf-8"), re.M)] if m)
    event_path, source_id = cited
    catalog = project_copy / f"sources/catalog/{source_id}.yml"
    name = "<img src=x onerror=alert(1)> &lt;b&gt; Blog"
    catalog.write_text(catalog.read_text("utf-8") + f"short_name: {json.dumps(name)}\n", "utf-8")
    result = cli(project_copy, "build", "--out", str(project_copy / "out"))
    assert result.returncode == 0, result.describe()
    body = (project_copy / "out/events" / event_path.name).read_text("utf-8").split("\n---\n", 1)[1]
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;lt;b&amp;gt; Blog, ¶" in body
    assert "<img src=x" not in body
    bad = project_copy / f"sources/catalog/{source_id}.yml"
    bad.write_text(bad.read_text("utf-8").replace(f"short_name: {json.dumps(name)}\n", 'short_name: "two\\nlines"\n'),
                   "utf-8")
    result = cli(project_copy, "check")
    assert result.returncode == 1 and f"sources/catalog/{source_id}.yml" in result.stderr and "short_name" in result.stderr
    assert "Traceback" not in result.stderr
