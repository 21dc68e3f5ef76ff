"""``make new-source FILE=….xml`` for a TEI document of an edition
(scripts/tei.py): copy it into ``sources/documents/`` byte for byte and write
its catalog entry from what the XML states (title, the volume as container
with the document's number, publisher, place, year, the capture record), so
nothing the XML says is typed again. What the XML does not state (rights,
the source criticism) is marked ``# TODO editor:`` and keeps ``make check``
red until it is written.

In: the project's paths and the file. Out: (the document's path, its id,
the catalog file). Raises :class:`scripts.scaffold.Refused` (nothing
written) when the file is not a readable TEI document or would overwrite one.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from slugify import slugify

from scripts import scaffold, tei
from scripts.errors import Problem
from scripts.rawtext import read_regular_file
from scripts.scaffold import yaml_scalar


def document_catalog_entry(file_name: str, digest: str, doc: tei.TeiDocument) -> str:
    """The YAML of the catalog file of a TEI document (fields in the
    catalog's order; the id is the file's name)."""
    fields = tei.catalog_fields(doc)
    container = fields["container"]
    capture = doc.capture
    where = ", ".join(f"{k} {capture[k]}" for k in ("repository", "path", "commit", "document") if capture.get(k))
    read = "  # read from the document's TEI header"
    lines = [f"file: documents/{file_name}", f"sha256: {digest}",
             f"title: {yaml_scalar(fields['title'])}{read}", "authors: []",
             f"publisher: {yaml_scalar(fields['publisher'])}{read}", "venue: null", "first_published_in: null",
             "container:" + read,
             f"  title: {yaml_scalar(container['title'])}",
             "  editors: [" + ", ".join(yaml_scalar(e) for e in container["editors"]) + "]",
             "  edition: null",
             f"  publisher: {yaml_scalar(container['publisher'])}",
             f"  place: {yaml_scalar(container['place'])}",
             f"  pages: {yaml_scalar(container['pages'])}",
             f"published: {yaml_scalar(fields['published'], quote=True)}{read}",
             "language: en  # TODO editor: the language of the document (BCP 47)",
             "kind: official document",
             "rights: null  # TODO editor: the rights of the edition (e.g. a work of a government in the public "
             "domain), or leave null if unknown",
             "url: null", "accessed: null",
             f"revision: {yaml_scalar(capture.get('commit'))}" + ("  # the commit of the volume the document was "
                                                                  "cut from" if capture.get("commit") else ""),
             "editor_supplied: []",
             "notes: " + yaml_scalar(f"Cut byte for byte from the edition's volume ({where})." if where else None)
             + ("" if where else "  # TODO editor: where the document was captured from"),
             "assessment:  # TODO editor: source criticism, shown on the source page"]
    for key, todo in scaffold.ASSESSMENT_TODO.items():
        lines.append(f"  {key}: {yaml_scalar(scaffold.UNASSESSED)}  # TODO editor: {todo}")
    lines.append("cleaning: []")
    return "\n".join(lines) + "\n"


def new_document(paths, file: Path):
    """Copy a TEI document into ``sources/documents/`` and write its catalog entry."""
    folder = paths.sources / tei.DOCUMENTS_FOLDER
    in_place = file.resolve().parent == folder.resolve()
    data = read_regular_file(file, str(file), allow_symlink=not in_place, limit=tei.MAX_TEI_BYTES)
    if isinstance(data, Problem):
        raise scaffold.Refused(data)
    doc = tei.read_tei(data, paths.display(file) if in_place else str(file))
    if isinstance(doc, Problem):
        raise scaffold.Refused(doc)
    entry_id = slugify(file.stem)
    if not entry_id:
        raise scaffold.Refused(Problem(str(file), 0, "the file name has no letters or digits to make an id "
                                       "from; rename it (e.g. frus1958-60v12-d127.xml)"))
    file_name = file.name if in_place else f"{entry_id}.xml"
    target = folder / file_name
    catalog_path = paths.entries("catalog") / f"{entry_id}.yml"
    if catalog_path.exists() or catalog_path.is_symlink():
        raise scaffold.Refused(Problem(paths.display(catalog_path), 1, f"a source with the id '{entry_id}' "
                                       "already exists; rename your file and run this again"))
    digest = hashlib.sha256(data).hexdigest()
    for entry in scaffold._entries(paths, "catalog"):
        if entry.get("sha256") == digest:
            raise scaffold.Refused(Problem(entry.origin, entry.line_of("sha256"), "this document is "
                                           f"byte-identical to '{entry.get('id')}'; it is already in the portal"))
    if not in_place and target.exists():
        raise scaffold.Refused(Problem(paths.display(target), 0, "already exists; refusing to overwrite it"))
    entry = document_catalog_entry(file_name, digest, doc)
    if not in_place:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    try:
        scaffold._write_new(paths, catalog_path, entry, f"the catalog entry {paths.display(catalog_path)}")
    except BaseException:
        if not in_place:
            target.unlink(missing_ok=True)
        raise
    return target, entry_id, catalog_path
