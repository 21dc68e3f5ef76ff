"""The data files the site publishes under ``data/``: their names, paths and
JSON Schemas (the contract of each export). The export stage
(:mod:`scripts.stages.export`) writes them; the renderer links to them (the
downloads page, each page's citation downloads), so both read these names
from here rather than from each other.
"""

from __future__ import annotations

import json
from pathlib import Path

#: The JSON Schemas of the exports (published with them under data/schema/).
EXPORT_SCHEMAS = Path(__file__).resolve().parent / "schemas" / "exports"
#: One JSON and one CSV file each.
EXPORTS = ("sources", "passages", "actors", "events", "periods", "glossary", "notes", "places", "claims",
           "disputes")
#: The whole dataset in one file: data/<DATASET>.json.
DATASET = "iraq-russia-portal"

#: The citation downloads (scripts/csl.py): per citable thing, or per
#: collection, one file in each format, all from the same CSL records.
CITATION_FORMATS = (("csl.json", "CSL-JSON"), ("ris", "RIS"), ("bib", "BibTeX"))


def citation_path(collection: str, item_id: str, extension: str) -> str:
    """``data/cite/<collection>/<id>.<extension>``: *collection* is
    ``sources`` (the source), ``passages`` (every paragraph of a source;
    ``passages/<source-id>`` with id ``pN``: one paragraph),
    ``events`` (one event), ``periods`` (a period and its events) or
    ``all`` (id ``sources`` or ``events``: every one of them)."""
    return f"data/cite/{collection}/{item_id}.{extension}"


def export_schema(name: str) -> dict:
    """The JSON Schema of the export *name* (or ``dataset``)."""
    return json.loads((EXPORT_SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
