"""``make bench`` = ``python -m bench.run``: measure, print, write bench/results.md.

Sections (``--only 1,3`` runs some of them):

0. equivalence checks of the performance shortcuts in scripts/ (bench/checks.py);
1. the real project: pipeline stages, MkDocs-only render of the same pages,
   the full strict build, memory, ratios;
2. scale series on synthetic corpora (5, 50, 500, 1000 sources);
3. mention linking: NameMatcher time per MB with 100 vs 10,000 aliases;
4. editing loop under ``mkdocs serve``;
5. page weight of a first visit (Playwright + Chromium) and the search index;
6. Lighthouse 12 on the same pages;
7. hostile inputs: every bounded step at n and 2n (bench/hostile.py).

Every figure is a median over several runs with its min–max spread; the
tables say how many runs. Ratios matter more than seconds (the machine is
shared and noisy). ``--quick`` does fewer runs and sizes (for development).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench.common import (
    ROOT,
    WORK,
    Series,
    bench_env,
    copy_project,
    dir_bytes,
    dir_disk_bytes,
    fmt_bytes,
    fmt_percent,
    fmt_ratio,
    fmt_seconds,
    log,
    md_table,
    probe,
    verdict,
)
from bench.hostile import section_hostile

STAGES = ("load", "validate", "clean", "segment", "link", "render", "export")
SIZES = (5, 50, 500, 1000)
# Repetitions: (pipeline runs, full-build runs) per size.
REPEATS = {5: (7, 3), 50: (5, 3), 500: (3, 1), 1000: (3, 1)}
QUICK_REPEATS = {5: (3, 1), 50: (3, 1), 500: (1, 1), 1000: (1, 1)}
RESULTS = ROOT / "bench" / "results.md"


class Report:
    """Sections of results.md plus the budget table at its top."""

    def __init__(self):
        self.sections: dict[int, str] = {}
        self.budgets: list[tuple[str, str, str, bool | None]] = []
        self.notes: list[str] = []
        self.started = time.time()
        self.data: dict = {}

    def budget(self, name: str, target: str, measured: str, ok: bool | None) -> None:
        self.budgets.append((name, target, measured, ok))
        log(f"budget {name}: {measured} (target {target}) → {'PASS' if ok else 'FAIL' if ok is not None else '—'}")

    def write(self, final: bool = False) -> None:
        import material
        import mkdocs
        out = ["# Benchmark results\n",
               f"Written by `make bench` (`python -m bench.run`) on {dt.datetime.now():%Y-%m-%d %H:%M}, "
               f"{'in ' + fmt_seconds(time.time() - self.started) + ' in all' if final else '(incomplete: still running)'}. "
               f"Machine: {_cpu()} ({os.cpu_count()} cores), {_memory()}; Python {platform.python_version()}, "
               f"MkDocs {mkdocs.__version__}, Material {material.__version__ if hasattr(material, '__version__') else '9.x'}. "
               "Figures are **medians** with the (min–max) spread over *n* runs; the machine is shared "
               "and noisy, so compare ratios rather than seconds. How each figure is taken: "
               "[README.md](README.md).\n"]
        if self.budgets:
            out.append("## Budgets\n")
            out.append(md_table(["Budget", "Target", "Measured", "Verdict"],
                                [[n, t, m, verdict(ok)] for n, t, m, ok in self.budgets]))
        for note in self.notes:
            out.append(f"> {note}\n")
        for key in sorted(self.sections):
            out.append(self.sections[key])
        RESULTS.write_text("\n".join(out), "utf-8")
        (WORK / "results.json").write_text(json.dumps(self.data, indent=1, default=str), "utf-8")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return "unknown RAM"


def slope(x1: float, y1: float, x2: float, y2: float) -> float:
    return math.log(y2 / y1) / math.log(x2 / x1)


# ------------------------------------------------------------------ real project snapshot


def snapshot_real(attempts: int = 8, wait: float = 20.0):
    """Copy the project; run its pipeline. Sources are being curated while we
    run, so a snapshot that does not build is retried, then the last good one
    (bench/work/last-good-sources) is used."""
    from bench.corpus import load_real
    from scripts.errors import BuildFailed

    last_good = WORK / "last-good-sources"
    for attempt in range(1, attempts + 1):
        root = Path(tempfile.mkdtemp(prefix="real-", dir=WORK / "tmp"))
        copy_project(root)
        try:
            real = load_real(root)
        except BuildFailed as failure:
            log(f"the real project does not build right now (attempt {attempt}/{attempts}): "
                f"{len(failure.problems)} problem(s), e.g. {failure.problems[0]}")
            shutil.rmtree(root, ignore_errors=True)
            if attempt < attempts:
                time.sleep(wait)
            continue
        shutil.rmtree(last_good, ignore_errors=True)
        shutil.copytree(root / "sources", last_good)
        return root, real, None
    if last_good.is_dir():
        root = Path(tempfile.mkdtemp(prefix="real-", dir=WORK / "tmp"))
        copy_project(root, sources=last_good)
        return root, load_real(root), ("The working copy's sources/ did not build during the benchmark; "
                                       "the last snapshot that built (bench/work/last-good-sources) was used.")
    raise SystemExit("bench: the real project does not build and no earlier snapshot exists; "
                     "run `make check` and fix sources/ first")


# ------------------------------------------------------------------ section 1


def baseline_project(real_root: Path, dst: Path) -> Path:
    """A project with the pipeline's pages pre-written into docs/ and no hook."""
    copy_project(dst, parts=("docs", "overrides"))
    config = (real_root / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?m)^hooks:\n(?:  - .*\n)+", "", config)
    config = re.sub(r"(?m)^watch:\n(?:  - .*\n)+", "", config)
    # The template's "Cite this page" needs the build info the hook would set.
    from scripts.buildinfo import build_info
    info = build_info(real_root)
    config += ("\nextra:\n  build:\n"
               f"    version: {json.dumps(info.version)}\n    commit: {json.dumps(info.commit)}\n"
               f"    date: {json.dumps(info.date.isoformat())}\n"
               f"    date_words: {json.dumps(f'{info.date.day} ' + info.date.strftime('%B %Y'))}\n")
    (dst / "mkdocs.yml").write_text(config, "utf-8")
    import subprocess
    done = subprocess.run([sys.executable, "-m", "scripts", "--root", str(real_root), "build", "--out",
                           str(dst / "docs")], cwd=ROOT, env=bench_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError("python -m scripts build failed:\n" + done.stdout + done.stderr)
    return dst


def pipeline_runs(root: Path, runs: int, warm: int = 0) -> list[dict]:
    out = []
    for k in range(runs):
        out.append(probe("pipeline", root, *(["--warm", warm] if warm and k == 0 else [])))
    return out


def stage_rows(runs: list[dict]) -> list[list]:
    rows = []
    wall_total = Series([r["total"] for r in runs])
    cpu_total = Series([r["cpu"] for r in runs])
    for stage in STAGES:
        wall = Series([r["timings"].get(stage, 0.0) for r in runs])
        cpu = Series([r["cpu_timings"].get(stage, 0.0) for r in runs])
        rows.append([stage, wall.fmt(), cpu.fmt(), fmt_percent(cpu.median / cpu_total.median)])
    rows.append(["**pipeline total**", wall_total.fmt(), cpu_total.fmt(), "100 %"])
    return rows


def section_checks(report: Report) -> None:
    from bench.checks import run_checks
    log("[0] equivalence checks of the performance shortcuts in scripts/…")
    results = run_checks()
    rows = [[name, "PASS" if not problems else "FAIL: " + "; ".join(problems[:3])] for name, problems in results.items()]
    report.sections[0] = "\n".join([
        "## 0. The performance shortcuts change no output\n",
        "`python -m bench.checks` compares each shortcut taken in scripts/ for speed with what it replaced "
        "(`python -m bench.checks --against REV` also compares the whole pipeline output, byte for byte, "
        "with another revision's scripts/ on the real project and a 50-source corpus).\n",
        md_table(["Check", "Result"], rows)])
    report.budget("Performance shortcuts give the same results as the code they replaced", "all equal",
                  f"{sum(not p for p in results.values())}/{len(results)} checks equal",
                  all(not p for p in results.values()))


def section_real(report: Report, real_root: Path, quick: bool) -> Path:
    n_pipe, n_build = (3, 2) if quick else (7, 5)
    log(f"[1] real project: pipeline ×{n_pipe} (cold processes)…")
    cold = pipeline_runs(real_root, n_pipe)
    warm_probe = probe("pipeline", real_root, "--warm", 5)
    memory = [probe("pipeline", real_root, "--trace") for _ in range(3 if not quick else 1)]
    counts = cold[0]["counts"]
    log(f"[1] MkDocs-only baseline ×{n_build}…")
    base = baseline_project(real_root, Path(tempfile.mkdtemp(prefix="baseline-", dir=WORK / "tmp")))
    baseline = [probe("mkdocs", base, base / "site") for _ in range(n_build)]
    log(f"[1] full build (mkdocs build --strict) ×{n_build}…")
    full = [probe("mkdocs", real_root, real_root / "site") for _ in range(n_build)]
    profiled = probe("mkdocs", real_root, real_root / "site-profile", "--profile")
    shutil.rmtree(real_root / "site-profile", ignore_errors=True)

    def both(runs, key=lambda r: r):
        return Series([key(r)["total"] for r in runs]), Series([key(r)["cpu"] for r in runs])

    pipe_w, pipe_c = both(cold)
    pin_w, pin_c = both(full, lambda r: r["pipeline"])
    full_w, full_c = both(full)
    base_w, base_c = both(baseline)
    full_wall = Series([r["process_wall"] for r in full])
    warm_w, warm_c = both(warm_probe["warm"])
    share_c = Series([r["pipeline"]["cpu"] / r["cpu"] for r in full])
    share_w = Series([r["pipeline"]["total"] / r["total"] for r in full])
    alone_c = Series([p / full_c.median for p in pipe_c.values])
    base_share_c = Series([b / full_c.median for b in base_c.values])
    hook_cost_c = full_c.median - base_c.median
    report.data["real"] = {"cold": cold, "warm": warm_probe, "memory": memory, "baseline": baseline,
                           "full": full, "profile": profiled}

    rows = stage_rows(cold)
    for row in rows[:-1]:
        row.append(Series([w["cpu_timings"].get(row[0], 0.0) for w in warm_probe["warm"]]).fmt())
    rows[-1].append(warm_c.fmt())
    text = ["## 1. The real project\n",
            f"{counts['sources']} sources ({fmt_bytes(counts['text_bytes'])} of text), {counts['passages']} passages, "
            f"{counts['actors']} actors, {counts['events']} events → {counts['pages']} generated pages "
            f"({fmt_bytes(counts['page_bytes'])} of Markdown) and {counts['files']} data files.\n",
            "### Pipeline stages\n",
            f"Each cold run is a fresh process (`python -m bench.probe pipeline`, n={pipe_w.n}; imports not "
            f"included: {Series([r['import'] for r in cold]).fmt()}). *Wall* is the pipeline's own "
            "`BuildResult.timings`; *CPU* is the process time spent in each stage function (steadier on a "
            "shared machine); shares are of CPU time. *Warm* = the same process running the pipeline again "
            f"(n={warm_c.n}), as `mkdocs serve` does on every change (the clean/segment caches hit).\n",
            md_table(["Stage", "Wall, cold: median (min–max)", "CPU, cold", "Share (CPU)", "CPU, warm"], rows),
            "### Builds and ratios\n",
            md_table(["Measure", "Wall: median (min–max)", "CPU: median (min–max)", "n"], [
                ["Pipeline alone (cold process)", pipe_w.fmt(), pipe_c.fmt(), pipe_w.n],
                ["Pipeline inside the full build (the hook's `on_pre_build`)", pin_w.fmt(), pin_c.fmt(), pin_w.n],
                ["MkDocs only: the same pages pre-generated into docs/, no hook (`mkdocs build --strict`)",
                 base_w.fmt(), base_c.fmt(), base_w.n],
                ["Full build = `make build` (`mkdocs build --strict`, in-process)", full_w.fmt(), full_c.fmt(), full_w.n],
                ["Full build incl. interpreter start and imports (process wall time)", full_wall.fmt(), "", full_wall.n],
            ]),
            md_table(["Ratio", "CPU: median (min–max)", "Wall: median (min–max)"], [
                ["**Pipeline (inside the build) / full build**", share_c.fmt("%"), share_w.fmt("%")],
                ["Pipeline (alone, cold) / full build", alone_c.fmt("%"),
                 Series([p / full_w.median for p in pipe_w.values]).fmt("%")],
                ["MkDocs only / full build", base_share_c.fmt("%"),
                 Series([b / full_w.median for b in base_w.values]).fmt("%")],
                ["(Full − MkDocs only) / pipeline alone (≈ 1: the hook adds nothing but the pipeline)",
                 fmt_ratio(hook_cost_c / pipe_c.median), fmt_ratio((full_w.median - base_w.median) / pipe_w.median)],
                ["Warm pipeline / cold pipeline", fmt_ratio(warm_c.median / pipe_c.median),
                 fmt_ratio(warm_w.median / pipe_w.median)],
            ]),
            "### Memory\n",
            md_table(["Measure", "Median (min–max)", "n"], [
                ["Pipeline: tracemalloc peak of Python allocations during `run()`",
                 Series([m["tracemalloc_peak"] for m in memory]).fmt("B"), len(memory)],
                ["Pipeline process: peak RSS (interpreter + imports + run)", Series([r["maxrss"] for r in cold]).fmt("B"), len(cold)],
                ["Pipeline process: peak RSS before `run()` (imports)", Series([r["rss_before"] for r in cold]).fmt("B"), len(cold)],
                ["Full build process: peak RSS", Series([r["maxrss"] for r in full]).fmt("B"), len(full)],
            ])]
    if profiled.get("profile"):
        total = profiled["profile_total"]
        prow = [[label, fmt_seconds(value), fmt_percent(value / total)]
                for label, value in sorted(profiled["profile"].items(), key=lambda kv: -kv[1])]
        text += ["### Where the full build spends its time (one run under cProfile)\n",
                 "Cumulative wall time of the main phases (they nest: the shares do not add up to 100 %; "
                 f"cProfile slows Python code down, most of all the pipeline's many small calls; "
                 f"profiled build: {fmt_seconds(total)}).\n",
                 md_table(["Phase", "Time", "Share of build"], prow)]
    report.sections[1] = "\n".join(text)
    report.budget("Pipeline ≤ 15 % of the full build (real project, CPU time; wall in brackets)", "≤ 15 %",
                  f"{fmt_percent(share_c.median)} ({fmt_percent(share_w.median)})", share_c.median <= 0.15)
    report.data["real_summary"] = {"pipeline_cpu": pipe_c.median, "full_cpu": full_c.median,
                                   "baseline_cpu": base_c.median}
    shutil.rmtree(base, ignore_errors=True)
    return real_root / "site"


# ------------------------------------------------------------------ section 2

#: tracemalloc makes the pipeline 4–5× slower: only for the smaller corpora.
TRACE_UP_TO = 500


def section_scale(report: Report, real, sizes, quick: bool) -> None:
    from bench.corpus import generate
    from bench.web import gzip_size

    repeats = QUICK_REPEATS if quick else REPEATS
    per_size = {}
    for size in sizes:
        n_pipe, n_build = repeats.get(size, (1, 1))
        root = Path(tempfile.mkdtemp(prefix=f"scale-{size}-", dir=WORK / "tmp"))
        try:
            started = time.perf_counter()
            generated = generate(real, size, root / "project")
            project = generated.root
            log(f"[2] {size} sources: generated in {fmt_seconds(time.perf_counter() - started)} "
                f"({generated.events} events, {generated.actors} actors); pipeline ×{n_pipe}…")
            pipes = pipeline_runs(project, n_pipe)
            memory = probe("pipeline", project, "--trace", timeout=3600) if size <= TRACE_UP_TO else None
            log(f"[2] {size} sources: pipeline {Series([p['cpu'] for p in pipes]).fmt()} CPU; full build ×{n_build}…")
            builds = []
            for k in range(n_build):
                site = root / f"site-{k}"
                builds.append(probe("mkdocs", project, site, timeout=3600))
                builds[-1]["site_bytes"] = dir_bytes(site)
                builds[-1]["site_disk"] = dir_disk_bytes(site)
                builds[-1]["site_files"] = sum(1 for p in site.rglob("*") if p.is_file())
                search = site / "search" / "search_index.json"
                if search.exists():
                    builds[-1]["search_index"] = search.stat().st_size
                    builds[-1]["search_index_gzip"] = gzip_size(search.read_bytes())
                if k == 0:
                    builds[-1]["home_weight"] = _home_weight(site)
                    largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
                    builds[-1]["largest_page"] = (largest.relative_to(site).as_posix(), largest.stat().st_size,
                                                  gzip_size(largest.read_bytes()))
                shutil.rmtree(site, ignore_errors=True)
            log(f"[2] {size} sources: full build {Series([b['cpu'] for b in builds]).fmt()} CPU, "
                f"{Series([b['total'] for b in builds]).fmt()} wall")
            per_size[size] = {"generated": generated.__dict__ | {"root": str(generated.root)}, "pipes": pipes,
                              "memory": memory, "builds": builds, "content_bytes": generated.input_bytes,
                              "repeats": (n_pipe, n_build)}
        finally:
            shutil.rmtree(root, ignore_errors=True)
        report.data["scale"] = per_size
        _scale_section(report, per_size, final=False)
        report.write()
    _scale_section(report, per_size, final=True)


def _home_weight(site: Path) -> int | None:
    """First-visit weight of the home page of a built site (Playwright)."""
    from bench.web import StaticServer, page_weights
    server = StaticServer(site)
    try:
        return page_weights(server, {"home": "index.html"})["home"]["total"]
    except Exception as error:              # a measurement, not a reason to stop the series
        log(f"[2] home page weight failed: {error}")
        return None
    finally:
        server.close()


def _pipeline_rss(d: dict) -> float:
    """The pipeline's own peak RSS: peak minus what the imports had taken."""
    return Series([p["maxrss"] - p["rss_before"] for p in d["pipes"]]).median


def _scale_section(report: Report, per_size: dict, final: bool) -> None:
    rows, stage_rows_, build_rows = [], [], []
    for size, d in per_size.items():
        c = d["pipes"][0]["counts"]
        pipe_c, pipe_w = Series([p["cpu"] for p in d["pipes"]]), Series([p["total"] for p in d["pipes"]])
        build_c, build_w = Series([b["cpu"] for b in d["builds"]]), Series([b["total"] for b in d["builds"]])
        share_c = Series([b["pipeline"]["cpu"] / b["cpu"] for b in d["builds"]])
        share_w = Series([b["pipeline"]["total"] / b["total"] for b in d["builds"]])
        rss = Series([p["maxrss"] for p in d["pipes"]])
        traced = fmt_bytes(d["memory"]["tracemalloc_peak"]) if d.get("memory") else "not run (slow)"
        rows.append([size, f"{c['passages']:,}", f"{c['events']:,}", f"{c['actors']:,}", f"{c['pages']:,}",
                     fmt_bytes(d["content_bytes"]), f"{pipe_c.fmt()} n={pipe_c.n}", f"{pipe_w.fmt()}",
                     rss.fmt("B"), traced])
        medians = {s: Series([p["cpu_timings"].get(s, 0.0) for p in d["pipes"]]).median for s in STAGES}
        stage_rows_.append([size] + [f"{fmt_seconds(medians[s])} ({fmt_percent(medians[s] / pipe_c.median)})"
                                     for s in STAGES])
        b0 = d["builds"][0]
        build_rows.append([size, f"{build_c.fmt()} n={build_c.n}", build_w.fmt(),
                           f"{share_c.fmt('%')}", f"{share_w.fmt('%')}",
                           fmt_seconds(build_c.median / c["pages"]),
                           Series([b["maxrss"] for b in d["builds"]]).fmt("B"),
                           f"{fmt_bytes(b0['site_bytes'])} ({fmt_bytes(b0['site_disk'])} on disk)", f"{b0['site_files']:,}",
                           fmt_ratio(b0["site_bytes"] / d["content_bytes"]),
                           f"{fmt_bytes(b0.get('search_index', 0))} ({fmt_bytes(b0.get('search_index_gzip', 0))} gzip)",
                           fmt_bytes(b0["home_weight"]) if b0.get("home_weight") else "—",
                           (f"`{b0['largest_page'][0]}` {fmt_bytes(b0['largest_page'][1])} "
                            f"({fmt_bytes(b0['largest_page'][2])} gzip)") if b0.get("largest_page") else "—"])
    text = ["## 2. Scale series (synthetic corpora)\n",
            "Corpora of N sources made from the five real texts by `bench/corpus.py` (paragraphs shuffled, "
            "people renamed, years shifted, a unique token per paragraph, raw-text chrome for the cleaner; "
            "real actors + synthetic people; up to 4 re-dated real events + 1 event quoting a paragraph by its "
            "token per source). Pipeline runs are cold processes. **Fewer runs at 500 and 1000 sources** "
            "(n is given in each cell): a full build there takes minutes.\n",
            md_table(["Sources", "Passages", "Events", "Actors", "Pages", "Inputs (sources/)",
                      "Pipeline CPU: median (min–max)", "Pipeline wall", "Peak RSS of the pipeline process",
                      "tracemalloc peak"], rows),
            "### Where the pipeline's time goes (CPU per stage, median, and share of the pipeline)\n",
            md_table(["Sources"] + list(STAGES), stage_rows_),
            "### Full build (`mkdocs build --strict`) and site size\n",
            md_table(["Sources", "Full build CPU", "Full build wall", "Pipeline / full build (CPU)",
                      "Pipeline / full build (wall)", "CPU per page", "Build peak RSS", "Site size", "Site files",
                      "Site / inputs", "search_index.json", "Home page, first visit (gzip)",
                      "Largest HTML page"], build_rows)]
    weights = [(size, d["builds"][0].get("home_weight")) for size, d in per_size.items()]
    weights = [(size, w) for size, w in weights if w]
    if weights:
        text.append("Page-weight budget (≤ 250 KB gzip per first visit) on the home page of each corpus: "
                    + ", ".join(f"{size} sources {fmt_bytes(w)} {'within' if w <= 250 * 1024 else '**over**'}"
                                for size, w in weights)
                    + ". Material's search worker downloads the whole `search_index.json` on every first "
                      "visit, so every page carries the index of the whole corpus (informational: the "
                      "budgets of section 5 are for the real site).\n")
    sizes = sorted(per_size)
    if 50 in per_size and sizes[-1] > 50:
        top = sizes[-1]
        a, b = per_size[50], per_size[top]

        def med(d, key):
            return Series([key(x) for x in d]).median

        pa, pb = med(a["pipes"], lambda p: p["cpu"]), med(b["pipes"], lambda p: p["cpu"])
        pwa, pwb = med(a["pipes"], lambda p: p["total"]), med(b["pipes"], lambda p: p["total"])
        fa, fb = med(a["builds"], lambda x: x["cpu"]), med(b["builds"], lambda x: x["cpu"])
        fwa, fwb = med(a["builds"], lambda x: x["total"]), med(b["builds"], lambda x: x["total"])
        ma, mb = _pipeline_rss(a), _pipeline_rss(b)
        sa, sb = a["builds"][0]["site_disk"], b["builds"][0]["site_disk"]
        ca, cb = a["content_bytes"], b["content_bytes"]
        exps = [["Pipeline time (CPU)", f"{slope(50, pa, top, pb):.2f}"],
                ["Pipeline time (wall)", f"{slope(50, pwa, top, pwb):.2f}"],
                ["Pipeline peak memory (RSS above the imports)", f"{slope(50, ma, top, mb):.2f}"],
                ["Full build time (CPU)", f"{slope(50, fa, top, fb):.2f}"],
                ["Full build time (wall)", f"{slope(50, fwa, top, fwb):.2f}"],
                ["Site size on disk (allocated blocks)", f"{slope(50, sa, top, sb):.2f}"],
                ["Content (inputs) size", f"{slope(50, ca, top, cb):.2f}"]]
        stage_exp = []
        for stage in STAGES:
            x = med(a["pipes"], lambda p: p["cpu_timings"].get(stage, 0.0))
            y = med(b["pipes"], lambda p: p["cpu_timings"].get(stage, 0.0))
            if x > 0 and y > 0:
                stage_exp.append(f"{stage} {slope(50, x, top, y):.2f}")
        text += [f"### Growth exponents (log-log slope between 50 and {top} sources; 1 = linear)\n",
                 md_table(["Quantity", "Exponent"], exps),
                 "Pipeline stages (CPU): " + ", ".join(stage_exp) + ".\n"]
        if final:
            exponent = slope(50, pa, top, pb)
            report.budget(f"Pipeline growth exponent, CPU (50→{top} sources; wall in brackets)", "≤ 1.1",
                          f"{exponent:.2f} ({slope(50, pwa, top, pwb):.2f})", exponent <= 1.1)
            shares = {s: Series([x["pipeline"]["cpu"] / x["cpu"] for x in d["builds"]]).median
                      for s, d in per_size.items()}
            report.budget("Pipeline ≤ 15 % of the full build at every size (CPU)",
                          "≤ 15 %", ", ".join(f"{s}: {fmt_percent(v)}" for s, v in shares.items()),
                          all(v <= 0.15 for v in shares.values()))
            if 1000 in per_size:
                peak = max(p["maxrss"] for p in per_size[1000]["pipes"])
                report.budget("Pipeline peak memory at 1000 sources (peak RSS of the whole process)",
                              "< 1 GB", fmt_bytes(peak), peak < (1 << 30))
            report.budget(f"Full build at {top} ≤ 25× the 50-source build (CPU; wall in brackets)", "≤ 25×",
                          f"{fmt_ratio(fb / fa)} ({fmt_ratio(fwb / fwa)})", fb / fa <= 25)
            growth_site, growth_content = sb / sa, cb / ca
            report.budget(f"Site size grows no faster than content (50→{top})",
                          "site growth ≤ content growth", f"site ×{growth_site:.1f}, content ×{growth_content:.1f}",
                          growth_site <= growth_content * 1.05)
    report.sections[2] = "\n".join(text)


# ------------------------------------------------------------------ section 3


def section_matcher(report: Report, quick: bool) -> None:
    log("[3] NameMatcher: 100 vs 10,000 aliases…")
    reps, mb = (3, 1) if quick else (9, 2)
    rows, results = [], {}
    for adversarial in (False, True):
        for count in (100, 10_000):
            args = ["matcher", count, mb, reps] + (["--adversarial"] if adversarial else [])
            runs = [probe(*args) for _ in range(3 if not quick else 1)]
            per_mb = Series([v for r in runs for v in r["per_mb"]])
            results[(adversarial, count)] = per_mb
            rows.append(["adversarial" if adversarial else "realistic", f"{runs[0]['aliases']:,}",
                         fmt_bytes(runs[0]["bytes"]), per_mb.fmt(), f"{runs[0]['matches']:,}",
                         fmt_seconds(runs[0]["build"])])
    ratio = results[(False, 10_000)].median / results[(False, 100)].median
    ratio_adv = results[(True, 10_000)].median / results[(True, 100)].median
    report.data["matcher"] = {f"{k[0]}-{k[1]}": v.values for k, v in results.items()}
    report.sections[3] = "\n".join([
        "## 3. Mention linking is one pass\n",
        f"`NameMatcher.find` on the real texts repeated to ~{mb} MB (CPU time per MB of UTF-8 text; {reps} timed passes "
        "in each of 3 fresh processes). *Realistic* aliases: the real actor names and aliases, then synthetic "
        "people and organisations. *Adversarial*: every synthetic alias starts with two words of the text, so "
        "the trie is entered at almost every token.\n",
        md_table(["Aliases", "Count", "Text", "Time per MB: median (min–max)", "Matches", "Build matcher"], rows),
        md_table(["Ratio", "Value"], [["10,000 / 100 aliases, realistic", fmt_ratio(ratio)],
                                      ["10,000 / 100 aliases, adversarial", fmt_ratio(ratio_adv)]])])
    report.budget("Mention linking: time per MB with 10,000 vs 100 aliases", "≈ 1 (≤ 1.3)",
                  f"{fmt_ratio(ratio)} (adversarial {fmt_ratio(ratio_adv)})", ratio <= 1.3)


# ------------------------------------------------------------------ section 4


def section_serve(report: Report, real_root: Path, corpus, quick: bool) -> None:
    from bench.serve import editing_loop

    root = Path(tempfile.mkdtemp(prefix="serve-", dir=WORK / "tmp"))
    copy_project(root / "project", sources=real_root / "sources")
    repeats = 2 if quick else 5
    log(f"[4] mkdocs serve editing loop ×{repeats}…")
    try:
        result = editing_loop(root / "project", corpus, repeats=repeats)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report.data["serve"] = result
    touch = Series(result["touch"])
    text_page, text_log = Series(result["text_page"]), Series(result["text_log"])
    yaml_page, yaml_log = Series(result["yaml_page"]), Series(result["yaml_log"])
    r_text = Series([t / touch.median for t in result["text_page"]])
    r_yaml = Series([t / touch.median for t in result["yaml_page"]])
    r_text_log = Series([t / touch.median for t in result["text_log"]])
    r_yaml_log = Series([t / touch.median for t in result["yaml_log"]])
    report.sections[4] = "\n".join([
        "## 4. Editing loop (`mkdocs serve --strict`)\n",
        f"A temporary copy of the real project served by `mkdocs serve` (first build and start: "
        f"{fmt_seconds(result['startup'])}). Each change is repeated {repeats}×, interleaved. The source "
        f"edited is `{result['source']}`, the actor `{result['actor']}`. Times include MkDocs' 0.1 s "
        "debounce; page changes are polled every 10 ms.\n",
        md_table(["Change", "To page change: median (min–max)", "To \"Reloading browsers\": median (min–max)"], [
            ["(a) touch a source text, no change", "— (nothing changes)", touch.fmt()],
            ["(b) one word into a paragraph + its sha256 in catalog.yml", text_page.fmt(), text_log.fmt()],
            ["(c) one word into an actor summary (actors.yml)", yaml_page.fmt(), yaml_log.fmt()],
        ]),
        md_table(["Ratio (edit / no-change rebuild)", "To page change", "To log line"], [
            ["(b) text edit / touch", r_text.fmt("x"), r_text_log.fmt("x")],
            ["(c) YAML edit / touch", r_yaml.fmt("x"), r_yaml_log.fmt("x")],
        ])])
    worst = max(r_text.median, r_yaml.median)
    report.budget("Editing loop: edit / no-change rebuild", "≤ 1.3",
                  f"text {fmt_ratio(r_text.median)}, YAML {fmt_ratio(r_yaml.median)}", worst <= 1.3)


# ------------------------------------------------------------------ sections 5 and 6


def web_site(real_root: Path, port_hint: int) -> Path:
    """A build of the real project whose canonical URLs are the local server's."""
    from bench.common import probe as run_probe
    site = real_root / "site-web"
    env = bench_env(SITE_URL=f"http://127.0.0.1:{port_hint}/")
    run_probe("mkdocs", real_root, site, env=env)
    return site


def pick_pages(corpus) -> dict[str, str]:
    biggest_source = max(corpus.sources, key=lambda s: sum(len(p.text) for p in s.passages))
    mentions = {}
    for item in corpus.passages:
        for actor_id in item.actor_ids:
            mentions[actor_id] = mentions.get(actor_id, 0) + 1
    biggest_actor = max(mentions, key=mentions.get)
    return {"home": "index.html", f"source ({biggest_source.id}, largest)": f"sources/{biggest_source.id}.html",
            f"actor ({biggest_actor}, most mentioned)": f"actors/{biggest_actor}.html",
            "timeline": "timeline.html"}


def section_web(report: Report, real_root: Path, corpus, quick: bool, lighthouse_runs: int) -> None:
    from bench.serve import free_port
    from bench.web import StaticServer, gzip_size, lighthouse, page_weights

    port = free_port()
    log("[5] building the real site for the browser measurements…")
    site = web_site(real_root, port)
    server = StaticServer(site, port)
    pages = pick_pages(corpus)
    try:
        log("[5] page weight (Playwright + Chromium)…")
        weights = page_weights(server, pages)
        report.data["weights"] = weights
        cats = ["HTML", "CSS", "JS", "fonts", "images", "search index", "search JS", "other"]
        rows = []
        for label, w in weights.items():
            rows.append([label, f"`{w['path']}`", w["requests"]] + [fmt_bytes(w["by_category"].get(c, 0)) for c in cats]
                        + [f"**{fmt_bytes(w['total'])}**", fmt_bytes(w["raw"])])
        index_json = site / "search" / "search_index.json"
        index_js = site / "search" / "search_index.js"
        index_rows = []
        sizes = {}
        for path in (index_json, index_js):
            if path.exists():
                data = path.read_bytes()
                sizes[path.name] = gzip_size(data)
                index_rows.append([f"`search/{path.name}`", fmt_bytes(len(data)), fmt_bytes(sizes[path.name])])
        loaded = {i["url"] for w in weights.values() for i in w["items"] if i["category"] == "search index"}
        text = ["## 5. Page weight (first visit, gzip)\n",
                "Each page opened in a fresh Chromium context (empty cache) through Playwright, from the "
                "real site served on 127.0.0.1; every response counted (the search worker's too) as its "
                "body gzipped at level 6, or raw when gzip does not shrink it. One run: the bytes are "
                "deterministic.\n",
                md_table(["Page", "Path", "Requests"] + cats + ["Total (wire)", "Total (raw)"], rows),
                "### Search index\n",
                md_table(["File", "Raw", "gzip"], index_rows),
                f"Loaded by the pages above: {', '.join(sorted(loaded)) or 'none'} — Material's search worker "
                "fetches the index on every first visit, so it is part of every page's weight.\n"]
        for label, w in weights.items():
            report.budget(f"Page weight: {label.split(' (')[0]}", "≤ 250 KB gzip", fmt_bytes(w["total"]),
                          w["total"] <= 250 * 1024)
        biggest = max(sizes.values()) if sizes else 0
        report.budget("Search index (gzip, largest of .json/.js)", "≤ 300 KB gzip", fmt_bytes(biggest),
                      biggest <= 300 * 1024)
        report.sections[5] = "\n".join(text)
        report.write()

        if lighthouse_runs:
            log(f"[6] Lighthouse ×{lighthouse_runs} per page…")
            lh_pages = dict(pages)
            lh_pages["search (home, query 'Saddam')"] = "index.html?q=Saddam"
            out_dir = WORK / "lighthouse"
            shutil.rmtree(out_dir, ignore_errors=True)
            out_dir.mkdir(parents=True)
            runs = {}
            for label, path in lh_pages.items():
                runs[label] = []
                for k in range(lighthouse_runs):
                    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
                    runs[label].append(lighthouse(server.url(path), out_dir / f"{slug}-{k}.json"))
                log(f"[6] {label}: " + ", ".join(f"{c} {Series([r['scores'][c] for r in runs[label]]).median:.0f}"
                                                 for c in runs[label][0]["scores"]))
            report.data["lighthouse"] = runs
            _lighthouse_section(report, runs)
    finally:
        server.close()
        shutil.rmtree(site, ignore_errors=True)


def _lighthouse_section(report: Report, runs: dict) -> None:
    from bench.web import CATEGORIES
    rows, problems = [], []
    for label, results in runs.items():
        row = [label]
        for category in CATEGORIES:
            s = Series([r["scores"][category] for r in results])
            row.append(f"{s.median:.0f}" + (f" ({s.lo:.0f}–{s.hi:.0f})" if s.lo != s.hi else ""))
        lcp = Series([r["metrics"]["largest-contentful-paint"]["value"] / 1000 for r in results])
        tbt = Series([r["metrics"]["total-blocking-time"]["value"] / 1000 for r in results])
        cls = Series([r["metrics"]["cumulative-layout-shift"]["value"] for r in results])
        row += [lcp.fmt(), tbt.fmt(), f"{cls.median:.3f}"]
        rows.append(row)
        seen = set()
        perf_median = Series([r["scores"]["performance"] for r in results]).median
        for result in results:
            for category, audits in result["failing"].items():
                if category == "performance" and perf_median >= 95:
                    continue        # metric scores just under 1 are noise when the category passes
                for audit in audits:
                    key = (category, audit["id"])
                    if key in seen:
                        continue
                    seen.add(key)
                    items = "; ".join(f"`{i}`" for i in audit["items"][:3])
                    problems.append([label, category, f"{audit['title']} (`{audit['id']}`)",
                                     f"{audit['score']}" + (f", {audit['display']}" if audit.get("display") else ""),
                                     items])
        medians = {c: Series([r["scores"][c] for r in results]).median for c in CATEGORIES}
        ok = medians["performance"] >= 95 and all(medians[c] == 100 for c in CATEGORIES[1:])
        report.budget(f"Lighthouse: {label.split(' (')[0]}", "perf ≥ 95, a11y/BP/SEO 100",
                      " / ".join(f"{medians[c]:.0f}" for c in CATEGORIES), ok)
    version = next(iter(runs.values()))[0]["version"]
    n = len(next(iter(runs.values())))
    text = ["## 6. Lighthouse\n",
            f"Lighthouse {version}, default mobile profile (simulated throttling), headless Chromium "
            f"(`/usr/bin/chromium`), the site served with gzip on 127.0.0.1 and built with that address as "
            f"`site_url`; n={n} runs per page. Scores are medians (range if they differ).\n",
            md_table(["Page", "Performance", "Accessibility", "Best practices", "SEO", "LCP", "TBT", "CLS"], rows)]
    if problems:
        text += ["### Audits that did not pass (any run)\n",
                 md_table(["Page", "Category", "Audit", "Score", "Where (first items)"], problems)]
    else:
        text.append("Every scored audit passed on every page.\n")
    report.sections[6] = "\n".join(text)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="0,1,2,3,4,5,6,7", help="sections to run, e.g. 1,2")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="scale series sizes")
    parser.add_argument("--quick", action="store_true", help="fewer runs (development)")
    parser.add_argument("--lighthouse-runs", type=int, default=3)
    args = parser.parse_args(argv)
    only = {int(x) for x in args.only.split(",") if x}
    sizes = [int(x) for x in args.sizes.split(",") if x]
    (WORK / "tmp").mkdir(parents=True, exist_ok=True)
    os.environ.update(NO_MKDOCS_2_WARNING="1")
    report = Report()
    log("snapshot of the real project…")
    real_root, real, note = snapshot_real()
    if note:
        report.notes.append(note)
    failures = 0
    sections = [
        (0, lambda: section_checks(report)),
        (1, lambda: section_real(report, real_root, args.quick)),
        (2, lambda: section_scale(report, real, sizes, args.quick)),
        (3, lambda: section_matcher(report, args.quick)),
        (4, lambda: section_serve(report, real_root, real.corpus, args.quick)),
        (5, lambda: section_web(report, real_root, real.corpus, args.quick,
                                0 if 6 not in only else (1 if args.quick else args.lighthouse_runs))),
        (7, lambda: section_hostile(report, args.quick)),
    ]
    if 6 in only and 5 not in only:
        only.add(5)
    try:
        for number, function in sections:
            if number not in only:
                continue
            try:
                function()
            except Exception as error:                  # one broken section must not lose the others
                failures += 1
                log(f"section {number} failed: {error}")
                traceback.print_exc()
                report.sections[number] = f"## Section {number} failed\n\n```\n{traceback.format_exc()[-3000:]}\n```\n"
            report.write()
    finally:
        shutil.rmtree(real_root, ignore_errors=True)
    report.write(final=True)
    print()
    print(RESULTS.read_text("utf-8"))
    log(f"written {RESULTS.relative_to(ROOT)}; {fmt_seconds(time.time() - report.started)} in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
