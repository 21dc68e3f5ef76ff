"""`make diff`: what a change does on the site, for the reviewer of a pull
request (issue 21).

Both revisions are exported with ``git archive`` into a temporary folder and
built there by their own pipeline (``python -m scripts build --out``, no
MkDocs); the data files (``data/*.json``) and the editorial queue
(``check --verbose``) are compared. The report lists sources, events,
actors, notes and periods added, removed or changed (the fields that
changed, dates, titles and citations among them), disputes that appear or
disappear, links between passages and actors gained or lost, and editorial
items opened or closed, as Markdown (the pull request's CI job summary) and
as an HTML page.

In: the repository, a base revision and a head revision (default: the
working tree). Out: :class:`Report`.
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: The kinds compared, their data file and how a record is named (its
#: fields in braces): a note by its number alone read as a bare "45".
KINDS = (("sources", "sources.json", "{title}"), ("events", "events.json", "{title}"),
         ("actors", "actors.json", "{name}"), ("notes", "notes.json", "note {number} ({kind}, on {target})"),
         ("periods", "periods.json", "{title}"))


class _Fields(dict):
    """A record's fields for a label template; a missing one is empty."""

    def __missing__(self, key: str) -> str:
        return ""


def _record_label(record: dict, template: str) -> str:
    return template.format_map(_Fields({k: v for k, v in record.items() if isinstance(v, (str, int))}))
#: Fields a reviewer reads first when a record changed.
SHOWN = ("date", "title", "name", "citations", "start", "end", "text", "summary", "target", "published")


@dataclass
class Report:
    base: str
    head: str
    records: dict = field(default_factory=dict)     # kind → (added, removed, changed [(id, label, fields)])
    disputes: tuple = ((), ())                      # (appeared, disappeared) event ids
    links: tuple = ((), ())                         # (gained, lost) (passage id, actor id)
    queue: tuple = ((), ())                         # (opened, closed) lines
    problems: str = ""                              # the head does not build: its problems

    def empty(self) -> bool:
        return not (any(a or r or c for a, r, c in self.records.values()) or any(self.disputes)
                    or any(self.links) or any(self.queue) or self.problems)


def _export(repo: Path, rev: str | None, into: Path) -> Path:
    """The files of *rev* (None: the working tree, tracked and untracked but
    not ignored) under *into*."""
    into.mkdir(parents=True)
    if rev is None:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=repo, capture_output=True, check=True).stdout.split(b"\0")
        for name in filter(None, listed):
            source = repo / name.decode("utf-8", "surrogateescape")
            if source.is_file() and not source.is_symlink():
                target = into / name.decode("utf-8", "surrogateescape")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(source.read_bytes())
        return into
    archive = into.parent / f"{into.name}.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), rev], cwd=repo, check=True,
                   capture_output=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    archive.unlink()
    return into


def _build(root: Path) -> tuple[dict, list[str], str]:
    """(data files by name, editorial queue lines, problems) of a tree, built
    by its own scripts."""
    env = dict(os.environ, PYTHONPATH=str(root), SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "0"))
    out = root / "_diff_out"
    built = subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), "build", "--out", str(out)],
                           cwd=root, env=env, capture_output=True, text=True)
    if built.returncode != 0:
        return {}, [], built.stderr.strip() or built.stdout.strip()
    data = {}
    for path in sorted((out / "data").glob("*.json")):
        data[path.name] = json.loads(path.read_text("utf-8"))
    checked = subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), "check", "--verbose"],
                             cwd=root, env=env, capture_output=True, text=True)
    queue = [line.strip() for line in checked.stdout.splitlines() if line.startswith("  ")
             and not line.startswith("    why:")]
    return data, queue, ""


def _by_id(records) -> dict:
    return {str(r.get("id")): r for r in records or [] if isinstance(r, dict)}


#: Longer texts (a summary) are named as changed, not quoted twice.
SHORT_VALUE = 120


def _changed_fields(old: dict, new: dict) -> list[str]:
    """The fields that differ, those a reviewer reads first first; a count
    with its two values ("passages 147 → 149": an actor newly named in two
    passages, not a bare "passages"), a short text with its two values
    (a title, a date), a list of ids with how many were added and removed
    ("tags +1")."""
    keys = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    keys.sort(key=lambda k: (k not in SHOWN, SHOWN.index(k) if k in SHOWN else 0, k))
    return [_counted(k, old.get(k), new.get(k)) for k in keys]


def _counted(key: str, old, new) -> str:
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (old, new)):
        return f"{key} {old} → {new}"           # a count (actors.json: passages)
    if all(isinstance(v, str) and len(v) <= SHORT_VALUE for v in (old, new)):
        return f"{key} “{_text(old)}” → “{_text(new)}”"     # a title, a date: both, side by side
    if not (isinstance(old, list) and isinstance(new, list)
            and all(isinstance(v, str) for v in old + new)):
        return key
    added, removed = len(set(new) - set(old)), len(set(old) - set(new))
    counts = " ".join(part for part in (f"+{added}" if added else "", f"−{removed}" if removed else "") if part)
    return f"{key} {counts}" if counts else key


def compare(base: tuple, head: tuple, base_name: str, head_name: str) -> Report:
    (old, old_queue, old_problems), (new, new_queue, new_problems) = base, head
    report = Report(base_name, head_name, problems=new_problems)
    if new_problems or old_problems:
        # A tree that does not build has no data: compared, every source,
        # event and link of the other would be listed as removed or added.
        if not new_problems:
            report.problems = f"(the base, {base_name}, does not build)\n{old_problems}"
        for kind, _name, _label in KINDS:
            report.records[kind] = ([], [], [])
        return report
    for kind, name, label in KINDS:
        before, after = _by_id(old.get(name)), _by_id(new.get(name))
        added = [(i, _record_label(after[i], label)) for i in sorted(set(after) - set(before))]
        removed = [(i, _record_label(before[i], label)) for i in sorted(set(before) - set(after))]
        changed = [(i, _record_label(after[i], label), _changed_fields(before[i], after[i]))
                   for i in sorted(set(before) & set(after)) if before[i] != after[i]]
        report.records[kind] = (added, removed, changed)
    disputed = [{str(e.get("id")) for e in data.get("events.json") or [] if e.get("disputed")} for data in (old, new)]
    report.disputes = (sorted(disputed[1] - disputed[0]), sorted(disputed[0] - disputed[1]))
    links = [{(str(p.get("id")), str(a)) for p in data.get("passages.json") or [] for a in p.get("actors") or []}
             for data in (old, new)]
    report.links = (sorted(links[1] - links[0]), sorted(links[0] - links[1]))
    report.queue = (sorted(set(new_queue) - set(old_queue)), sorted(set(old_queue) - set(new_queue)))
    return report


def _tree(repo: Path, rev: str) -> str | None:
    """The id of *rev*'s tree (two commits with one tree build one site), or None."""
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{tree}}"], cwd=repo,
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


def run(repo: Path, base: str, head: str | None = None) -> Report:
    with tempfile.TemporaryDirectory(prefix="portal-diff-") as folder:
        built_base = _build(_export(repo, base, Path(folder) / "base"))
        same = head is not None and _tree(repo, head) is not None and _tree(repo, head) == _tree(repo, base)
        built_head = built_base if same else _build(_export(repo, head, Path(folder) / "head"))
        return compare(built_base, built_head, base, head or "the working tree")


# --------------------------------------------------------------------------- output

def _text(value: str) -> str:
    """A value from sources/ as Markdown text: HTML escaped, one line, no table pipes."""
    # Quotes stay as typed: only what Markdown would read as HTML is escaped.
    return html.escape(value, quote=False).replace("|", "\\|").replace("\n", " ")


def _records_md(report: Report) -> list[str]:
    out = []
    for kind, (added, removed, changed) in report.records.items():
        if not (added or removed or changed):
            continue
        out.append(f"\n### {kind.capitalize()}\n")
        out += [f"- added `{i}`: {_text(label)}" for i, label in added]
        out += [f"- removed `{i}`: {_text(label)}" for i, label in removed]
        out += [f"- changed `{i}` ({', '.join(fields)}): {_text(label)}" for i, label, fields in changed]
    return out


def _queue_line(line: str, appeared: bool) -> str:
    """One queue line of ``check --verbose`` that appeared or disappeared:
    an open item is opened or closed; an explained one is explained (an
    explanation was added) or no longer explained."""
    if line.startswith("explained "):
        return f"- {'explained' if appeared else 'no longer explained'}: {_text(line[len('explained '):])}"
    return f"- {'opened' if appeared else 'closed'}: {_text(line)}"


FENCE = "`" * 3


def markdown(report: Report) -> str:
    """The report as GitHub Markdown (values from sources/ escaped, ids in code spans)."""
    lines = ["## What this change does on the site\n", f"Compared: `{report.base}` → {_text(report.head)}.\n"]
    if report.problems:
        lines.append(f"**The change does not build:**\n\n{FENCE}text\n"
                     + report.problems[-3000:].replace(FENCE, "'''") + f"\n{FENCE}\n")
    if report.empty():
        lines.append("No change to sources, events, actors, notes, periods, disputes, links or the queue.")
    lines += _records_md(report)
    appeared, gone = report.disputes
    if appeared or gone:
        lines.append("\n### Disputes\n")
        lines += [f"- appears: `{i}`" for i in appeared] + [f"- disappears: `{i}`" for i in gone]
    gained, lost = report.links
    if gained or lost:
        lines.append("\n### Links between passages and actors\n")
        lines += [f"- gained: `{p}` → `{a}`" for p, a in gained[:200]] + [f"- lost: `{p}` → `{a}`" for p, a in lost[:200]]
    opened, closed = report.queue
    if opened or closed:
        lines.append("\n### Editorial queue\n")
        lines += [_queue_line(q, True) for q in opened] + [_queue_line(q, False) for q in closed]
    return "\n".join(lines) + "\n"


def html_page(report: Report) -> str:
    """The report as a self-contained HTML page (every value escaped once;
    the layout is ``scripts/templates/sitediff.html``)."""
    from scripts.renderer.templates import render

    blocks: list[tuple[str, object]] = []
    in_list = False
    for line in markdown(report).split("\n"):
        item = line.startswith("- ")
        # The Markdown holds values HTML-escaped already: unescape (the template escapes once).
        plain = html.unescape(line).replace("\\|", "|")
        if item and not in_list:
            blocks.append(("list", []))
        in_list = item
        if item:
            blocks[-1][1].append(_code_runs(plain[2:]))
        elif line.startswith("## "):
            blocks.append(("h1", _code_runs(plain[3:])))
        elif line.startswith("### "):
            blocks.append(("h2", _code_runs(plain[4:])))
        elif line.strip() and not line.startswith(FENCE):
            blocks.append(("p", _code_runs(plain)))
    return render("sitediff.html", None, b"", blocks=blocks)


def _code_runs(text: str) -> list[tuple[bool, str]]:
    """"changed `iraq` (title)" → [(False, "changed "), (True, "iraq"), (False, " (title)")]:
    the report's code spans (ids, revisions), for the page to set as code."""
    return [(number % 2 == 1, run) for number, run in enumerate(text.split("`")) if run]
