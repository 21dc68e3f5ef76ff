"""One-off migration (issue 21): the big YAML files of ``sources/`` become
one file per entry.

    python -m scripts.migrate_entries sources [tests/fixtures/knowledge …]

In: a folder holding ``events.yml``, ``actors.yml``, ``periods.yml``,
``notes.yml``, ``glossary.yml``, ``catalog.yml`` and/or ``editorial.yml``. Out, in the same
folder: ``events/<id>.md``, ``actors/<id>.md``, ``periods/<id>.md``,
``notes/<id>.md`` (front matter, then the summary or text as the body),
``glossary/<slug of the term>.md`` (the note as the body),
``catalog/<id>.yml`` and, from ``editorial.yml``, one explanation per file
``editorial/<kind>-<slug of the text>.yml``; each folder gets a README.md with the field
documentation that was the comment header of its YAML file; the YAML file is
removed. Each entry's front matter is its own lines, as the editors wrote
them (quotes, flow lists), without ``id:`` (the file name) and without the
prose field (the body); notes get ``number:``, their number in file order.

Every file written is read back through the portal's loader and compared
with the entry it came from: the migration refuses to write anything unless
each entry reads back equal.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from scripts.entryfiles import KINDS, entry_stem, parse_entry
from scripts.yamlio import read_yaml_file

#: Body width: what a reviewer reads in a diff without scrolling.
WIDTH = 88


def text_to_body(value: str) -> str:
    """The prose *value* as a Markdown body: paragraphs (``\\n`` in the
    value) separated by a blank line, each wrapped at :data:`WIDTH`."""
    return "\n\n".join(textwrap.fill(paragraph, WIDTH, break_long_words=False, break_on_hyphens=False)
                       for paragraph in value.split("\n")) + "\n"


def _header(lines: list[str]) -> str:
    """The comment header at the top of a YAML file, as plain text."""
    out = []
    for line in lines:
        if not line.startswith("#"):
            break
        out.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(out).strip("\n")


def _entry_blocks(lines: list[str], items) -> list[list[str]]:
    """The lines of each entry (its ``- `` line to the line before the next
    entry), without trailing blank lines and section-heading comments."""
    starts = [item.line for item in items] + [len(lines) + 1]
    blocks = []
    for start, end in zip(starts, starts[1:], strict=False):
        block = lines[start - 1:end - 1]
        while block and (not block[-1].strip() or block[-1].lstrip().startswith("#")):
            block.pop()
        blocks.append(block)
    return blocks


def _front_matter(block: list[str], item, drop: tuple[str, ...]) -> str:
    """*block* (the entry's lines) without the keys in *drop*, dedented."""
    first = item.line
    keys = sorted(item.key_lines.items(), key=lambda kv: kv[1])
    removed: set[int] = set()
    for index, (key, line) in enumerate(keys):
        if key in drop:
            end = keys[index + 1][1] if index + 1 < len(keys) else first + len(block)
            removed.update(range(line, end))
    kept = [text for number, text in enumerate(block, start=first) if number not in removed]
    if block[0].lstrip().startswith("- ") and first not in removed:
        kept[0] = kept[0].replace("- ", "  ", 1)
    text = textwrap.dedent("\n".join(kept)).strip("\n")
    return text + "\n" if text else ""


def migrate(folder: Path) -> list[Path]:
    written: list[Path] = []
    plans = []
    for kind in KINDS.values():
        old = folder / f"{kind.name}.yml"
        if not old.exists():
            continue
        data, problems = read_yaml_file(old, str(old))
        if problems:
            raise SystemExit(f"{problems[0].path}:{problems[0].line}: {problems[0].message}")
        lines = old.read_text("utf-8").split("\n")
        items = list(data.get(kind.list_key) or [])
        files = {}
        for number, (item, block) in enumerate(zip(items, _entry_blocks(lines, items), strict=True), start=1):
            drop = ("id", kind.body) if kind.body else ("id",)
            front = _front_matter(block, item, drop)
            if kind.name == "notes":
                front = f"number: {number}\n" + front
            stem = entry_stem(kind, item)
            if kind.body:
                text = f"---\n{front}---\n\n{text_to_body(item[kind.body])}"
            else:
                text = front
            name = f"{stem}{kind.suffix}"
            if name in files and kind.name == "editorial":     # only a label: two texts that start alike
                name = f"{stem}-{number}{kind.suffix}"
            if name in files:
                raise SystemExit(f"{old}: two entries would be written to {kind.name}/{name}")
            files[name] = text
            expected = dict(item)
            if kind.name == "notes":
                expected["number"] = number
            plans.append((folder / kind.name / name, text, expected))
        readme = (f"# {kind.title}\n\nOne file per entry{kind.layout}. Files named README.md are not read.\n\n"
                  f"```text\n{_header(lines)}\n```\n")
        plans.append((folder / kind.name / "README.md", readme, None))
        plans.append((old, None, None))
    for path, text, expected in plans:
        if expected is None:
            continue
        got, problems = parse_entry(text.encode("utf-8"), path.stem, KINDS[path.parent.name], str(path))
        if problems or dict(got) != expected:
            raise SystemExit(f"{path}: does not read back equal: {problems or _difference(got, expected)}")
    for path, text, _expected in plans:
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def _difference(got, expected) -> str:
    keys = set(got) | set(expected)
    return "; ".join(f"{k}: {got.get(k)!r} != {expected.get(k)!r}" for k in sorted(keys)
                     if got.get(k) != expected.get(k))


def main(argv: list[str]) -> int:
    for name in argv or ["sources"]:
        written = migrate(Path(name))
        counts: dict = {}
        for path in written:
            if path.name != "README.md":
                counts[path.parent.name] = counts.get(path.parent.name, 0) + 1
        print(f"{name}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
