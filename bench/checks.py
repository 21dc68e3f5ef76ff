"""Equivalence checks of the performance shortcuts in scripts/ (they must
never change output): ``python -m bench.checks`` (also run by ``make bench``).

* ``parse_edtf``: the plain-date fast path against the edtf library, on
  every plain form of many years, all months 00–25 and days 00–32 (same
  EdtfDate, or the same error message);
* ``normalize_with_map`` / ``normalize``: against the original per-character
  loop, on the real texts and on strings full of odd white space;
* ``matcher.fold``: against ``str.translate(FOLD)``;
* ``urls._relpath``: against ``posixpath.relpath``;
* ``export._dataset_json``: against encoding the whole dataset again;
* with ``--against REV``: the whole pipeline output (every page and data
  file) and the whole built site (every file, byte for byte: the hook's
  work included) of the working tree's scripts/ against REV's, on the real
  project and on a 50-source synthetic corpus.
"""

from __future__ import annotations

import itertools
import posixpath
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, copy_project, log


def _reference_normalize_with_map(text: str):
    from scripts.matcher import fold
    out, where = [], []
    pending_space = False
    for index, char in enumerate(fold(text)):
        if char.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            where.append(index - 1)
            pending_space = False
        out.append(char)
        where.append(index)
    return "".join(out), where


def check_edtf(sample: int = 1200) -> list[str]:
    import scripts.edtfdates as ed
    if not hasattr(ed, "_plain_bounds"):
        return []
    rng = random.Random(3)
    years = ["0000", "0001", "0850", "1000", "1582", "1733", "1900", "1944", "1972", "2000", "2012", "2024", "2100",
             "9999"]
    texts = set(years)
    for year in years:
        for month in range(0, 26):
            texts.add(f"{year}-{month:02d}")
    for _ in range(sample):
        year = rng.choice(years + [f"{rng.randint(1000, 2100):04d}"])
        texts.add(f"{year}-{rng.randint(0, 14):02d}-{rng.randint(0, 32):02d}")
    for year in ("1900", "2000", "2023", "2024"):
        for day in (28, 29, 30, 31):
            texts.add(f"{year}-02-{day:02d}")
    texts |= {"1972-4", "72-04", "1972-04-9", "197X", "1970~", "1986/1988", "1972-04-09T10:00", "١٩٧٢"}

    def outcome(text):
        try:
            return ed.parse_edtf(text)
        except ed.EdtfError as error:
            return f"error: {error}"

    fast = {}
    for text in sorted(texts):
        fast[text] = outcome(text)
    original = ed._plain_bounds
    def clear_caches():
        for name in ("parse_edtf", "_parse_edtf"):
            function = getattr(ed, name, None)
            if hasattr(function, "cache_clear"):
                function.cache_clear()

    ed._plain_bounds = lambda text: None            # library only
    clear_caches()
    try:
        slow = {text: outcome(text) for text in sorted(texts)}
    finally:
        ed._plain_bounds = original
        clear_caches()
    return [f"parse_edtf({t!r}): fast {fast[t]!r} ≠ library {slow[t]!r}" for t in sorted(texts) if fast[t] != slow[t]]


def check_normalize() -> list[str]:
    from scripts.textnorm import normalize, normalize_with_map
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "sources" / "texts").glob("*.txt"))]
    texts += [p for t in texts for p in t.split("\n\n")]
    rng = random.Random(5)
    alphabet = list("ab ’‘“”–—-\t\n\r\u00a0\u2009\u3000\u200b\x1c\x85ق ж") + [" "] * 5
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += ["", " ", "  a  ", "\n", "a", " \u00a0 b\u2028c "]
    problems = []
    for text in texts:
        if normalize_with_map(text) != _reference_normalize_with_map(text):
            problems.append(f"normalize_with_map({text[:40]!r}) differs")
        if normalize(text) != _reference_normalize_with_map(text)[0]:
            problems.append(f"normalize({text[:40]!r}) differs")
    return problems[:20]


def check_fold() -> list[str]:
    from scripts.matcher import FOLD, fold
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "sources" / "texts").glob("*.txt"))]
    rng = random.Random(9)
    alphabet = [chr(c) for c in FOLD] + list("ab '-\"ж") + ["\u2019\u2019", "\u00e9"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    return [f"fold({t[:40]!r}) differs from str.translate" for t in texts if fold(t) != t.translate(FOLD)][:20]


def check_dataset_json() -> list[str]:
    import scripts.stages.export as export
    if not hasattr(export, "_dataset_json"):
        return []
    from bench.corpus import load_real
    data = export.records(load_real(ROOT).corpus)
    tricky = {"actors": [], "events": [{"a\nb": "line\nbreak \u2028 \"quoted\" ’", "n": [1, 2.5, None, True],
                                       "nested": {"x": [], "y": {}, "z": [{"k": "v"}]}}],
              "glossary": [{"term": "é\\"}], "passages": [[]], "periods": [{}], "sources": ["\t"]}
    problems = []
    for label, records in (("real project", data), ("tricky values", tricky)):
        encoded = {name: export._json(records[name]) for name in records}
        dataset = {"version": "v1\n", "built": "2024-01-01", "license_note": "x", **records}
        if export._dataset_json(dataset, encoded) != export._json(dataset):
            problems.append(f"{label}: _dataset_json differs from _json(dataset)")
    return problems


def check_relpath() -> list[str]:
    import scripts.urls as urls
    if not hasattr(urls, "_relpath"):
        return []
    dirs = [".", "sources", "actors", "events", "themes", "about", "a/b", "a/b/c", "editors", "./sources",
            "sources/", "a//b"]
    files = ["index.html", "sources/x.html", "actors/iraq.html", "a/b/c.html", "a/b/c/d.html", "a/x.html",
             "themes/index.html", "./sources/x.html", "sources//x.html", "about/index.html"]
    problems = []
    for path, start in itertools.product(files, dirs):
        urls._relpath.cache_clear()
        if urls._relpath(path, start) != posixpath.relpath(path, start):
            problems.append(f"_relpath({path!r}, {start!r}) = {urls._relpath(path, start)!r}, "
                            f"posixpath: {posixpath.relpath(path, start)!r}")
    return problems


def _pipeline_output(root: Path) -> dict:
    """Pages and files of the pipeline of ROOT's scripts/ on ROOT's sources/."""
    code = ("import sys, json, hashlib; sys.path.insert(0, sys.argv[1]);"
            "from pathlib import Path;"
            "from scripts.paths import ProjectPaths; from scripts.buildinfo import build_info;"
            "from scripts.pipeline import run;"
            "r = run(ProjectPaths(Path(sys.argv[1])), build_info(Path(sys.argv[1])));"
            "out = {p.path: hashlib.sha256(p.markdown.encode()).hexdigest() for p in r.pages};"
            "out.update({f.path: hashlib.sha256(f.content).hexdigest() for f in r.files});"
            "out.update({'block:' + k: hashlib.sha256(v.encode()).hexdigest() for k, v in r.blocks.items()});"
            "print(json.dumps(out))")
    from bench.common import bench_env
    done = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True,
                          env=bench_env(), cwd=root, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    import json
    return json.loads(done.stdout.strip().splitlines()[-1])


def check_against(rev: str, sizes=(50,)) -> list[str]:
    """Byte-identical pipeline output of the working tree's scripts/ and REV's."""
    from bench.corpus import generate, load_real
    problems = []
    with tempfile.TemporaryDirectory(prefix="bench-checks-") as tmp:
        tmp = Path(tmp)
        new = copy_project(tmp / "new")
        old = copy_project(tmp / "old", parts=("mkdocs.yml", "docs", "overrides", "sources"))
        archive = subprocess.run(["git", "archive", rev, "scripts"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        projects = [("real project", new, old)]
        real = load_real(new)
        for size in sizes:
            synthetic = generate(real, size, tmp / f"syn-{size}-new").root
            twin = copy_project(tmp / f"syn-{size}-old", sources=synthetic / "sources",
                                parts=("mkdocs.yml", "docs", "overrides", "sources"))
            subprocess.run(["tar", "-x", "-C", str(twin)], input=archive.stdout, check=True)
            projects.append((f"{size} synthetic sources", synthetic, twin))
        for label, a, b in projects:
            out_a, out_b = _pipeline_output(a), _pipeline_output(b)
            differing = sorted(k for k in set(out_a) | set(out_b) if out_a.get(k) != out_b.get(k))
            log(f"checks: {label}: {len(out_a)} pipeline outputs, {len(differing)} differ from {rev}")
            problems += [f"{label}: {k} differs from {rev}" for k in differing[:20]]
            # The whole site too (the hook's work included): every file, byte for byte.
            from bench.common import probe
            probe("mkdocs", a, a / "site")
            probe("mkdocs", b, b / "site")
            site_a, site_b = _tree(a / "site"), _tree(b / "site")
            differing = sorted(k for k in set(site_a) | set(site_b) if site_a.get(k) != site_b.get(k))
            log(f"checks: {label}: {len(site_a)} site files, {len(differing)} differ from {rev}")
            problems += [f"{label}: site/{k} differs from {rev}" for k in differing[:20]]
    return problems


def _tree(root: Path) -> dict:
    import hashlib
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def run_checks(against: str | None = None) -> dict[str, list[str]]:
    results = {"parse_edtf fast path = edtf library": check_edtf(),
               "normalize / normalize_with_map = per-character loop": check_normalize(),
               "matcher.fold = str.translate(FOLD)": check_fold(),
               "urls._relpath = posixpath.relpath": check_relpath(),
               "export._dataset_json = json.dumps of the whole dataset": check_dataset_json()}
    if against:
        results[f"pipeline output and built site identical to {against}"] = check_against(against)
    return results


def main() -> int:
    against = sys.argv[sys.argv.index("--against") + 1] if "--against" in sys.argv else None
    results = run_checks(against)
    failed = 0
    for name, problems in results.items():
        print(f"{'PASS' if not problems else 'FAIL'}  {name}")
        for problem in problems:
            print(f"      {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
