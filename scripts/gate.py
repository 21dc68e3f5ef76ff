"""The content gate: everything `make check` (and so `make test` and the
pull request's CI) requires of ``sources/`` and ``docs/``, in one registry.

Each :class:`Check` has a name, the sentence CONTRIBUTING.md shows for it
(the ``<!-- portal:checks -->`` block is generated from :data:`CHECKS` by
``python -m scripts gate-docs``, and a test compares the two), and a
function that returns its failures as ``path:line: message`` lines. The
pipeline runs once; the checks read its result.

In: the project's paths and the pipeline's result (None when the pipeline
refused the inputs: its problems are the first check's failures). Out: the
failures of each check, in registry order.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scripts.paths import ProjectPaths


@dataclass(frozen=True)
class Check:
    name: str
    description: str                    # one sentence for CONTRIBUTING.md
    run: Callable                       # (paths, result, problems) -> list[str], or None: not run


def _inputs(paths: ProjectPaths, result, problems) -> list[str]:
    return [str(problem) for problem in problems]


def _editorial(paths: ProjectPaths, result, problems) -> list[str] | None:
    if result is None:
        return None                     # not run: the queue is made from inputs that build
    files = {source.id: source.entry.file for source in result.corpus.sources}
    passages = {p.id: p for source in result.corpus.sources for p in source.passages}
    actors = {actor.id: actor for actor in result.corpus.actors}
    return [f"{_located(item.where, files, passages, actors)}: {item.kind}: {item.text} ({_fix(item)})"
            for item in result.corpus.editorial if not item.explanation]


#: Items that are finished, never explained away: an unfinished catalog
#: field, a placeholder assessment, a sentence without its reference.
_TO_FINISH = {"unfinished-source": "fill in the field and delete its `# TODO editor:` comment",
              "unassessed-source": "write this part of the source criticism in the catalog file's `assessment:` "
                                   "in place of the placeholder, and delete its `# TODO editor:` comment",
              "uncited-sentence": "end the sentence with the [[source-id/pN]] or [[note:id]] it rests on"}


def _fix(item) -> str:
    """How to close *item*: what to finish, or the `make explain` line with
    the item's kind and words for one that may need no action."""
    from scripts.schemacheck import input_schema

    if item.kind in _TO_FINISH or item.kind not in input_schema("editorial")["properties"]["kind"]["enum"]:
        return _TO_FINISH.get(item.kind, "resolve it (editors/report.html says how)")
    source = item.where.split("/", 1)[0] if re.fullmatch(r"[^/\s]+/p\d+", item.where) else None
    return (f"resolve it, or explain why it needs no action: make explain KIND={item.kind} "
            f"TEXT={shlex.quote(_explainable(item.text))}" + (f" SOURCE={source}" if source else "") + " WHY='…'")


def _explainable(text: str) -> str:
    """The words of an item an explanation quotes: a short item whole, a
    sentence by its first words (an explanation fits every item that
    contains its text)."""
    words = text.split()
    return text if len(words) <= 12 else " ".join(words[:12])


def _located(where: str, files: dict, passages: dict, actors: dict) -> str:
    """An item about a passage ("source-id/p3") at the file and line of the
    text it was read from, then the paragraph: "sources/texts/x.txt:5 (¶3,
    source-id/p3)"; an item about an actor ("actor the-id": an unused alias)
    at its file's `aliases:` line; any other place as it is."""
    about_actor = re.fullmatch(r"actor '?([a-z0-9-]+)'?", where)
    actor = actors.get(about_actor.group(1)) if about_actor else None
    if actor is not None and actor.origin:
        return f"{actor.origin}:{actor.line_of('aliases')} ({where})"
    passage = passages.get(where)
    if passage is None or not passage.lines or passage.source_id not in files:
        return where
    return f"sources/{files[passage.source_id]}:{passage.lines[0]} (¶{passage.number}, {where})"


def _layout(paths: ProjectPaths, result, problems) -> list[str]:
    from scripts.yamlformat import check

    found, _checked = check(paths)
    # One cause, one message: a file that does not parse is already named by
    # the inputs check, in the same words.
    reported = {str(problem) for problem in problems}
    return [str(problem) for problem in found if str(problem) not in reported]


def _changelog(paths: ProjectPaths, result, problems) -> list[str]:
    """Every catalogued source is named (as `id`) in CHANGELOG.md."""
    from scripts.entryfiles import KINDS, entry_files

    changelog = paths.root / "CHANGELOG.md"
    if not changelog.is_file():
        return []                       # a copy of sources/ without the repository's files
    text = changelog.read_text("utf-8", errors="replace")
    unreleased = next((n for n, line in enumerate(text.split("\n"), start=1) if line.startswith("## [Unreleased]")), 1)
    kind = KINDS["catalog"]
    missing = []
    for path in entry_files(paths.entries("catalog"), kind):
        source_id = path.name[: -len(kind.suffix)]
        if f"`{source_id}`" not in text:
            missing.append(f"CHANGELOG.md:{unreleased}: the source '{source_id}' is not named; add a line under "
                           f"\"## [Unreleased]\" such as: - New source `{source_id}`: \"its title\".")
    return missing


#: What the pins check says of a paragraph reference written without its pin.
_NO_PIN = "has no pin; run `make pin-refs` (it adds the pin of the paragraph it names)"


def _pinned(paths: ProjectPaths, result, problems) -> list[str]:
    """Every paragraph reference of the curated prose, and of the fields
    that list passages, carries its pin; a pinned one of those fields still
    points at its text (prose: the build's claims check says so; both ask
    scripts/claims/references.py: drift)."""
    from scripts.claims.references import drift
    from scripts.refpins import GROUP_OR_BARE, PINNED_REF, REF_GROUP, curated_files, field_span

    if result is not None:
        texts = {source.id: {p.number: p.text for p in source.passages} for source in result.corpus.sources}
    else:           # the build stopped (a drifted reference of prose is one cause): the texts as segmented now
        from scripts.refpins import current_passages

        try:
            texts = current_passages(paths)
        except Exception:           # noqa: BLE001 - inputs that do not even segment: the inputs check names them
            texts = {}
    found = []
    for path in curated_files(paths):
        text = path.read_text("utf-8", errors="replace")
        display = paths.display(path)
        for match in REF_GROUP.finditer(text):
            for item in match.group(1).split(","):
                ref = PINNED_REF.fullmatch(item.strip())
                if ref and ref.group("pin") is None:
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{display}:{line}: [[{item.strip()}]] {_NO_PIN}")
        span = field_span(path, text)
        if span is None:
            continue
        for match in GROUP_OR_BARE.finditer(text, *span):
            ref = PINNED_REF.fullmatch(match.group("ref") or "")
            if ref is None or (texts and ref.group("source") not in texts):
                continue
            line = text.count("\n", 0, match.start()) + 1
            numbered = texts.get(ref.group("source"), {})
            number, pin = int(ref.group("number")), ref.group("pin")
            if pin is None:
                found.append(f"{display}:{line}: {ref.group(0)} {_NO_PIN}")
            elif numbered and (drifted := drift(f"{ref.group('source')}/p{number}", pin, numbered.get(number),
                                                numbered.items())):
                found.append(f"{display}:{line}: {ref.group(0)} {drifted.message}")
    return found


#: The gate, in the order its failures are printed.
CHECKS = (
    Check("inputs", "Every file under `sources/` and `docs/` reads and validates: schemas, ids and references, "
          "dates, quotations found in exactly one passage, the claims checks (dates no more precise than "
          "their citations, disputes declared, every sentence of the editors' prose cited, notes with their "
          "references), each problem at its `file:line`.", _inputs),
    Check("editorial", "No editorial item is open: unfinished catalog entries (`# TODO editor:` comments, a "
          "missing title), unassessed sources, uncited sentences, unknown or ambiguous names, unused aliases, "
          "dated sentences no event cites … each is resolved or explained by a file in `sources/editorial/` "
          "(`make explain`).",
          _editorial),
    Check("layout", "The curated files keep their documented layout (field order, two-space indentation, no "
          "tabs or trailing spaces, a final newline), as `python -m scripts format-check` reports it.", _layout),
    Check("pins", "Every paragraph reference of the editors' prose, and every passage a field lists (a note's "
          "`passages` and `target`, an event's `inferred.passages`, a role's `passage`, `exists.support`, a pin's "
          "`passage`), is pinned to the text it means (`[[source-id/pN#a1b2c3]]`, `source-id/pN#a1b2c3`; "
          "`make pin-refs` adds the pins, `make fix-refs` follows a moved paragraph), so that a "
          "moved paragraph is reported instead of silently cited.", _pinned),
    Check("changelog", "`CHANGELOG.md` names every catalogued source by its id (`` `the-id` ``), under "
          "\"Unreleased\" for a new one.", _changelog),
)


def run_checks(paths: ProjectPaths, result, problems) -> list[tuple[Check, list[str] | None]]:
    """Every check with its failures (an empty list: it passed; None: it
    could not run, because the inputs do not build)."""
    return [(check, check.run(paths, result, problems)) for check in CHECKS]


DOCS_START, DOCS_END = "<!-- portal:checks -->", "<!-- /portal:checks -->"


def docs_block() -> str:
    """The Markdown list of the checks, as CONTRIBUTING.md shows it."""
    return "\n".join(f"- **{check.name}**: {check.description}" for check in CHECKS)


def docs_in(text: str) -> str | None:
    """The generated block of a CONTRIBUTING.md text (None: no markers)."""
    found = re.search(re.escape(DOCS_START) + r"\n(.*?)\n?" + re.escape(DOCS_END), text, re.S)
    return found.group(1) if found else None


def write_docs(contributing: Path) -> bool:
    """Put :func:`docs_block` between the markers; True when the file changed."""
    text = contributing.read_text("utf-8")
    if docs_in(text) is None:
        raise ValueError(f"{contributing}: no {DOCS_START} … {DOCS_END} markers")
    new = re.sub(re.escape(DOCS_START) + r"\n.*?\n?" + re.escape(DOCS_END),
                 lambda _m: f"{DOCS_START}\n{docs_block()}\n{DOCS_END}", text, flags=re.S)
    if new != text:
        contributing.write_text(new, "utf-8")
    return new != text
