"""Measurements that must run in a fresh process (cold caches, own peak
memory): ``python -m bench.probe COMMAND …``. Each command prints one JSON
line on stdout; :func:`bench.common.probe` reads it.

* ``pipeline ROOT [--warm K] [--trace]``: import the project's ``scripts``
  package of ROOT, run the pipeline once cold (and K more times in the same
  process, as ``mkdocs serve`` does); per-stage timings; peak RSS, and with
  ``--trace`` the tracemalloc peak (slower: memory runs are separate).
* ``mkdocs ROOT SITE [--profile]``: ``mkdocs build --strict --quiet`` of
  ROOT/mkdocs.yml into SITE, in-process, with the pipeline's ``run`` wrapped
  so that the time the hook spends in the pipeline is known; ``--profile``
  adds a cProfile breakdown of where MkDocs spends its time.
* ``matcher ALIASES MEGABYTES REPEAT``: NameMatcher speed per MB of text.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _maxrss() -> int:
    """Peak RSS of this process, in bytes.

    ``VmHWM`` of /proc/self/status, not ``getrusage().ru_maxrss``: Linux keeps
    ``ru_maxrss`` across exec, so a child of a big parent (the benchmark
    holds a 1000-source corpus) would report the parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024   # Linux: KiB


def _use_project(root: Path) -> None:
    """Make ROOT's ``scripts`` package the one imported (as the hook does)."""
    sys.path.insert(0, str(root))
    for name in [m for m in sys.modules if m == "scripts" or m.startswith("scripts.")]:
        del sys.modules[name]


STAGE_FUNCTIONS = ("load", "validate", "clean", "segment", "link", "render", "export")


def _count_cpu(pipeline) -> dict:
    """Wrap the stage functions the pipeline module calls, adding up the CPU
    time (``time.process_time``) spent in each: on a shared machine CPU time
    is steadier than wall time, which waits for other processes too."""
    spent = {name: 0.0 for name in STAGE_FUNCTIONS}

    def wrap(name, function):
        def timed(*a, **k):
            started = time.process_time()
            try:
                return function(*a, **k)
            finally:
                spent[name] += time.process_time() - started
        return timed

    for name in STAGE_FUNCTIONS:
        setattr(pipeline, name, wrap(name, getattr(pipeline, name)))
    return spent


def cmd_pipeline(args: list[str]) -> dict:
    root = Path(args[0]).resolve()
    warm = int(args[args.index("--warm") + 1]) if "--warm" in args else 0
    trace = "--trace" in args
    started = time.perf_counter()
    _use_project(root)
    import scripts.pipeline as pipeline
    from scripts.buildinfo import build_info
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run
    imported = time.perf_counter() - started
    cpu_stages = _count_cpu(pipeline)
    paths = ProjectPaths(root)
    build = build_info(root)
    rss_before = _maxrss()
    if trace:
        import tracemalloc
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run(paths, build)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    cpu_timings = dict(cpu_stages)
    peak = None
    if trace:
        import tracemalloc
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    out = {"import": imported, "total": total, "timings": dict(result.timings), "cpu": cpu,
           "cpu_timings": cpu_timings,
           "maxrss": _maxrss(), "rss_before": rss_before, "tracemalloc_peak": peak,
           "counts": {"sources": len(result.corpus.sources), "passages": len(result.corpus.passages),
                      "actors": len(result.corpus.actors), "events": len(result.corpus.events),
                      "pages": len(result.pages), "files": len(result.files),
                      "editorial": len(result.corpus.editorial),
                      "text_bytes": sum(len(s.raw.text.encode("utf-8")) for s in result.corpus.sources),
                      "page_bytes": sum(len(p.markdown.encode("utf-8")) for p in result.pages),
                      "file_bytes": sum(len(f.content) for f in result.files)}}
    warm_runs = []
    for _ in range(warm):
        for name in cpu_stages:
            cpu_stages[name] = 0.0
        started, cpu_started = time.perf_counter(), time.process_time()
        again = run(paths, build)
        warm_runs.append({"total": time.perf_counter() - started, "timings": dict(again.timings),
                          "cpu": time.process_time() - cpu_started, "cpu_timings": dict(cpu_stages)})
    out["warm"] = warm_runs
    return out


#: Functions whose cumulative time explains a MkDocs build (for --profile).
PROFILE_POINTS = {
    "pipeline (hook on_pre_build)": ("mkdocs_hook.py", "on_pre_build"),
    "hook on_files": ("mkdocs_hook.py", "on_files"),
    "hook on_page_markdown": ("mkdocs_hook.py", "on_page_markdown"),
    "read + Markdown → HTML (all pages)": ("build.py", "_populate_page"),
    "templates → HTML files (all pages)": ("build.py", "_build_page"),
    "search plugin: collect page text": ("plugin.py", "on_page_context"),
    "search plugin: write index": ("plugin.py", "on_post_build"),
    "copy static files (theme, assets)": ("files.py", "copy_static_files"),
    "load config + plugins": ("base.py", "load_config"),
    "collect files": ("files.py", "get_files"),
    "navigation": ("nav.py", "get_navigation"),
}


def cmd_mkdocs(args: list[str]) -> dict:
    root = Path(args[0]).resolve()
    site = Path(args[1]).resolve()
    profile = "--profile" in args
    os.chdir(root)
    _use_project(root)
    calls: list = []
    if (root / "scripts" / "pipeline.py").exists():
        import scripts.pipeline as pipeline
        original = pipeline.run

        def timed_run(*a, **k):
            started, cpu_started = time.perf_counter(), time.process_time()
            result = original(*a, **k)
            calls.append({"total": time.perf_counter() - started, "cpu": time.process_time() - cpu_started,
                          "timings": dict(result.timings)})
            return result

        pipeline.run = timed_run          # the hook's `from scripts.pipeline import run` gets this
    from mkdocs.__main__ import cli
    argv = ["build", "--strict", "--quiet", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        cli.main(args=argv, standalone_mode=False)
    except SystemExit as stop:            # click's Abort path on --strict warnings
        if stop.code:
            raise
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    out = {"total": total, "cpu": cpu, "maxrss": _maxrss(), "pipeline": calls[0] if calls else None}
    if profiler is not None:
        profiler.disable()
        import pstats
        stats = pstats.Stats(profiler)
        found = {}
        for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
            for label, (file_end, name) in PROFILE_POINTS.items():
                if function == name and filename.endswith(file_end):
                    # Search plugin / hook names are shared by several plugins: keep the right one.
                    if label.startswith("search") and "/search/" not in filename:
                        continue
                    found[label] = max(found.get(label, 0.0), cumulative)
        out["profile"] = found
        out["profile_total"] = total
    return out


def cmd_matcher(args: list[str]) -> dict:
    count, megabytes, repeat = int(args[0]), float(args[1]), int(args[2])
    adversarial = "--adversarial" in args
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.corpus import matcher_workload
    from scripts.matcher import NameMatcher
    names, text = matcher_workload(count, megabytes, adversarial)
    matcher = NameMatcher()
    started = time.perf_counter()
    for index, name in enumerate(names):
        matcher.add(name, index)
    built = time.perf_counter() - started
    size = len(text.encode("utf-8"))
    runs, found = [], 0
    for _ in range(repeat):
        started = time.process_time()          # CPU time: steadier than wall time on a shared machine
        found = len(matcher.find(text))
        runs.append((time.process_time() - started) / (size / 1e6))
    return {"aliases": matcher.size, "bytes": size, "per_mb": runs, "build": built, "matches": found}


def main() -> None:
    command, *args = sys.argv[1:]
    result = {"pipeline": cmd_pipeline, "mkdocs": cmd_mkdocs, "matcher": cmd_matcher}[command](args)
    sys.stdout.flush()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
