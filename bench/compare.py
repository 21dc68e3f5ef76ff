"""Pipeline CPU time of several versions of scripts/ on the same corpora:
``python -m bench.compare REV [REV …] [--sizes 5,500] [--runs 3]``.

``WORKTREE`` stands for the working tree's scripts/. Every version runs on
identical inputs (the real project's sources/ and synthetic corpora made
once), in fresh processes; the table gives the median CPU time of the whole
pipeline and of each stage. Used for the before/after figures in README.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, WORK, Series, copy_project, fmt_seconds, log, md_table, probe

STAGES = ("load", "validate", "clean", "segment", "link", "render", "export")


def _with_scripts(project: Path, rev: str, dst: Path) -> Path:
    copy_project(dst, sources=project / "sources", parts=("mkdocs.yml", "docs", "overrides", "sources"))
    if rev == "WORKTREE":
        shutil.copytree(ROOT / "scripts", dst / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(["git", "archive", rev, "scripts"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dst)], input=archive.stdout, check=True)
    return dst


def main() -> int:
    args = sys.argv[1:]
    sizes = [int(x) for x in args[args.index("--sizes") + 1].split(",")] if "--sizes" in args else [500]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    revs = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or not args[i - 1].startswith("--"))]
    from bench.corpus import generate, load_real
    (WORK / "tmp").mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="compare-", dir=WORK / "tmp"))
    try:
        real_root = copy_project(tmp / "real")
        real = load_real(real_root)
        corpora = [("real", real_root)] + [(str(n), generate(real, n, tmp / f"syn-{n}").root) for n in sizes]
        rows = []
        for label, project in corpora:
            for rev in revs:
                target = _with_scripts(project, rev, tmp / f"{label}-{rev.replace('/', '_')}")
                results = [probe("pipeline", target, timeout=3600) for _ in range(runs)]
                total = Series([r["cpu"] for r in results])
                stages = {s: Series([r["cpu_timings"].get(s, 0.0) for r in results]).median for s in STAGES}
                rows.append([label, rev, total.fmt()] + [fmt_seconds(stages[s]) for s in STAGES])
                log(f"{label} {rev}: {total.fmt()}")
                shutil.rmtree(target, ignore_errors=True)
        print(md_table(["Corpus", "scripts/ at", "Pipeline CPU"] + list(STAGES), rows))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
