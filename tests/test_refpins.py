"""References that cannot drift (scripts/refpins.py): a reference pinned to
its paragraph's text, [[source/pN#pin]], is reported when cleaning moves the
paragraphs, with where its text is now; `make fix-refs` rewrites it. The
curated prose is pinned; pins change nothing a reader sees."""

from __future__ import annotations

import re

from scripts.claims.references import drift, pin_of, sentences
from scripts.paths import ProjectPaths
from scripts.refpins import GROUP_OR_BARE, REF_GROUP, curated_files, current_passages, field_span
from tests.helpers import ROOT, check_in_process, cli_in_process, copy_project, edit_entry, run_cli


def test_a_pin_is_the_text_with_white_space_folded():
    assert pin_of("Relations  began\nin 1944.") == pin_of("Relations began in 1944.")
    assert pin_of("Relations began in 1944.") != pin_of("Relations began in 1945.")
    [sentence], problems = sentences("It began.[[a-source/p3#a1b2c3, note:x]]")
    assert problems == [] and sentence.refs == ("a-source/p3", "note:x") and sentence.pins == (("a-source/p3", "a1b2c3"),)


def test_drift_says_where_the_pinned_text_went_or_that_it_is_gone():
    """One decision and one wording for the claims check (prose), the gate
    (fields) and `make fix-refs`: still pinned, moved to the one paragraph
    holding the text, or gone (no paragraph, or several, hold it)."""
    numbered = {1: "The first paragraph.", 2: "The second paragraph.", 3: "Twice.", 4: "Twice."}
    pin = pin_of("The second paragraph.")
    assert drift("a-source/p2", pin, numbered[2], numbered.items()) is None
    moved = drift("a-source/p1", pin, numbered[1], numbered.items())
    assert moved.now == 2 and moved.message.startswith("no longer points at the text it pinned")
    assert "now paragraph 2: run `make fix-refs`" in moved.message and f"a-source/p2#{pin}" in moved.message
    numbered_later = {n - 1: text for n, text in numbered.items() if n > 1}     # no paragraph 5 any more
    assert drift("a-source/p5", pin, None, numbered_later.items()).now == 1
    for gone in (drift("a-source/p2", pin_of("Rewritten."), numbered[2], numbered.items()),
                 drift("a-source/p1", pin_of("Twice."), numbered[1], numbered.items())):
        assert gone.now is None
        assert f"without `#{gone.pin}`, then run `make pin-refs`" in gone.message and "fix-refs" not in gone.message
    class NotToBeRead:          # the usual case hashes one paragraph, not the whole source
        def __iter__(self):
            raise AssertionError("drift read the source's paragraphs for a reference that still points right")

    assert drift("a-source/p2", pin, numbered[2], NotToBeRead()) is None


def test_every_paragraph_reference_of_the_curated_prose_is_pinned_to_its_text():
    paths = ProjectPaths(ROOT)
    passages = current_passages(paths)
    refs = [item.strip() for path in curated_files(paths) for group in REF_GROUP.findall(path.read_text("utf-8"))
            for item in group.split(",") if re.match(r"\s*[a-z0-9-]+/p\d", item)]    # not a comment's "source/pN"
    assert refs
    for ref in refs:
        found = re.fullmatch(r"([a-z0-9-]+)/p(\d+)#([0-9a-f]{6})", ref)
        assert found, f"{ref} is not pinned: run `python -m scripts pin-refs`"
        assert pin_of(passages[found.group(1)][int(found.group(2))]) == found.group(3), ref


def test_moved_paragraphs_are_reported_and_fix_refs_rewrites_the_references(tmp_path):
    root = copy_project(tmp_path / "project")
    paths = ProjectPaths(root)
    passages = current_passages(paths)
    cited = {item.strip().split("#")[0] for path in curated_files(paths)
             for group in REF_GROUP.findall(path.read_text("utf-8")) for item in group.split(",")}
    # An uncited paragraph with cited ones after it: dropping it moves them.
    # (A plain text: its cleaning rules apply; a TEI document's paragraphs are not cleaned.)
    texts = {s for s in passages if "\nfile: texts/" in "\n" + (root / f"sources/catalog/{s}.yml").read_text("utf-8")}
    source, number = next((s, n) for s, numbered in sorted(passages.items()) if s in texts for n in sorted(numbered)
                          if f"{s}/p{n}" not in cited and "\n" not in numbered[n]
                          and any(f"{s}/p{m}" in cited for m in numbered if m > n))
    dropped = passages[source][number]
    rule = {"id": "drop-for-test", "match": re.escape(" ".join(dropped.split())), "action": "drop",
            "reason": "A test moves the paragraphs."}
    edit_entry(root, "catalog", source, lambda entry: entry["cleaning"].insert(0, rule))
    moved = sorted(f"{source}/p{m}" for m in passages[source] if m > number and f"{source}/p{m}" in cited)
    check = check_in_process(root)
    assert check.returncode == 1, check.describe()
    assert "no longer points at the text it pinned" in check.stderr
    assert f"the text it pinned is now paragraph {int(moved[0].rsplit('p', 1)[1]) - 1}" in check.stderr
    fixed = run_cli(root, "fix-refs")                   # the command an editor types
    assert fixed.returncode == 0 and "references rewritten" in fixed.stdout, fixed.describe()
    assert f"{moved[0]}#" in fixed.stdout
    again = check_in_process(root)
    assert "no longer points at the text it pinned" not in again.stderr, again.describe()
    assert "[[" not in again.stderr, again.describe()


def _field_refs(paths: ProjectPaths) -> list[tuple[str, int, str]]:
    """(file, line, reference) of every passage a field lists (outside [[…]])."""
    found = []
    for path in curated_files(paths):
        text = path.read_text("utf-8")
        span = field_span(path, text)
        for match in GROUP_OR_BARE.finditer(text, *span) if span else ():
            if match.group("ref"):
                found.append((paths.display(path), text.count("\n", 0, match.start()) + 1, match.group("ref")))
    return found


def test_every_passage_a_field_lists_is_pinned_to_its_text():
    """A note's `passages:`, an event's `inferred.passages`, a role's
    `passage:` … are pinned like the references of prose."""
    paths = ProjectPaths(ROOT)
    passages = current_passages(paths)
    refs = _field_refs(paths)
    assert any("/notes/" in f for f, _l, _r in refs) and any("/actors/" in f for f, _l, _r in refs)
    for display, line, ref in refs:
        found = re.fullmatch(r"([a-z0-9-]+)/p(\d+)#([0-9a-f]{6})", ref)
        assert found, f"{display}:{line}: {ref} is not pinned: run `python -m scripts pin-refs`"
        assert pin_of(passages[found.group(1)][int(found.group(2))]) == found.group(3), (display, ref)


def test_a_moved_passage_of_a_field_is_named_by_the_gate_and_fix_refs_moves_it(tmp_path):
    """Cleaning drops a paragraph: a field that lists a later paragraph of
    that text (it silently pointed at other text before) is named by the
    gate at its line, with where its text is now; `make fix-refs` moves it,
    and the gate's pins check passes again."""
    root = copy_project(tmp_path / "project")
    (root / "CHANGELOG.md").write_text((ROOT / "CHANGELOG.md").read_text("utf-8"), "utf-8")
    paths = ProjectPaths(root)
    passages = current_passages(paths)
    listed = _field_refs(paths)
    cited = {item.strip().split("#")[0] for path in curated_files(paths)
             for group in REF_GROUP.findall(path.read_text("utf-8")) for item in group.split(",")}
    cited |= {ref.split("#")[0] for _f, _l, ref in listed}
    texts = {s for s in passages if "\nfile: texts/" in "\n" + (root / f"sources/catalog/{s}.yml").read_text("utf-8")}
    source, number, (display, line, ref) = next(
        (s, n, field) for s, numbered in sorted(passages.items()) if s in texts for n in sorted(numbered)
        if f"{s}/p{n}" not in cited and "\n" not in numbered[n]
        for field in listed if field[2].startswith(f"{s}/p") and int(field[2].split("/p")[1].split("#")[0]) > n)
    rule = {"id": "drop-for-test", "match": re.escape(" ".join(passages[source][number].split())),
            "action": "drop", "reason": "A test moves the paragraphs."}
    edit_entry(root, "catalog", source, lambda entry: entry["cleaning"].insert(0, rule))
    old_number = int(ref.split("/p")[1].split("#")[0])
    gate = check_in_process(root, "--strict")
    assert gate.returncode == 1 and "FAIL pins" in gate.stderr, gate.describe()
    assert f"{display}:{line}: {ref} no longer points at the text it pinned" in gate.stderr, gate.describe()
    assert f"the text it pinned is now paragraph {old_number - 1}: run `make fix-refs`" in gate.stderr, gate.describe()
    fixed = cli_in_process(root, "fix-refs")
    assert f"{display}:{line}: {ref} -> {source}/p{old_number - 1}#{ref.split('#')[1]}" in fixed.stdout, fixed.describe()
    again = check_in_process(root, "--strict")
    assert "ok   pins" in again.stdout, again.describe()
