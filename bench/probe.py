"""Measurements that must run in a fresh process (cold caches, own peak
memory): ``python -m bench.probe COMMAND …``. Each command prints one JSON
line on stdout; :func:`bench.common.probe` reads it.

* ``pipeline ROOT [--warm K]``: import the project's ``scripts`` package of
  ROOT, run the pipeline once cold (and, with the preview's cache, once to
  fill it and K more times in the same process, as
  ``mkdocs serve`` does); per-stage timings, peak RSS, counts, and what the
  editing loop edits (``bench.serve.edit_target``).
* ``mkdocs ROOT SITE [--profile]``: ``mkdocs build --strict`` of
  ROOT/mkdocs.yml into SITE, in-process, with the pipeline's ``run`` wrapped
  so that the time the portal plugin spends in the pipeline is known; ``--profile``
  adds a cProfile breakdown of where MkDocs spends its time. (Never with
  ``--quiet``: a quiet strict build does not count warnings, mkdocs#4126.)
* ``baseline ROOT DST``: the same site as a plain MkDocs project (see
  :func:`cmd_baseline`).
"""

from __future__ import annotations

import json
import os
import re
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
    """Make ROOT's ``scripts`` package the one imported (the portal plugin's
    entry point then loads ROOT's ``scripts.plugin``)."""
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
    started = time.perf_counter()
    _use_project(root)
    import scripts.pipeline as pipeline
    from bench.serve import edit_target
    from scripts.buildinfo import build_info
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run
    imported = time.perf_counter() - started
    cpu_stages = _count_cpu(pipeline)
    paths = ProjectPaths(root)
    build = build_info(root)
    rss_before = _maxrss()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run(paths, build)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    cpu_timings = dict(cpu_stages)
    out = {"import": imported, "total": total, "timings": dict(result.timings), "cpu": cpu,
           "cpu_timings": cpu_timings,
           "maxrss": _maxrss(), "rss_before": rss_before, "edit": edit_target(result.corpus),
           "counts": {"sources": len(result.corpus.sources), "passages": len(result.corpus.passages),
                      "actors": len(result.corpus.actors), "events": len(result.corpus.events),
                      "pages": len(result.pages), "files": len(result.files),
                      "editorial": len(result.corpus.editorial),
                      "text_bytes": sum(len(s.raw.text.encode("utf-8")) for s in result.corpus.sources),
                      "page_bytes": sum(len(p.markdown.encode("utf-8")) for p in result.pages),
                      "file_bytes": sum(len(f.content) for f in result.files)}}
    warm_runs = []
    if warm:
        # As under mkdocs serve: the preview's cache, filled by one run first.
        from scripts.preview.cache import RunCache
        cache = RunCache()
        cache.run(run, paths, build)
    for _ in range(warm):
        for name in cpu_stages:
            cpu_stages[name] = 0.0
        started, cpu_started = time.perf_counter(), time.process_time()
        again = cache.run(run, paths, build)
        warm_runs.append({"total": time.perf_counter() - started, "timings": dict(again.timings),
                          "cpu": time.process_time() - cpu_started, "cpu_timings": dict(cpu_stages)})
    out["warm"] = warm_runs
    return out


#: Functions whose cumulative time explains a MkDocs build (for --profile).
PROFILE_POINTS = {
    "pipeline (plugin on_pre_build)": ("scripts/plugin.py", "on_pre_build"),
    "plugin on_files": ("scripts/plugin.py", "on_files"),
    "plugin on_page_markdown": ("scripts/plugin.py", "on_page_markdown"),
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

        pipeline.run = timed_run          # the plugin's `from scripts.pipeline import run` gets this
    from mkdocs.__main__ import cli
    argv = ["build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
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
                    # Event names are shared by several plugins: keep the right one.
                    if label.startswith("search") and "/search/" not in filename:
                        continue
                    found[label] = max(found.get(label, 0.0), cumulative)
        out["profile"] = found
        out["profile_total"] = total
    return out


BASELINE_HOOK = """# Sets what the portal's plugin sets, and nothing else (bench/probe.py baseline):
# no pipeline; the search attributes come from the facts it computed.
import json, pathlib, sys
from markupsafe import Markup
_DATA = json.loads((pathlib.Path(__file__).parent / "baseline.json").read_text("utf-8"))
sys.path.insert(0, _DATA["portal"])
from scripts.search_index import excluded_from_search, index_site, mark_page
from scripts.wayfinding import SectionMarker
_SECTIONS = SectionMarker()
def on_page_context(context, page, nav, **kwargs):
    _SECTIONS.mark(page, nav)
    return context
def on_post_page(output, **kwargs):
    _SECTIONS.clear()
    return output
def on_page_content(html, page, **kwargs):
    src = page.file.src_uri
    return mark_page(html, src, [tuple(f) for f in _DATA["facts"].get(src, ())], _DATA["spellings"].get(src),
                     excluded=excluded_from_search(page.meta))
def on_post_build(config, **kwargs):
    index_site(pathlib.Path(config.site_dir))
def on_config(config, **kwargs):
    config.extra["build"] = _DATA["build"]
def on_page_markdown(markdown, page, **kwargs):     # titles are HTML
    title = page.meta.get("title")
    if title is not None and not isinstance(title, Markup):
        page.meta["title"] = Markup.escape(str(title))
def on_files(files, config, **kwargs):
    for src in _DATA["generated"]:          # the plugin appends them, in this order
        file = files.get_file_from_path(src)
        files.remove(file)
        files.append(file)
        file.edit_uri = _DATA["edit"].get(src, file.edit_uri)
"""


def cmd_baseline(args: list[str]) -> dict:
    """The site the portal plugin builds, as a plain MkDocs project in DST:
    ROOT's docs/ plus every generated page and data file written as files,
    each page's Markdown as the plugin hands it to MkDocs (blocks filled, glossary
    definitions appended), CONTRIBUTING.md (docs/contributing.md includes
    it), and instead of the plugin a short hook that only sets the build info,
    the generated pages' edit links and their order (the plugin appends them)
    and escapes front matter titles. What MkDocs alone costs."""
    import shutil
    root, dst = Path(args[0]).resolve(), Path(args[1]).resolve()
    _use_project(root)
    from mkdocs.utils import meta

    from scripts.buildinfo import build_info
    from scripts.pagetext import page_markdown
    from scripts.paths import ProjectPaths
    from scripts.pipeline import run
    from scripts.renderer.pages import Context
    shutil.copytree(root / "docs", dst / "docs")
    shutil.copytree(root / "overrides", dst / "overrides")
    if (root / "CONTRIBUTING.md").exists():
        shutil.copy2(root / "CONTRIBUTING.md", dst / "CONTRIBUTING.md")
    info = build_info(root)
    result = run(ProjectPaths(root), info)
    context = Context(result.corpus)
    pages = {page.path: page.markdown for page in result.pages}
    for path in (dst / "docs").rglob("*.md"):
        pages.setdefault(path.relative_to(dst / "docs").as_posix(), path.read_text("utf-8"))
    for path, text in pages.items():
        body, _ = meta.get_data(text)            # what MkDocs hands to on_page_markdown: a suffix of text
        target = dst / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text[:len(text) - len(body)] + page_markdown(body, path, result, context), "utf-8")
    for item in result.files:
        target = dst / "docs" / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.content)
    config = (root / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"(?m)^watch:\n(?:  - .*\n)+", "", config)
    # The portal's plugin is replaced by the baseline hook, which keeps the
    # wayfinding (section tabs, no pipeline): the site it builds is the site compared.
    config = re.sub(r"(?m)^(?:  #.*\n)*  - portal\n", "", config) + "\nhooks:\n  - baseline_hook.py\n"
    (dst / "mkdocs.yml").write_text(config, "utf-8")
    (dst / "baseline_hook.py").write_text(BASELINE_HOOK, "utf-8")
    build = {"version": info.version, "commit": info.commit, "date": info.date.isoformat(),
             "date_words": f"{info.date.day} {info.date.strftime('%B %Y')}"}
    edit = {page.path: f"../{page.edit_path}" for page in result.pages if page.edit_path}
    generated = [page.path for page in result.pages] + [item.path for item in result.files]
    from scripts.search_index import actor_spellings, page_facts
    (dst / "baseline.json").write_text(json.dumps({
        "build": build, "edit": edit, "generated": generated, "portal": str(Path(__file__).resolve().parent.parent),
        "facts": page_facts(result.corpus), "spellings": actor_spellings(result.corpus)}), "utf-8")
    return {"pages": len(pages), "files": len(result.files)}


def main() -> None:
    command, *args = sys.argv[1:]
    result = {"pipeline": cmd_pipeline, "mkdocs": cmd_mkdocs, "baseline": cmd_baseline}[command](args)
    sys.stdout.flush()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
