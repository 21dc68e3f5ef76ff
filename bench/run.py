"""``make bench`` = ``python -m bench.run``: measure, print, write bench/results.md.

1. the real project: pipeline stages (cold and warm), MkDocs alone building
   the same site (checked byte for byte against the real build), the full
   strict build, memory, and where the build's time goes;
2. scale series: the real project (5 sources) and synthetic corpora (50 and
   1000 sources by default): full build, the editing loop under
   ``mkdocs serve`` (a text save and a YAML save until the page shows it, in
   seconds and as a share of the full build), site size, first-visit weight
   and the bytes a first search downloads;
3. page weight of the real site's pages (Playwright + Chromium), Lighthouse;
4. hostile inputs: every bounded step at n and 2n (bench/hostile.py).

Medians with their min–max spread over n runs. ``--quick`` does fewer runs.
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
    fmt_bytes,
    fmt_percent,
    fmt_seconds,
    log,
    md_table,
    probe,
    verdict,
)
from bench.hostile import section_hostile

STAGES = ("load", "validate", "clean", "segment", "link", "render", "export")
SIZES = (50, 1000)
#: (pipeline runs, full builds, editing rounds) per corpus size; 5 = the real project.
REPEATS = {5: (5, 3, 3), 50: (3, 2, 3), 1000: (1, 1, 2)}
QUICK = {5: (2, 1, 1), 50: (1, 1, 1), 1000: (1, 1, 1)}
RESULTS = ROOT / "bench" / "results.md"
#: Issue 14: an edit shows within 5 % of a full build and 10 s at 1000 sources, 2 s at 5.
EDIT_SHARE, EDIT_SECONDS_1000, EDIT_SECONDS_5 = 0.05, 10.0, 2.0
SEARCH_QUERY = "Saddam"


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
               f"Machine: {_machine()}; Python {platform.python_version()}, MkDocs {mkdocs.__version__}, "
               f"Material {getattr(material, '__version__', '9.x')}; load average at the end "
               f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores. Figures are **medians** with the (min–max) "
               "spread over *n* runs; CPU seconds do not count time spent waiting for a busy machine. "
               "How each figure is taken: [README.md](README.md).\n"]
        if self.budgets:
            out += ["## Budgets\n", md_table(["Budget", "Target", "Measured", "Verdict"],
                                             [[n, t, m, verdict(ok)] for n, t, m, ok in self.budgets])]
        out += [f"> {note}\n" for note in self.notes]
        out += [self.sections[key] for key in sorted(self.sections)]
        RESULTS.write_text("\n".join(out), "utf-8")
        (WORK / "results.json").write_text(json.dumps(self.data, indent=1, default=str), "utf-8")


def _machine() -> str:
    cpu, memory = platform.processor() or "unknown CPU", "unknown RAM"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name"))
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f"{int(total.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    return f"{cpu} ({os.cpu_count()} cores), {memory}"


def slope(x1: float, y1: float, x2: float, y2: float) -> float:
    return math.log(y2 / y1) / math.log(x2 / x1)


def snapshot_real(attempts: int = 8, wait: float = 20.0):
    """Copy the project and load it. Sources are curated while we run: a copy
    that does not build is retried, then the last one that built is used."""
    from bench.corpus import load_real
    from scripts.errors import BuildFailed

    last_good = WORK / "last-good-sources"
    for attempt in range(1, attempts + 1):
        root = copy_project(Path(tempfile.mkdtemp(prefix="real-", dir=WORK / "tmp")))
        try:
            real = load_real(root)
        except BuildFailed as failure:
            log(f"the real project does not build (attempt {attempt}/{attempts}): {failure.problems[0]}")
            shutil.rmtree(root, ignore_errors=True)
            time.sleep(wait if attempt < attempts else 0)
            continue
        shutil.rmtree(last_good, ignore_errors=True)
        shutil.copytree(root / "sources", last_good)
        return root, real, None
    if last_good.is_dir():
        root = copy_project(Path(tempfile.mkdtemp(prefix="real-", dir=WORK / "tmp")), sources=last_good)
        return root, load_real(root), ("The working copy's sources/ did not build during the benchmark; the last "
                                       "snapshot that built (bench/work/last-good-sources) was used.")
    raise SystemExit("bench: the real project does not build; run `make check` and fix sources/ first")


def both(runs, key=lambda r: r) -> tuple[Series, Series]:
    """(wall, CPU) series of probe results."""
    return Series([key(r)["total"] for r in runs]), Series([key(r)["cpu"] for r in runs])


def same_files(a: Path, b: Path) -> tuple[int, list[str]]:
    """(files compared, relative paths that differ or exist on one side only)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b) + sorted(
        f for f in files_a & files_b if (a / f).read_bytes() != (b / f).read_bytes())
    return len(files_a | files_b), differ


# ------------------------------------------------------------------ section 1


def section_real(report: Report, root: Path, quick: bool) -> None:
    n_pipe, n_build, _ = (QUICK if quick else REPEATS)[5]
    log(f"[1] real project: pipeline ×{n_pipe}, MkDocs alone ×{n_build}, full build ×{n_build}…")
    cold = [probe("pipeline", root, *(["--warm", 5] if k == 0 else [])) for k in range(n_pipe)]
    work = Path(tempfile.mkdtemp(prefix="baseline-", dir=WORK / "tmp"))
    probe("baseline", root, work / "project")
    baseline = [probe("mkdocs", work / "project", work / f"site-{k}") for k in range(n_build)]
    full = [probe("mkdocs", root, work / f"full-{k}") for k in range(n_build)]
    compared, differ = same_files(work / "site-0", work / "full-0")
    profiled = probe("mkdocs", root, work / "profile", "--profile")
    shutil.rmtree(work, ignore_errors=True)
    counts = cold[0]["counts"]
    report.data["real"] = {"cold": cold, "baseline": baseline, "full": full, "profile": profiled, "differ": differ}

    pipe_w, pipe_c = both(cold)
    _warm_w, warm_c = both(cold[0]["warm"])
    pin_w, pin_c = both(full, lambda r: r["pipeline"])
    base_w, base_c = both(baseline)
    full_w, full_c = both(full)
    share = Series([r["pipeline"]["cpu"] / r["cpu"] for r in full])
    rows = []
    for stage in STAGES:
        rows.append([stage, Series([r["timings"].get(stage, 0.0) for r in cold]).fmt(),
                     Series([r["cpu_timings"].get(stage, 0.0) for r in cold]).fmt(),
                     Series([w["cpu_timings"].get(stage, 0.0) for w in cold[0]["warm"]]).fmt()])
    rows.append(["**pipeline total**", pipe_w.fmt(), pipe_c.fmt(), warm_c.fmt()])
    text = ["## 1. The real project\n",
            f"{counts['sources']} sources ({fmt_bytes(counts['text_bytes'])} of text), {counts['passages']} passages, "
            f"{counts['actors']} actors, {counts['events']} events → {counts['pages']} generated pages "
            f"({fmt_bytes(counts['page_bytes'])} of Markdown) and {counts['files']} data files.\n",
            "### Pipeline stages\n",
            f"Cold: a fresh process per run (n={pipe_w.n}). Warm: the same process running again with nothing "
            f"changed (n={warm_c.n}), as `mkdocs serve` does after a save: its caches hit.\n",
            md_table(["Stage", "Wall, cold", "CPU, cold", "CPU, warm"], rows),
            "### Builds\n",
            "*MkDocs alone* builds the same site without the portal plugin: `python -m bench.probe baseline` writes the "
            "generated pages and data files into `docs/` as the plugin hands them to MkDocs (blocks filled, "
            "glossary definitions appended), copies CONTRIBUTING.md, and replaces the plugin by a short hook that "
            "only sets the build info, the edit links, the order of the generated files and escaped titles. "
            f"Its site and the real build's: **{compared - len(differ)} of {compared} files byte-identical**"
            + (f" (different: {', '.join(differ[:8])})" if differ else "") + ".\n",
            md_table(["Build", "Wall", "CPU", "n"], [
                ["Pipeline alone (cold process)", pipe_w.fmt(), pipe_c.fmt(), pipe_w.n],
                ["Pipeline inside the full build (the plugin's `on_pre_build`)", pin_w.fmt(), pin_c.fmt(), pin_w.n],
                ["MkDocs alone, same site (`mkdocs build --strict`)", base_w.fmt(), base_c.fmt(), base_w.n],
                ["**Full build** = `mkdocs build --strict` with the plugin, in-process", full_w.fmt(), full_c.fmt(), full_w.n],
                ["Pipeline (inside) / full build", "", share.fmt("%"), share.n],
                ["Peak RSS: pipeline process / full build process",
                 Series([r["maxrss"] for r in cold]).fmt("B"), Series([r["maxrss"] for r in full]).fmt("B"), ""],
            ])]
    if profiled.get("profile"):
        total = profiled["profile_total"]
        text += ["### Where the full build spends its time (one run under cProfile; phases nest)\n",
                 md_table(["Phase", "Time", "Share of build"],
                          [[label, fmt_seconds(v), fmt_percent(v / total)]
                           for label, v in sorted(profiled["profile"].items(), key=lambda kv: -kv[1])])]
    report.sections[1] = "\n".join(text)
    report.data["real_full"] = full
    report.budget("MkDocs alone builds the same site as the full build", "byte-identical",
                  f"{compared - len(differ)}/{compared} files identical", not differ)
    report.budget("Pipeline ≤ 15 % of the full build (real project, CPU)", "≤ 15 %", share.fmt("%"),
                  share.median <= 0.15)


# ------------------------------------------------------------------ section 2


def search_first_query(site: Path) -> dict | None:
    """Bytes (and seconds) a first search downloads before its first result:
    ``bench/search.py``'s ``measure_search`` (the search engine's own
    measurement), or None while that module is absent."""
    try:
        from bench.search import measure_search
    except ImportError:
        return None
    return measure_search(site, queries=(SEARCH_QUERY,))


def measure_size(size: int, project: Path, quick: bool) -> dict:
    """Pipeline, full build(s), site measures and the editing loop of one project."""
    from bench.serve import editing_loop
    from bench.web import StaticServer, gzip_size, page_weights
    n_pipe, n_build, rounds = (QUICK if quick else REPEATS).get(size, (1, 1, 1))
    pipes = [probe("pipeline", project, timeout=3600) for _ in range(n_pipe)]
    builds = []
    for k in range(n_build):
        site = project.parent / f"site-{k}"
        builds.append(probe("mkdocs", project, site, timeout=3600))
        if k == 0:
            index = site / "search" / "search_index.json"
            largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
            server = StaticServer(site)
            try:
                home = page_weights(server, {"home": "index.html"})["home"]["total"]
            finally:
                server.close()
            builds[0].update(site_bytes=dir_bytes(site), site_files=sum(1 for p in site.rglob("*") if p.is_file()),
                             lunr_gzip=gzip_size(index.read_bytes()) if index.exists() else None, home=home,
                             largest=(largest.relative_to(site).as_posix(), gzip_size(largest.read_bytes())),
                             search=search_first_query(site))
        shutil.rmtree(site, ignore_errors=True)
    log(f"[2] {size} sources: full build {Series([b['total'] for b in builds]).fmt()}; editing loop ×{rounds}…")
    serve = editing_loop(project, pipes[0]["edit"], rounds=rounds)
    return {"pipes": pipes, "builds": builds, "serve": serve}


def section_scale(report: Report, real, real_root: Path, sizes, quick: bool) -> None:
    from bench.corpus import generate
    results = {}
    for size in [5, *sizes]:
        work = Path(tempfile.mkdtemp(prefix=f"scale-{size}-", dir=WORK / "tmp"))
        try:
            if size == 5:
                project = copy_project(work / "project", sources=real_root / "sources")
            else:
                started = time.perf_counter()
                project = generate(real, size, work / "project").root
                log(f"[2] {size} sources generated in {fmt_seconds(time.perf_counter() - started)}")
            results[size] = measure_size(size, project, quick)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report.data["scale"] = results
        _scale_section(report, results)
        report.write()
    _scale_budgets(report, results)


def _edit_rows(size: int, d: dict) -> list[list]:
    full_w, full_c = both(d["builds"])
    s = d["serve"]
    rows = []
    for kind, label in (("text", "text saved"), ("yaml", "YAML entry saved")):
        wall, cpu = Series(s[kind]), Series(s[f"{kind}_cpu"])
        rows.append([size, label, wall.fmt(), Series([v / full_w.median for v in s[kind]]).fmt("%"),
                     cpu.fmt(), Series([v / full_c.median for v in s[f"{kind}_cpu"]]).fmt("%")])
    return rows


def _scale_section(report: Report, results: dict) -> None:
    build_rows, edit_rows = [], []
    for size, d in results.items():
        c, b0 = d["pipes"][0]["counts"], d["builds"][0]
        full_w, full_c = both(d["builds"])
        search = b0.get("search")
        build_rows.append([size, f"{c['pages']:,}", Series([p["cpu"] for p in d["pipes"]]).fmt(), full_w.fmt(),
                           full_c.fmt(), Series([b["maxrss"] for b in d["builds"]]).fmt("B"),
                           f"{fmt_seconds(d['serve']['startup'])} ({fmt_seconds(d['serve']['startup_cpu'])} CPU)",
                           f"{fmt_bytes(b0['site_bytes'])} ({b0['site_files']:,} files)",
                           fmt_bytes(b0["home"]), f"`{b0['largest'][0]}` {fmt_bytes(b0['largest'][1])}",
                           fmt_bytes(b0["lunr_gzip"]) if b0.get("lunr_gzip") else "—",
                           (f"{fmt_bytes(search['bytes'])} ({fmt_bytes(search['search_bytes'])} search), "
                            f"{fmt_seconds(search['seconds'])} [{search['engine']}]") if search else
                           "— (bench/search.py absent)"])
        edit_rows += _edit_rows(size, d)
    report.sections[2] = "\n".join([
        "## 2. Scale series: full build and editing loop\n",
        "5 = the real project; larger sizes are synthetic corpora made from the five texts by `bench/corpus.py`. "
        "Full build: `mkdocs build --strict` in-process (first-visit weight and the first search measured on "
        f"its site; first search: query '{SEARCH_QUERY}' in Chromium, all bytes before the first result).\n",
        md_table(["Sources", "Pages", "Pipeline CPU (cold)", "Full build wall", "Full build CPU", "Build peak RSS",
                  "`mkdocs serve` start", "Site", "Home, first visit (gzip)", "Largest page (gzip)",
                  "lunr index (gzip)", "First search: bytes before the first result, time"], build_rows),
        "### Editing loop: save → the served page shows the change\n",
        "`mkdocs serve --strict` on the same project (`bench/serve.py`): wall seconds from the save until the "
        "page contains the new word (MkDocs' file watcher polls every 0.5 s and waits 0.1 s for more "
        "changes), and the CPU seconds the server spent meanwhile; each as a share of one full build "
        "(wall of wall, CPU of CPU).\n",
        md_table(["Sources", "Save", "Wall", "Share of full build (wall)", "CPU", "Share of full build (CPU)"],
                 edit_rows)])


def _scale_budgets(report: Report, results: dict) -> None:
    for size, d in results.items():
        full_w, full_c = both(d["builds"])
        worst = max(Series(d["serve"]["text"]).median, Series(d["serve"]["yaml"]).median)
        worst_cpu = max(Series(d["serve"]["text_cpu"]).median, Series(d["serve"]["yaml_cpu"]).median)
        if size == 5:
            report.budget("Editing loop at 5 sources: save → page shows it", f"< {EDIT_SECONDS_5:.0f} s",
                          fmt_seconds(worst), worst < EDIT_SECONDS_5)
        if size >= 1000:
            report.budget(f"Editing loop at {size} sources: save → page shows it, share of a full build",
                          f"≤ {EDIT_SHARE:.0%} and < {EDIT_SECONDS_1000:.0f} s",
                          f"{fmt_seconds(worst)} = {fmt_percent(worst / full_w.median)} "
                          f"(CPU {fmt_percent(worst_cpu / full_c.median)})",
                          worst / full_w.median <= EDIT_SHARE and worst < EDIT_SECONDS_1000)
            peak = max(p["maxrss"] for p in d["pipes"])
            report.budget(f"Pipeline peak memory at {size} sources", "< 1 GB", fmt_bytes(peak), peak < (1 << 30))
            search = d["builds"][0].get("search")
            report.budget(f"First search at {size} sources: bytes before the first result", "≤ 250 KB",
                          fmt_bytes(search["bytes"]) if search else "not measured (bench/search.py absent)",
                          search["bytes"] <= 250 * 1024 if search else None)
    sizes = sorted(s for s in results if s >= 50)
    if len(sizes) >= 2:
        a, b = results[sizes[0]], results[sizes[-1]]
        pa, pb = (Series([p["cpu"] for p in d["pipes"]]).median for d in (a, b))
        fa, fb = (both(d["builds"])[1].median for d in (a, b))
        report.budget(f"Pipeline growth exponent ({sizes[0]}→{sizes[-1]} sources, CPU)", "≤ 1.1",
                      f"{slope(sizes[0], pa, sizes[-1], pb):.2f}", slope(sizes[0], pa, sizes[-1], pb) <= 1.1)
        report.budget(f"Full build growth exponent ({sizes[0]}→{sizes[-1]} sources, CPU)", "≤ 1.1",
                      f"{slope(sizes[0], fa, sizes[-1], fb):.2f}", slope(sizes[0], fa, sizes[-1], fb) <= 1.1)


# ------------------------------------------------------------------ section 3


def pick_pages(corpus) -> dict[str, str]:
    biggest_source = max(corpus.sources, key=lambda s: sum(len(p.text) for p in s.passages))
    mentions: dict[str, int] = {}
    for item in corpus.passages:
        for actor_id in item.actor_ids:
            mentions[actor_id] = mentions.get(actor_id, 0) + 1
    biggest_actor = max(mentions, key=mentions.get)
    # The event citing most sources: the longest event page (issue 22 asks
    # for home, timeline, map and an event page on the mobile profile).
    event = max(corpus.events, key=lambda e: (len(e.citations), e.id))
    return {"home": "index.html", f"source ({biggest_source.id}, largest)": f"sources/{biggest_source.id}.html",
            f"actor ({biggest_actor}, most mentioned)": f"actors/{biggest_actor}.html",
            "timeline": "timeline.html", f"event ({event.id}, most citations)": f"events/{event.id}.html"}


def section_web(report: Report, real_root: Path, corpus, lighthouse_runs: int) -> None:
    from bench.serve import free_port
    from bench.web import CATEGORIES, StaticServer, lighthouse, page_weights

    port = free_port()
    site = real_root.parent / "site-web"
    probe("mkdocs", real_root, site, env=bench_env(SITE_URL=f"http://127.0.0.1:{port}/"))
    server = StaticServer(site, port)
    pages = pick_pages(corpus)
    if (site / "map.html").is_file():
        pages["map"] = "map.html"
    try:
        log("[3] page weight (Playwright + Chromium)…")
        weights = page_weights(server, pages)
        cats = ["HTML", "CSS", "JS", "fonts", "images", "search index", "search JS", "other"]
        rows = [[label, f"`{w['path']}`", w["requests"]] + [fmt_bytes(w["by_category"].get(c, 0)) for c in cats]
                + [f"**{fmt_bytes(w['total'])}**"] for label, w in weights.items()]
        text = ["## 3. The real site in a browser\n",
                "Each page opened in a fresh Chromium context (empty cache) from the site served on 127.0.0.1; "
                "every response (the search worker's too) counted as its body gzipped at level 6, or raw when "
                "gzip does not shrink it.\n",
                md_table(["Page", "Path", "Requests"] + cats + ["Total (gzip)"], rows)]
        for label, w in weights.items():
            report.budget(f"Page weight: {label.split(' (')[0]}", "≤ 250 KB gzip", fmt_bytes(w["total"]),
                          w["total"] <= 250 * 1024)
        report.data["weights"] = weights
        if lighthouse_runs:
            log(f"[3] Lighthouse ×{lighthouse_runs} per page…")
            out_dir = WORK / "lighthouse"
            shutil.rmtree(out_dir, ignore_errors=True)
            out_dir.mkdir(parents=True)
            lh_rows = []
            for label, path in {**pages, "search (home, query 'Saddam')": "index.html?q=Saddam"}.items():
                slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
                runs = [lighthouse(server.url(path), out_dir / f"{slug}-{k}.json") for k in range(lighthouse_runs)]
                medians = {c: Series([r["scores"][c] for r in runs]).median for c in CATEGORIES}
                failing = sorted({a["id"] for r in runs for c, audits in r["failing"].items()
                                  if c != "performance" for a in audits})
                lh_rows.append([label] + [f"{medians[c]:.0f}" for c in CATEGORIES]
                               + [Series([r["metrics"]["largest-contentful-paint"]["value"] / 1000 for r in runs]).fmt(),
                                  Series([r["metrics"]["total-blocking-time"]["value"] / 1000 for r in runs]).fmt(),
                                  ", ".join(failing) or "—"])
                report.budget(f"Lighthouse: {label.split(' (')[0]}", "perf ≥ 95, a11y/BP/SEO 100",
                              " / ".join(f"{medians[c]:.0f}" for c in CATEGORIES),
                              medians["performance"] >= 95 and all(medians[c] == 100 for c in CATEGORIES[1:]))
            text += [f"### Lighthouse {runs[0]['version']} (mobile profile, n={lighthouse_runs} per page; "
                     "reports in bench/work/lighthouse/)\n",
                     md_table(["Page", *CATEGORIES, "LCP", "TBT", "Failed audits (not performance)"], lh_rows)]
        report.sections[3] = "\n".join(text)
    finally:
        server.close()
        shutil.rmtree(site, ignore_errors=True)


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="1,2,3,4", help="sections to run, e.g. 1,2")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic corpus sizes")
    parser.add_argument("--quick", action="store_true", help="fewer runs (development)")
    parser.add_argument("--lighthouse-runs", type=int, default=1)
    args = parser.parse_args(argv)
    only = {int(x) for x in args.only.split(",") if x}
    sizes = [int(x) for x in args.sizes.split(",") if x]
    (WORK / "tmp").mkdir(parents=True, exist_ok=True)
    report = Report()
    log("snapshot of the real project…")
    real_root, real, note = snapshot_real()
    if note:
        report.notes.append(note)
    failures = 0
    sections = {1: lambda: section_real(report, real_root, args.quick),
                2: lambda: section_scale(report, real, real_root, sizes, args.quick),
                3: lambda: section_web(report, real_root, real.corpus, args.lighthouse_runs),
                4: lambda: section_hostile(report, args.quick)}
    try:
        for number in sorted(only & set(sections)):
            try:
                sections[number]()
            except Exception:                           # one broken section must not lose the others
                failures += 1
                traceback.print_exc()
                report.sections[number] = f"## Section {number} failed\n\n```\n{traceback.format_exc()[-3000:]}\n```\n"
            report.write()
    finally:
        shutil.rmtree(real_root, ignore_errors=True)
    report.write(final=True)
    print("\n" + RESULTS.read_text("utf-8"))
    log(f"written {RESULTS.relative_to(ROOT)}; {fmt_seconds(time.time() - report.started)} in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
