"""References that cannot drift (scripts/refpins.py): a reference pinned to
its paragraph's text, [[source/pN#pin]], is reported when cleaning moves the
paragraphs, with where its text is now; `make fix-refs` rewrites it. The
curated prose is pinned; pins change nothing a reader sees."""

from __future__ import annotations

import re

from scripts.claims.references import pin_of, sentences
from scripts.paths import ProjectPaths
from scripts.refpins import REF_GROUP, curated_files, current_passages
from tests.helpers import ROOT, copy_project, edit_entry, run_cli


def test_a_pin_is_the_text_with_white_space_folded():
    assert pin_of("Relations  began\nin 1944.") == pin_of("Relations began in 1944.")
    assert pin_of("Relations began in 1944.") != pin_of("Relations began in 1945.")
    [sentence], problems = sentences("It began.[[a-source/p3#a1b2c3, note:x]]")
    assert problems == [] and sentence.refs == ("a-source/p3", "note:x") and sentence.pins == (("a-source/p3", "a1b2c3"),)


def test_every_paragraph_reference_of_the_curated_prose_is_pinned_to_its_text():
    paths = ProjectPaths(ROOT)
    passages = current_passages(paths)
    refs = [item.strip() for path in curated_files(paths) for group in REF_GROUP.findall(path.read_text("utf-8"))
            for item in group.split(",") if "/p" in item]
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
    check = run_cli(root, "check")
    assert check.returncode == 1, check.describe()
    assert "no longer points at the text it pinned" in check.stderr
    assert f"the text it pinned is now paragraph {int(moved[0].rsplit('p', 1)[1]) - 1}" in check.stderr
    fixed = run_cli(root, "fix-refs")
    assert fixed.returncode == 0 and "references rewritten" in fixed.stdout, fixed.describe()
    assert f"[[{moved[0]}#" in fixed.stdout
    again = run_cli(root, "check")
    # (Fields that list passages, such as a note's `passages:`, are not pinned:
    # out of range they are reported as unknown passages, as before.)
    assert "no longer points at the text it pinned" not in again.stderr, again.describe()
    assert "[[" not in again.stderr, again.describe()
