"""The Downloads page, written from the export schemas themselves, so the
field descriptions readers see are the ones the data is validated against."""

from __future__ import annotations

from scripts.model import GeneratedFile, GeneratedPage
from scripts.renderer.html import md_text, table
from scripts.renderer.pages import front_matter
from scripts.stages.export import DATASET, EXPORTS, export_schema


def downloads_page(files: tuple[GeneratedFile, ...]) -> GeneratedPage:
    sizes = {f.path: len(f.content) for f in files}
    out = [front_matter("Downloads", "Open data: every source, passage, actor, event and period as JSON and CSV, with JSON Schemas."),
           "# Downloads\n\n",
           "Everything on this site is also data. Each file below is rebuilt with the site; the JSON "
           "Schemas are the contract, checked on every build. Identifiers are stable: cite passages by "
           "their `id` (`<source>/p<number>`).\n\n",
           f"**The whole dataset in one file:** [{DATASET}.json](data/{DATASET}.json) "
           f"({sizes.get(f'data/{DATASET}.json', 0) / 1024:,.0f} KB, schema: "
           f"[dataset.schema.json](data/schemas/dataset.schema.json)).\n\n"]
    for name in EXPORTS:
        schema = export_schema(name)
        item = schema["items"]
        out.append(f"## {name}\n\n{md_text(schema['description'])}\n\n")
        out.append(f"[{name}.json](data/{name}.json) ({sizes.get(f'data/{name}.json', 0) / 1024:,.0f} KB) · "
                   f"[{name}.csv](data/{name}.csv) ({sizes.get(f'data/{name}.csv', 0) / 1024:,.0f} KB) · "
                   f"[schema](data/schemas/{name}.schema.json)\n\n")
        rows = []
        for field, spec in item["properties"].items():
            kind = spec.get("type") or ("one of " + ", ".join(spec.get("enum", [])))
            kind = " or ".join(kind) if isinstance(kind, list) else kind
            rows.append([f"`{field}`", md_text(kind), md_text(spec.get("description", ""))])
        out.append(table(["Field", "Type", "Meaning"], rows) + "\n")
    out.append("In the CSV files, lists are joined with `; ` and nested objects are written as JSON.\n")
    return GeneratedPage("downloads.md", "".join(out), "scripts/schemas/exports/dataset.schema.json", "Downloads")
