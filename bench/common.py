"""Shared helpers of the benchmark: paths, environment, project copies,
subprocess probes and summary statistics (medians with min–max spread)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
PYTHON = sys.executable
MKDOCS = str(Path(PYTHON).with_name("mkdocs"))
PROJECT_PARTS = ("mkdocs.yml", "CONTRIBUTING.md", "docs", "overrides", "scripts", "sources")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.tmp")


def source_date_epoch() -> str:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return value
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except OSError:
        out = ""
    return out if out.isdigit() else "0"


def bench_env(**extra) -> dict:
    """The environment of every measured subprocess: reproducible dates, no
    MkDocs 2 banner, the project root importable (for ``bench.probe``)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(),
               PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def copy_project(dst: Path, *, sources: Path | None = None, parts=PROJECT_PARTS) -> Path:
    """Copy the project (or its parts) to *dst*; *sources* replaces sources/."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in parts:
        src = sources if (name == "sources" and sources is not None) else ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=IGNORE)
        elif src.exists():
            shutil.copy2(src, dst / name)
    # Raw texts are read-only in the repository; the copies are ours to edit.
    for path in (dst / "sources").rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return dst


def probe(*args, timeout: float = 1800, cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run ``python -m bench.probe ARGS`` in a fresh process; return its JSON
    (the last stdout line). Wall time of the whole process is added."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "bench.probe", *map(str, args)], cwd=cwd or ROOT,
                          env=env or bench_env(), capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe {' '.join(map(str, args))} failed ({done.returncode}):\n"
                           + (done.stdout + done.stderr)[-4000:])
    result = json.loads(lines[-1])
    result["process_wall"] = wall
    return result


def dir_bytes(path: Path) -> int:
    """Bytes of all files under *path* (apparent size)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --------------------------------------------------------------------- statistics

@dataclass
class Series:
    values: list

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def lo(self) -> float:
        return min(self.values) if self.values else float("nan")

    @property
    def hi(self) -> float:
        return max(self.values) if self.values else float("nan")

    def fmt(self, unit: str = "s", digits: int | None = None) -> str:
        if not self.values:
            return "—"
        f = {"s": fmt_seconds, "x": fmt_ratio, "%": fmt_percent, "B": fmt_bytes,
             "ms": lambda v: fmt_seconds(v)}[unit]
        if self.n == 1:
            return f"{f(self.median)} (n=1)"
        return f"{f(self.median)} ({f(self.lo)}–{f(self.hi)})"


def fmt_seconds(value: float) -> str:
    if value != value:
        return "—"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def fmt_ratio(value: float) -> str:
    if value != value:
        return "—"
    return f"{value:.2f}×" if value < 100 else f"{value:.0f}×"


def fmt_percent(value: float) -> str:
    if value != value:
        return "—"
    return f"{value * 100:.1f} %"


def fmt_bytes(value: float) -> str:
    if value != value:
        return "—"
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if value >= size:
            return f"{value / size:.1f} {unit}"
    return f"{value:.0f} B"


def md_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    return "\n".join(lines) + "\n"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("**PASS**" if ok else "**FAIL**")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
