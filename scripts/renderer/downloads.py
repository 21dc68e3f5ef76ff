"""The Downloads page, written from the export schemas themselves, so the
field descriptions readers see are the ones the data is validated against.
The layout is ``scripts/templates/downloads.html``."""

from __future__ import annotations

from markupsafe import Markup

from scripts.datafiles import DATASET, EXPORTS, export_schema
from scripts.model import GeneratedFile, GeneratedPage
from scripts.renderer.pages import Context, front_matter


def _kind(spec: dict) -> str:
    kind = spec.get("type") or ("one of " + ", ".join(spec.get("enum", [])))
    return " or ".join(kind) if isinstance(kind, list) else kind


def downloads_page(ctx: Context, files: tuple[GeneratedFile, ...]) -> GeneratedPage:
    sizes = {f.path: len(f.content) for f in files}

    def kb(path: str) -> str:
        return f"{sizes.get(path, 0) / 1024:,.0f} KB"

    exports = []
    for name in EXPORTS:
        schema = export_schema(name)
        exports.append({"name": name, "description": schema["description"],
                        "json_size": kb(f"data/{name}.json"), "csv_size": kb(f"data/{name}.csv"),
                        "fields": [(field, _kind(spec), spec.get("description", ""))
                                   for field, spec in schema["items"]["properties"].items()]})
    markdown = ctx.render(
        "downloads.html",
        front_matter=Markup(front_matter("Downloads", "Open data: every source, passage, actor, event and period "
                                                      "as JSON and CSV, with JSON Schemas.")),
        dataset=DATASET, dataset_size=kb(f"data/{DATASET}.json"), exports=exports)
    return GeneratedPage("downloads.md", markdown, "scripts/schemas/exports/dataset.schema.json", "Downloads")
