"""Command line: ``python -m scripts COMMAND``.

* ``build --out DIR``: run the pipeline without MkDocs and write the
  generated Markdown pages and data files into DIR (only files whose bytes
  changed are rewritten).
* ``check``: validate everything and print the editorial report summary;
  ``check --strict`` is the content gate (scripts/gate.py).
* ``gate-docs``: write the gate's list of checks into CONTRIBUTING.md.
* ``diff [--base REV] [--head REV]``: what a change does on the site
  (scripts/sitediff.py), as Markdown and, with ``--html FILE``, a page.
* ``fix-refs`` / ``pin-refs``: move pinned paragraph references to where
  their text is now / pin every reference to its paragraph's text.
* ``dry-run FILE``: show what the cleaner would keep, move and drop for a
  text, using the generic rules (and the catalog entry's, if it has one).
* ``new-source FILE``: copy a text into sources/texts/, write its catalog
  entry sources/catalog/<id>.yml (fields to check marked ``# TODO editor:``)
  and run the dry run.
* ``new-actor NAME --kind KIND`` / ``new-event TITLE --date EDTF`` /
  ``new-note ID --kind KIND --target TARGET``: write the new entry's file
  (sources/actors/<id>.md, sources/events/<id>.md, sources/notes/<id>.md).
* ``number-notes``: write the number each new note is shown with into its
  file (a new note has none until it is published).
* ``explain KIND TEXT --why WHY [--source ID]``: write
  sources/editorial/[ID--]<kind>-<slug>.yml, the explanation of the editorial
  items of KIND containing TEXT.
* ``format-check [FILE ...]``: check the layout of the curated YAML and of
  the entry files' front matter (field order, 2-space indentation, no tabs
  or trailing spaces, final newline).
* ``tei-capture VOLUME DOCUMENT --repository R --path P --commit C``: cut
  one document out of a whole TEI volume of an edition into
  sources/documents/ (CONTRIBUTING.md, "Add a document from a TEI edition").

Exit status: 0 on success, 1 when the inputs have problems (printed as
``path:line: message``), 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scripts.buildinfo import build_info
from scripts.errors import BuildFailed
from scripts.paths import ProjectPaths, project_root
from scripts.words import plural


def write_tree(out: Path, result) -> int:
    """Write pages and files under *out*; return how many files changed."""
    changed = 0
    wanted = {}
    for page in result.pages:
        wanted[page.path] = page.markdown.encode("utf-8")
    for file in result.files:
        wanted[file.path] = file.content
    for relative, content in sorted(wanted.items()):
        target = out / relative
        if target.exists() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(content)
        temporary.replace(target)
        changed += 1
    if out.exists():
        for existing in sorted(out.rglob("*"), reverse=True):
            relative = existing.relative_to(out).as_posix()
            if existing.is_file() and relative not in wanted:
                existing.unlink()
                changed += 1
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return changed


def _run(paths: ProjectPaths):
    from scripts.pipeline import run
    return run(paths, build_info(paths.root))


def cmd_build(args) -> int:
    paths = ProjectPaths(Path(args.root).resolve())
    result = _run(paths)
    changed = write_tree(Path(args.out), result)
    print(summary_line(result) + f"; {changed} files written to {args.out}")
    return 0


def summary_line(result) -> str:
    corpus = result.corpus
    open_items = sum(1 for i in corpus.editorial if not i.explanation)
    return (f"{plural(len(corpus.sources), 'source')}, {plural(len(corpus.passages), 'passage')}, "
            f"{plural(len(corpus.actors), 'actor')}, "
            f"{plural(len(corpus.events), 'event')} ({sum(e.disputed for e in corpus.events)} disputed), "
            f"{plural(len(corpus.periods), 'period')}, {plural(len(result.pages), 'generated page')}; "
            f"editorial queue: {open_items} open, {len(corpus.editorial) - open_items} explained")


def cmd_check(args) -> int:
    paths = ProjectPaths(Path(args.root).resolve())
    if args.strict:
        return _gate(paths, args.verbose)
    result = _run(paths)
    print(summary_line(result))
    open_items = [item for item in result.corpus.editorial if not item.explanation]
    # The open items are the editor's to-do list (an unfinished catalog entry
    # among them), so they are always listed; -v adds the explained ones.
    for item in open_items:
        print(f"  {item.kind}: {item.where}: {item.text}")
    if args.verbose:
        _explained(result)
    return 0


def _explained(result) -> None:
    for item in result.corpus.editorial:
        if item.explanation:
            print(f"  explained {item.kind}: {item.where}: {item.text}\n    why: {item.explanation}")


def _gate(paths: ProjectPaths, verbose: bool) -> int:
    """`make check`: every check of scripts/gate.py; exit 1 while any fails."""
    from scripts.gate import run_checks

    result, problems = None, ()
    try:
        result = _run(paths)
    except BuildFailed as failure:
        problems = failure.problems
    if result is not None:
        print(summary_line(result))
        if verbose:
            _explained(result)
    failed = 0
    for check, failures in run_checks(paths, result, problems):
        if failures is None:
            # Not "ok": an editor would read that nothing is left to do there.
            print(f"skip {check.name}: not checked while the inputs check fails (its items are made from "
                  "inputs that build); fix those, then run `make check` again", file=sys.stderr)
            continue
        if not failures:
            print(f"ok   {check.name}")
            continue
        failed += 1
        print(f"FAIL {check.name}: {len(failures)} to do", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
    if failed:
        print(f"error: {failed} check{'s' if failed != 1 else ''} of the content gate failed (each line above "
              "names a file and line; CONTRIBUTING.md, 'What the gate checks')", file=sys.stderr)
        return 1
    return 0


def cmd_fix_refs(args) -> int:
    """`make fix-refs` (and `pin-refs` with add=True): see scripts/refpins.py."""
    from scripts.refpins import fix

    paths = ProjectPaths(Path(args.root).resolve())
    changes = fix(paths, add=args.command == "pin-refs")
    for change in changes:
        print(f"{change.path}:{change.line}: {change.old} -> {change.new}")
    print(f"{len(changes)} reference{'s' if len(changes) != 1 else ''} rewritten")
    return 0


def cmd_diff(args) -> int:
    """`make diff`: what the change does on the site (scripts/sitediff.py)."""
    from scripts.sitediff import html_page, markdown, run

    report = run(Path(args.root).resolve(), args.base, args.head)
    text = markdown(report)
    if args.markdown:
        with open(args.markdown, "a", encoding="utf-8") as out:     # $GITHUB_STEP_SUMMARY is appended to
            out.write(text)
    if args.html:
        Path(args.html).write_text(html_page(report), "utf-8")
    print(text, end="")
    return 1 if report.problems else 0


def cmd_gate_docs(args) -> int:
    from scripts.gate import write_docs

    path = Path(args.root).resolve() / "CONTRIBUTING.md"
    print(f"{path}: {'updated' if write_docs(path) else 'already up to date'}")
    return 0


def cmd_claims_report(args) -> int:
    from scripts.claims.report import measures
    from scripts.pipeline import run

    paths = ProjectPaths(Path(args.root).resolve())
    result = run(paths, build_info(paths.root), keep_going=True)
    for name, value in measures(result).items():
        print(f"{name}: {value}")
    if args.verbose:
        for problem in result.problems:
            print(f"  {problem}")
        for item in result.corpus.editorial:
            if item.kind == "unsupported-detail" and not item.explanation:
                print(f"  {item.kind}: {item.where}: {item.text}")
    return 0


def cmd_dry_run(args) -> int:
    from scripts.errors import Problem, ProblemLog
    from scripts.model import RawText
    from scripts.rawtext import decode_raw_text, read_regular_file
    from scripts.stages.clean import clean
    from scripts.stages.load import load
    from scripts.stages.validate import validate

    paths = ProjectPaths(Path(args.root).resolve())
    log = ProblemLog()
    loaded = load(paths, log)
    valid = validate(loaded, log)
    file = Path(args.file)
    data = read_regular_file(file, str(file), allow_symlink=True)   # never blocks on a named pipe
    if isinstance(data, Problem):
        print(data, file=sys.stderr)
        return 1
    decoded = decode_raw_text(data, str(file))
    if isinstance(decoded, Problem):
        print(decoded, file=sys.stderr)
        return 1
    from scripts.scaffold import dry_run_report

    text = decoded.text
    own = next((e.rules for e in valid.catalog if Path(e.file).name == file.name), None)
    refused = _refused_entry_problems(loaded, valid, log, file) if own is None else []
    for problem in refused:
        print(problem, file=sys.stderr)
    if refused:
        print(f"{refused[0].path}:{refused[0].line}: the catalog entry of {file.name} is refused (above), so "
              "the dry run below applies only the general rules of sources/cleaning.yml, NOT the entry's own "
              "`cleaning:` rules; fix the entry and run the dry run again", file=sys.stderr)
    raw = RawText("dry-run", str(file), text, False, False)
    print(dry_run_report(clean(raw, (own or ()) + valid.generic_rules), raw.lines, str(file)), end="")
    return 1 if refused else 0


def _refused_entry_problems(loaded, valid, log, file: Path) -> list:
    """The problems of the catalog entry of *file* when validation refused
    the entry (it is then not in *valid*, and its cleaning rules are
    unused); [] when *file* has no entry."""
    document = loaded.yaml.get("catalog")
    items = document.get("sources") if isinstance(document, dict) else None
    origins = {getattr(item, "origin", "") for item in items or ()
               if isinstance(item, dict) and isinstance(item.get("file"), str) and Path(item["file"]).name == file.name}
    origins.discard("")
    return [problem for problem in log.problems if problem.path in origins]


def _refused(refusal) -> int:
    for problem in refusal.problems:
        print(problem, file=sys.stderr)
    return 1


def cmd_new_source(args) -> int:
    from scripts.scaffold import Refused, new_source
    from scripts.scaffold_tei import new_document
    from scripts.tei import looks_like_tei

    paths = ProjectPaths(Path(args.root).resolve())
    file = Path(args.file)
    head = b""
    if file.is_file():                  # never open a named pipe or a device
        try:
            with file.open("rb") as handle:
                head = handle.read(4096)
        except OSError:
            pass
    document = file.suffix == ".xml" or looks_like_tei(head)
    try:
        given = {"title": args.title, "url": args.url, "published": args.date, "publisher": args.publisher}
        target, source_id, entry = new_document(paths, file) if document else new_source(paths, file, given)
    except Refused as refusal:
        return _refused(refusal)
    if document:
        print(f"Copied {args.file} to {paths.display(target)} (byte-identical) and catalogued it as "
              f"'{source_id}' in {paths.display(entry)} from what its TEI header and document say. Fill in "
              "the fields marked `# TODO editor:` (delete each comment when done), then run `make check`.")
        return 0
    if Path(args.file).resolve() == target.resolve():
        print(f"Catalogued {paths.display(target)} (its sha256 is in the catalog).")
    else:
        print(f"Copied {args.file} to {paths.display(target)} (byte-identical; its sha256 is in the catalog).")
    print(f"Added the source '{source_id}' in {paths.display(entry)}. Fill in the fields marked "
          "`# TODO editor:` (delete each comment when done), then preview with `make serve`.\n")
    return cmd_dry_run(argparse.Namespace(root=args.root, file=str(target)))


def cmd_tei_capture(args) -> int:
    from scripts.errors import Problem
    from scripts.rawtext import read_regular_file
    from scripts.tei import MAX_VOLUME_BYTES, CaptureError, capture, read_tei, unlisted_references

    paths = ProjectPaths(Path(args.root).resolve())
    data = read_regular_file(Path(args.volume), args.volume, allow_symlink=True, limit=MAX_VOLUME_BYTES)
    if isinstance(data, Problem):
        print(data, file=sys.stderr)
        return 1
    try:
        text = data.decode("utf-8")
        captured = capture(text, args.document, {"repository": args.repository, "path": args.path,
                                                 "commit": args.commit, "captured": args.captured})
    except UnicodeDecodeError:
        print(f"{args.volume}:0: the volume is not UTF-8; capture from the edition's own file", file=sys.stderr)
        return 1
    except CaptureError as error:
        print(f"{args.volume}:0: {error}", file=sys.stderr)
        return 1
    volume_id = Path(args.path or args.volume).stem
    target = paths.sources / "documents" / f"{volume_id}-{args.document}.xml"
    document = read_tei(captured.encode("utf-8"), paths.display(target))
    if isinstance(document, Problem):
        print(document, file=sys.stderr)
        return 1
    if target.exists() or target.is_symlink():
        print(f"{paths.display(target)}:0: already exists; a captured document is never overwritten "
              "(remove it first if you mean to capture it again)", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(captured.encode("utf-8"))
    print(f"Captured document {document.number or args.document} ({document.title}) into "
          f"{paths.display(target)}; add it with `make new-source FILE={paths.display(target)}`.")
    for missing in unlisted_references(captured):
        # Said, not refused: an edition may point at an entry it never
        # printed; an excerpt may simply lack the <item> (CONTRIBUTING.md).
        print(f"warning: {args.volume}: the document references #{missing}, and no <item> of the volume's "
              "list of persons or abbreviations defines it here; if you captured from an excerpt, add that "
              "<item> from the volume's list to the excerpt, delete the captured file and capture again",
              file=sys.stderr)
    return 0


def _scaffold(args, write) -> int:
    """Run *write(paths)*, a scaffold step that writes a new entry file and
    returns what to tell the editor; a :class:`~scripts.scaffold.Refused`
    is printed (exit 1) instead."""
    from scripts.scaffold import Refused

    paths = ProjectPaths(Path(args.root).resolve())
    try:
        message = write(paths)
    except Refused as refusal:
        return _refused(refusal)
    print(message)
    return 0


def _entry_command(commands, folder: str, how: str, func, argument: str, argument_help: str):
    """The parser of ``new-ACTOR|EVENT|NOTE``: writes ``sources/FOLDER/<id>.md``
    from its one positional *argument*; the caller adds the options."""
    parser = commands.add_parser(f"new-{folder[:-1]}", help=f"write sources/{folder}/<id>.md {how}")
    parser.add_argument(argument, help=argument_help)
    parser.set_defaults(func=func)
    return parser


def cmd_new_actor(args) -> int:
    from scripts.scaffold import new_actor

    def write(paths):
        path, warnings = new_actor(paths, args.name, args.kind)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        return (f"Wrote {paths.display(path)}: write its summary and replace every TODO, then preview with "
                "`make serve`.")
    return _scaffold(args, write)


def cmd_new_event(args) -> int:
    from scripts.scaffold import new_event

    def write(paths):
        path = new_event(paths, args.title, args.date)
        return (f"Wrote {paths.display(path)}: fill in its citations and summary (every TODO), then preview "
                "with `make serve`.")
    return _scaffold(args, write)


def cmd_new_note(args) -> int:
    from scripts.scaffold import new_note

    def write(paths):
        path, number = new_note(paths, args.id, args.kind, args.target)
        return (f"Wrote {paths.display(path)} (shown as note {number} until it is published): write its text "
                "and its references or passages, then preview with `make serve`.")
    return _scaffold(args, write)


def cmd_number_notes(args) -> int:
    from scripts.scaffold import number_notes

    paths = ProjectPaths(Path(args.root).resolve())
    for path, number in number_notes(paths):
        print(f"{paths.display(path)}: number {number}")
    return 0


def cmd_explain(args) -> int:
    from scripts.scaffold import new_explanation

    def write(paths):
        path = new_explanation(paths, args.kind, args.text, args.why, args.source)
        return (f"Wrote {paths.display(path)}: the {args.kind} items containing {args.text!r} are explained; "
                "`make check` no longer lists them.")
    return _scaffold(args, write)


def cmd_format_check(args) -> int:
    from scripts.yamlformat import check

    paths = ProjectPaths(Path(args.root).resolve())
    problems, checked = check(paths, [Path(f) for f in args.files])
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} layout problem{'s' if len(problems) != 1 else ''} in the curated YAML; "
              "see 'Readable diffs' in CONTRIBUTING.md", file=sys.stderr)
        return 1
    print(f"{len(checked)} YAML file{'s' if len(checked) != 1 else ''} in the documented layout")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=str(project_root()), help="project folder (default: this checkout)")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write the generated pages and data into a folder")
    build.add_argument("--out", required=True)
    build.set_defaults(func=cmd_build)
    check = commands.add_parser("check", help="validate all inputs; print the editorial queue")
    check.add_argument("-v", "--verbose", action="store_true", help="list the explained editorial items too")
    check.add_argument("--strict", action="store_true",
                       help="the content gate (make check, make test, CI): every check of scripts/gate.py; "
                       "exit 1 while any fails")
    check.set_defaults(func=cmd_check)
    fix_refs = commands.add_parser("fix-refs", help="move pinned references [[source/pN#pin]] to the paragraph "
                                   "that holds their pinned text now")
    fix_refs.set_defaults(func=cmd_fix_refs)
    pin_refs = commands.add_parser("pin-refs", help="add the pin of its paragraph's text to every reference "
                                   "[[source/pN]] that has none (and fix the pinned ones)")
    pin_refs.set_defaults(func=cmd_fix_refs)
    diff = commands.add_parser("diff", help="what a change does on the site: sources, events, … added, removed "
                               "or changed, disputes, links and queue items, against a base revision")
    diff.add_argument("--base", default="origin/main", help="the revision compared with (default origin/main)")
    diff.add_argument("--head", help="the revision of the change (default: the working tree)")
    diff.add_argument("--markdown", help="also append the Markdown report to this file ($GITHUB_STEP_SUMMARY)")
    diff.add_argument("--html", help="also write the report as an HTML page to this file")
    diff.set_defaults(func=cmd_diff)
    gate_docs = commands.add_parser("gate-docs", help="write the list of the gate's checks into CONTRIBUTING.md")
    gate_docs.set_defaults(func=cmd_gate_docs)
    report = commands.add_parser("claims-report", help="count what the claims checks find (never fails)")
    report.add_argument("-v", "--verbose", action="store_true", help="list the problems and items counted")
    report.set_defaults(func=cmd_claims_report)
    dry = commands.add_parser("dry-run", help="show what the cleaner would do with a text file")
    dry.add_argument("file")
    dry.set_defaults(func=cmd_dry_run)
    source = commands.add_parser("new-source", help="add a text: copy it, write its catalog entry, dry-run it")
    source.add_argument("file", help="the plain-text file (UTF-8)")
    source.add_argument("--title", help="the title as the text states it (else read from its title line)")
    source.add_argument("--url", help="the address it was captured from")
    source.add_argument("--date", help="its publication date as it states it, in EDTF (2012-10-25, 2018-05)")
    source.add_argument("--publisher", help="who published it (site or organisation)")
    source.set_defaults(func=cmd_new_source)
    from scripts.schemacheck import input_schema
    kinds = input_schema("actors")["properties"]["kind"]["enum"]
    actor = _entry_command(commands, "actors", "for a new actor", cmd_new_actor, "name", "the actor's display name")
    actor.add_argument("--kind", default="person", choices=kinds)
    event = _entry_command(commands, "events", "for a new event", cmd_new_event, "title", "one-line headline of the event")
    event.add_argument("--date", required=True, help="EDTF date: 1944-09-09, 1972-04, 1986/1988, 1970~, 197X")
    tei = commands.add_parser("tei-capture", help="cut one document out of a TEI volume into sources/documents/")
    tei.add_argument("volume", help="the edition's whole volume file (TEI XML)")
    tei.add_argument("document", help="the document's xml:id in the volume, e.g. d127")
    tei.add_argument("--repository", required=True, help="where the volume was read, e.g. HistoryAtState/frus")
    tei.add_argument("--path", required=True, help="the volume's path in the repository")
    tei.add_argument("--commit", required=True, help="the commit of the volume that was read")
    tei.add_argument("--captured", help="the day of capture, YYYY-MM-DD")
    tei.set_defaults(func=cmd_tei_capture)
    note_kinds = input_schema("notes")["properties"]["kind"]["enum"]
    note = _entry_command(commands, "notes", "(numbered when merged: make number-notes)", cmd_new_note, "id",
                          "the note's id (lowercase words joined by hyphens)")
    note.add_argument("--kind", default="context", choices=note_kinds)
    note.add_argument("--target", required=True, help="what it is about: passage:SOURCE-ID/pN, event:ID, …")
    explain = commands.add_parser("explain", help="write sources/editorial/<kind>-<slug>.yml: why an item of the "
                                  "editorial report needs no action")
    explain.add_argument("kind", help="the item's kind as the report shows it (unknown-name, undated-sentence, …)")
    explain.add_argument("text", help="the name or (part of) the sentence, as the report shows it")
    explain.add_argument("--why", required=True, help="the reason, for the next editor")
    explain.add_argument("--source", help="the source the item was found in (prefixes the file name)")
    explain.set_defaults(func=cmd_explain)
    numbers = commands.add_parser("number-notes", help="publish the new notes' numbers: write the number each "
                                  "is shown with into its file (when merging)")
    numbers.set_defaults(func=cmd_number_notes)

    layout = commands.add_parser("format-check", help="check field order and indentation of the curated files")
    layout.add_argument("files", nargs="*", help="files to check (default: every curated file in sources/)")
    layout.set_defaults(func=cmd_format_check)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BuildFailed as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    except Exception as error:
        # Every bad input is a located problem; anything else is a bug of the
        # scripts. Still no traceback for the editor (PORTAL_TRACEBACK=1 shows it).
        if os.environ.get("PORTAL_TRACEBACK"):
            raise
        print(f"{args.root}:0: internal error of the portal's scripts ({type(error).__name__}: {error}); "
              "this is not a mistake in your change: report it (set PORTAL_TRACEBACK=1 to see where)",
              file=sys.stderr)
        return 1
