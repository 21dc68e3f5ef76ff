"""Stage 7, *export*: the public data contract. JSON and CSV files under
``data/`` with a JSON Schema each (``data/schemas/``), and the whole dataset
in one file. Output is byte-stable: keys sorted, lists in a fixed order.

In: the :class:`~scripts.model.Corpus`. Out: :class:`~scripts.model.GeneratedFile` s.
"""

from __future__ import annotations

import csv
import io
import json

from scripts import csl, search_index
from scripts.claims import disputes, keys, references
from scripts.datafiles import CITATION_FORMATS, DATASET, EXPORT_SCHEMAS, EXPORTS, citation_path
from scripts.escaping import csv_cell
from scripts.model import Corpus, GeneratedFile
from scripts.reuse import PlainData, Same, reusable
from scripts.tei import DATELINE, dateline_references
from scripts.urls import url_path

LICENSE_NOTE = ("The curated data (actors, events, periods, glossary) and the site's own text may be reused "
                "with credit to the portal. Source texts remain under their own rights (see each source's "
                "`rights`); quotations are given for research and commentary.")


def support(prose: str) -> list[list[str]]:
    """One entry per sentence of editors' prose: the passage ids and
    ``note:<id>`` references it cites (empty: uncited)."""
    return [list(sentence.refs) for sentence in references.sentences(prose)[0]]


def _says(says) -> dict:
    return {"date": says.date, "quantities": [{"what": q.what, "min": q.min, "max": q.max, "unit": q.unit}
                                              for q in says.quantities]}


def _qualifier(date: str) -> str | None:
    """"after" for an open end (``1994/..``), "before" for an open start."""
    return "after" if date.endswith("/..") else "before" if date.startswith("../") else None


def _claim(event, index: int) -> dict:
    """One citation as a claim: who claims what, about which key, with the words."""
    citation = event.citations[index]
    says = citation.says
    key = keys.parse_key(citation.claim)
    return {
        "id": keys.citation_id(event.id, index), "event": event.id, "source": citation.source_id,
        "passage": citation.passage_id, "quote": citation.quote,
        "key": {"subject": key.subject, "predicate": key.predicate, "object": key.object} if key else None,
        "claimant": citation.claimant, "via": list(citation.via),
        "says": {"date": says.date if says else "XXXX", "qualifier": _qualifier(says.date) if says else None,
                 "quantities": [{"what": q.what, "min": q.min, "max": q.max, "unit": q.unit,
                                 "approximate": q.approximate, "magnitude": q.magnitude}
                                for q in (says.quantities if says else ())]},
        "derived": {"reason": says.derived.reason, "from": list(says.derived.sources)}
        if says and says.derived else None,
    }


def _holders(citations) -> list[dict]:
    return [{"source": c.source_id, "claimant": c.claimant, "via": list(c.via)} for c in citations]


def _event_dispute(event) -> dict:
    """A dispute the editors declared in an event (its readings, their citations)."""
    dispute = event.dispute
    readings = []
    for reading in dispute.readings:
        held = disputes.reading_citations(event, reading)
        readings.append({"label": reading.label, "summary": references.plain(reading.summary),
                         "claims": [keys.citation_id(event.id, i) for i in held],
                         "holders": _holders([event.citations[i] for i in held])})
    return {"id": f"event-{event.id}", "kind": dispute.kind, "key": None, "events": [event.id],
            "readings": readings, "assessment": references.plain(dispute.assessment),
            "computed": dispute.kind in ("date", "quantity")}


def _key_dispute(dispute, assessment: str) -> dict:
    """A disagreement computed across events about one claim key."""
    key = dispute.key
    return {"id": dispute.id, "kind": dispute.kind,
            "key": {"subject": key.subject, "predicate": key.predicate, "object": key.object},
            "events": list(dispute.event_ids),
            "readings": [{"label": r.label, "summary": None, "claims": [s.id for s in r.statements],
                          "holders": _holders([s.citation for s in r.statements])} for r in dispute.readings],
            "assessment": references.plain(assessment) or None, "computed": True}


def _source(s, dateline: str | None = None) -> dict:
    return {
        "id": s.id, "title": s.entry.title,
        "authors": [{"name": a.name, "affiliation": a.affiliation} for a in s.entry.authors],
        "publisher": s.entry.publisher, "venue": s.entry.venue,
        "first_published_in": s.entry.first_published_in, "published": s.entry.published,
        "language": s.entry.language, "kind": s.entry.kind, "rights": s.entry.rights, "url": s.entry.url,
        "editor_supplied": list(s.entry.editor_supplied), "url_path": url_path("source", s.id),
        "file": f"sources/{s.entry.file}", "sha256": s.entry.sha256, "passages": len(s.passages),
        "removed": [{"line": r.line, "text": r.text, "reason": r.reason, "rule": r.rule} for r in s.clean.removed],
        "metadata_lines": [{"line": m.line, "field": m.field, "value": m.value} for m in s.clean.metadata],
        # A document's dateline, citable as "<id>/dateline" like a passage (scripts/tei.py).
        "dateline": {"id": f"{s.id}/{DATELINE}", "text": dateline,
                     "anchor": f"{url_path('source', s.id)}#{DATELINE}"} if dateline else None,
    }


def _passage(p) -> dict:
    return {
        "id": p.passage.id, "source": p.passage.source_id, "number": p.passage.number,
        "anchor": f"{url_path('source', p.passage.source_id)}#{p.passage.anchor}",
        "kind": p.passage.kind, "heading": p.passage.heading, "text": p.passage.text,
        "lines": list(p.passage.lines), "actors": list(p.actor_ids), "events": list(p.events),
        "years": list(p.passage.years),
        "scoped": sorted({m.actor_id for m in p.mentions if m.how == "date"}),
        "pins": [{"words": pin.words, "occurrence": pin.occurrence, "actor": pin.actor_id, "why": pin.why}
                 for pin in p.pins],
    }


def _actor(a, passages: int) -> dict:
    return {
        "id": a.id, "name": a.name, "kind": a.kind, "aliases": list(a.aliases),
        "ambiguous_aliases": list(a.ambiguous_aliases),
        "native_names": [{"lang": lang, "text": text, "note": note} for (lang, text), note
                         in zip(a.native_names, a.native_notes or (None,) * len(a.native_names), strict=True)],
        "exists": a.exists.text if a.exists else None,
        "roles": [{"title": r.title, "when": r.when.text if r.when else None, "source": r.source_id,
                   "passage": r.passage_id} for r in a.roles],
        "summary": references.plain(a.summary), "summary_support": support(a.summary),
        "passages": passages, "url_path": url_path("actor", a.id),
    }


def _event(e, dispute_ids: tuple = ()) -> dict:
    return {
        "id": e.id, "title": e.title, "date": e.date.text, "date_label": e.date.label,
        "start": e.date.start.isoformat(), "end": e.date.end.isoformat(), "period": e.period_id,
        "actors": list(e.actors), "places": list(e.places), "tags": list(e.tags), "summary": references.plain(e.summary),
        "summary_support": support(e.summary), "disputed": e.disputed,
        "dispute_kind": e.dispute.kind if e.dispute else None,
        "dispute_assessment": references.unpinned_text(e.dispute.assessment) if e.dispute else None,
        "readings": [{"label": r.label, "summary": references.plain(r.summary), "sources": list(r.sources)}
                     for r in (e.dispute.readings if e.dispute else ())],
        "inferred": {"reason": references.unpinned_text(e.inferred.reason), "passages": list(e.inferred.passages)} if e.inferred else None,
        "claims": [keys.citation_id(e.id, i) for i in range(len(e.citations))],
        "disputes": list(dispute_ids),
        "citations": [{"source": c.source_id, "passage": c.passage_id, "quote": c.quote,
                       "says": _says(c.says) if c.says else {"date": "XXXX", "quantities": []},
                       "url": url_path("source", c.source_id) + (c.fragment or "")} for c in e.citations],
        "url_path": url_path("event", e.id),
    }


def _period(p, events: tuple) -> dict:
    return {
        "id": p.id, "title": p.title, "start": p.start.start.isoformat(),
        "end": p.end.end.isoformat() if p.end else None, "start_edtf": p.start.text,
        "end_edtf": p.end.text if p.end else None, "opened_by": p.opened_by,
        "summary": references.plain(p.summary), "summary_support": support(p.summary),
        "events": list(events), "url_path": url_path("period", p.id),
    }


def _term(t) -> dict:
    return {"term": t.term, "expansion": t.expansion, "note": references.plain(t.note)}


def _note(n) -> dict:
    return {"id": n.id, "number": n.number, "kind": n.kind, "target": n.target, "text": references.unpinned_text(n.text),
            "references": [_reference(r) for r in n.reference_records], "passages": list(n.passages)}


def _reference(r) -> dict:
    return {"type": r.type, "author": r.author, "title": r.title, "container": r.container, "volume": r.volume,
            "edition": r.edition, "translator": r.translator, "publisher": r.publisher, "year": r.year,
            "date": r.date, "pages": r.pages, "identifier": r.identifier,
            "checked": {"by": r.checked_by, "on": r.checked_on} if r.checked_by else None, "text": r.text}


def _place(a, events: tuple, passages: tuple) -> dict:
    """A place (an actor of kind ``place``) with its coordinates and where
    they come from (scripts/places.py), the events that happened there or
    involve it, and the passages that name it."""
    location = a.place.location if a.place else None
    return {
        "id": a.id, "name": a.name, "kind": a.place.kind if a.place else "place",
        "coordinates": {"lat": location.lat, "lon": location.lon} if location else None,
        "reference": location.reference if location else None,
        "reference_url": location.url if location else None,
        "note": location.note if location else None,
        "events": list(events), "passages": list(passages), "url_path": url_path("actor", a.id),
    }


def record_inputs(corpus: Corpus) -> dict[str, list[tuple]]:
    """For every export, one (record function, its arguments) per record:
    each record is a function of corpus objects (frozen, compared by value)."""
    passages_of_actor: dict = {}
    for item in corpus.passages:
        for actor_id in item.actor_ids:
            passages_of_actor[actor_id] = passages_of_actor.get(actor_id, 0) + 1
    events_of_period: dict = {}
    events_at_place: dict = {}
    for event in corpus.events:
        events_of_period.setdefault(event.period_id, []).append(event.id)
        for place_id in dict.fromkeys((*event.places, *event.actors)):
            events_at_place.setdefault(place_id, []).append(event.id)
    place_ids = {a.id for a in corpus.actors if a.kind == "place"}
    passages_naming: dict = {}
    for item in corpus.passages:
        for actor_id in item.actor_ids:
            if actor_id in place_ids:
                passages_naming.setdefault(actor_id, []).append(item.passage.id)
    assessed = dict(corpus.key_assessments)
    disputes_of: dict = {}
    for event in corpus.events:
        if event.dispute is not None:
            disputes_of[event.id] = (f"event-{event.id}",)
    for dispute in corpus.key_disputes:
        for event_id in dispute.event_ids:
            disputes_of[event_id] = disputes_of.get(event_id, ()) + (dispute.id,)
    datelines = dateline_references(corpus.sources)
    return {"sources": [(_source, s, datelines.get(f"{s.id}/{DATELINE}")) for s in corpus.sources],
            "passages": [(_passage, p) for p in corpus.passages],
            "actors": [(_actor, a, passages_of_actor.get(a.id, 0)) for a in corpus.actors],
            "events": [(_event, e, disputes_of.get(e.id, ())) for e in corpus.events],
            "periods": [(_period, p, tuple(events_of_period.get(p.id, ()))) for p in corpus.periods],
            "glossary": [(_term, t) for t in corpus.glossary],
            "notes": [(_note, n) for n in corpus.notes],
            "places": [(_place, a, tuple(events_at_place.get(a.id, ())), tuple(passages_naming.get(a.id, ())))
                       for a in sorted((a for a in corpus.actors if a.kind == "place"), key=lambda a: a.id)],
            "claims": [(_claim, e, i) for e in corpus.events for i in range(len(e.citations))],
            "disputes": [(_event_dispute, e) for e in corpus.events if e.dispute is not None]
            + [(_key_dispute, d, assessed.get(d.key.text, "")) for d in corpus.key_disputes]}


def records(corpus: Corpus) -> dict[str, list[dict]]:
    """Every export as a list of plain dicts (also used by the tests)."""
    return {name: [function(*args) for function, *args in inputs]
            for name, inputs in record_inputs(corpus).items()}


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


@reusable
def _record_text(function, item: Same, *args) -> tuple[str, str, list]:
    """The record ``function(item, *args)`` as (an element of a JSON list,
    its CSV line, its fields)."""
    record = function(item.value, *args)
    fields = list(record)
    element = " " + json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n ")
    return element, _csv_line(record, fields), fields


def _encode(inputs: list[tuple]) -> tuple[bytes, bytes]:
    """(JSON, CSV) of the records made by *inputs* (see
    :func:`record_inputs`): the JSON is ``_json(rows)``; the CSV is flat
    (lists joined with "; ", nested objects as compact JSON, formula-leading
    cells neutralized: :func:`_csv_line`), empty without records. With
    ``indent=1`` an element of a list is its own encoding with one more
    space after each newline (JSON strings escape their newlines).

    Each record's text is reusable by the corpus object it is made of, by
    identity (scripts/reuse.py: under ``mkdocs serve`` an unchanged corpus
    object is the last run's very object, :func:`scripts.reuse.settled`),
    and by the other arguments: with ``indent`` the json module encodes in
    pure Python, so the preview makes and encodes again only the records
    whose objects changed."""
    if not inputs:
        return _json([]), b""
    done = [_record_text(function, Same(item), *rest) for function, item, *rest in inputs]
    fields = done[0][2]
    header = io.StringIO()
    csv.DictWriter(header, fieldnames=fields, lineterminator="\n").writeheader()
    return (("[\n" + ",\n".join(element for element, _line, _fields in done) + "\n]\n").encode("utf-8"),
            (header.getvalue() + "".join(line for _element, line, _fields in done)).encode("utf-8"))


def _csv_line(row: dict, fields: list) -> str:
    """One CSV line of a record: lists joined with "; ", nested objects as
    compact JSON, formula-leading cells neutralized
    (:func:`scripts.escaping.csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    flat = {}
    for key, value in row.items():
        if isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            flat[key] = "; ".join(map(str, value))
        elif isinstance(value, (list, dict)):
            flat[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif value is None:
            flat[key] = ""
        else:
            flat[key] = value
    # A cell starting with = + - @ is a formula to spreadsheet programs.
    writer.writerow({key: csv_cell(value) for key, value in flat.items()})
    return buffer.getvalue()


def citation_records(corpus: Corpus) -> dict[tuple[str, str], list[dict]]:
    """(collection, id) → its CSL-JSON records, in a fixed order. A source's
    records are reusable by what they are made of (scripts/reuse.py)."""
    site = corpus.build.site_url
    found: dict[tuple[str, str], list[dict]] = {}
    for source in corpus.sources:
        found[("sources", source.id)], found[("passages", source.id)] = _source_records(
            source.entry, source.passages, site + url_path("source", source.id))
    events_of_period: dict = {}
    for event in corpus.events:
        record = event_record(corpus, event)
        found[("events", event.id)] = [record]
        events_of_period.setdefault(event.period_id, []).append(record)
    for period in corpus.periods:
        record = csl.page_record(f"period-{period.id}", period.title, site + url_path("period", period.id),
                                 corpus.build)
        found[("periods", period.id)] = [record, *events_of_period.get(period.id, [])]
    # Whole collections, for a reference manager's library in one import.
    found[("all", "sources")] = [records[0] for key, records in found.items() if key[0] == "sources"]
    found[("all", "events")] = [records[0] for key, records in found.items() if key[0] == "events"]
    return found


@reusable
def _source_records(entry, passages: tuple, page: str) -> tuple[list[dict], list[dict]]:
    return ([csl.source_record(entry, page)],
            [csl.passage_record(entry, p, f"{page}#{p.anchor}") for p in passages])


def event_record(corpus: Corpus, event) -> dict:
    """An event's page as a CSL record, with the date it happened (CSL's
    ``event-date``) and its summary as the abstract."""
    record = csl.page_record(f"event-{event.id}", event.title, corpus.build.site_url + url_path("event", event.id),
                             corpus.build)
    record["event-date"] = csl.csl_date(event.date.text)
    record["abstract"] = references.plain(event.summary)
    return {key: value for key, value in record.items() if value}


def citation_files(corpus: Corpus) -> list[GeneratedFile]:
    """One file per format for every entry of :func:`citation_records`,
    each entry's files reusable by its records (scripts/reuse.py)."""
    files = []
    for (collection, item_id), items in citation_records(corpus).items():
        files += _citation_group(collection, item_id, PlainData(items))
    return files


@reusable
def _citation_group(collection: str, item_id: str, records: PlainData) -> list[GeneratedFile]:
    items = records.value
    ris, bib = [csl.ris(r) for r in items], [csl.bibtex(r) for r in items]
    files = _citation_formats(collection, item_id, items, ris, bib)
    if collection == "passages":
        # Each paragraph alone too (data/cite/passages/<source>/pN.*),
        # for a reader who cites one: the same entries, formatted once.
        for record, one_ris, one_bib in zip(items, ris, bib, strict=True):
            files += _citation_formats(f"passages/{item_id}", record["id"].rsplit("/", 1)[-1],
                                       [record], [one_ris], [one_bib])
    return files


def _citation_formats(collection: str, item_id: str, items: list, ris: list, bib: list) -> list[GeneratedFile]:
    texts = {"csl.json": _json(items).decode("utf-8"), "ris": "\n".join(ris), "bib": "\n".join(bib)}
    # Only the whole collections are Markdown link targets (the downloads page).
    return [GeneratedFile(citation_path(collection, item_id, extension), texts[extension].encode("utf-8"),
                          markdown_target=collection == "all")
            for extension, _label in CITATION_FORMATS]


def export(corpus: Corpus) -> tuple[GeneratedFile, ...]:
    """Every data file (reusable parts: :func:`_encode`, :func:`citation_files`)."""
    inputs = record_inputs(corpus)
    files, encoded = [], {}
    for name in EXPORTS:
        encoded[name], table = _encode(inputs[name])
        files.append(GeneratedFile(f"data/{name}.json", encoded[name]))
        files.append(GeneratedFile(f"data/{name}.csv", table))
    # The vocabulary the site search corrects typos with (overrides/assets/search.js).
    files.append(GeneratedFile("data/search-terms.json", _json(search_index.search_terms(corpus))))
    for schema in sorted(EXPORT_SCHEMAS.glob("*.schema.json")):
        files.append(GeneratedFile(f"data/schemas/{schema.name}", schema.read_bytes()))
    dataset = {"version": corpus.build.version, "built": corpus.build.date.isoformat(),
               "license_note": LICENSE_NOTE, **{name: None for name in EXPORTS}}
    files.append(GeneratedFile(f"data/{DATASET}.json", _dataset_json(dataset, encoded)))
    files.extend(citation_files(corpus))
    return tuple(files)


def _dataset_json(dataset: dict, encoded: dict) -> bytes:
    """``_json(dataset)``, reusing the exports' JSON text.

    Performance (bench/README.md): with ``indent`` the json module encodes in
    pure Python, and the dataset repeats every export, so encoding it again
    doubled the export stage. With ``indent=1`` a value nested one level
    deeper is its own encoding with one more space after each newline (JSON
    strings escape their newlines, so every newline is indentation);
    a one-off comparison (commit 5b78532) found the bytes equal to ``_json(dataset)``.
    """
    parts = []
    for key in sorted(dataset):
        if key in encoded:
            text = encoded[key].decode("utf-8")[:-1]        # without _json's final newline
        else:
            text = json.dumps(dataset[key], ensure_ascii=False, indent=1, sort_keys=True)
        parts.append(f" {json.dumps(key, ensure_ascii=False)}: {text.replace(chr(10), chr(10) + ' ')}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")
