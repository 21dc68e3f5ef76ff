"""The editing loop: ``mkdocs serve`` on a temporary copy of the real project.

Three kinds of change, repeated and interleaved:

* **touch**: a source text's mtime changes, its bytes do not. Measured from
  the touch to MkDocs' "Reloading browsers" log line (the page cannot change).
* **text edit**: one word is inserted into a paragraph no event cites, and the
  text's sha256 is fixed in ``catalog.yml`` (both writes within a millisecond,
  well inside MkDocs' 0.1 s debounce). Measured to the moment the served
  source page contains the word (polled every 10 ms), and to the log line.
* **YAML edit**: one word appended to an actor's summary in ``actors.yml``,
  measured to the moment the served actor page contains it, and to the log line.

The ratio edit / touch says whether an edit costs more than a rebuild that
has nothing to do (budget ≤ 1.3).
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from bench.common import MKDOCS, bench_env

POLL = 0.01


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.lines: list[tuple[float, str]] = []
        self.base = f"http://127.0.0.1:{self.port}/"      # replaced by the URL MkDocs prints
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [MKDOCS, "serve", "--strict", "--dev-addr", f"127.0.0.1:{self.port}", "-f", str(root / "mkdocs.yml")],
            cwd=root, env=bench_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(self.url(path), timeout=5) as response:
                return response.read()
        except OSError:
            return None

    def wait_ready(self, timeout: float = 300) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError("mkdocs serve exited:\n" + self.log_text()[-3000:])
            serving = [line for _, line in self.snapshot() if "Serving on" in line]
            if serving:
                # MkDocs serves under site_url's path (/portal/ here).
                self.base = serving[0].split("Serving on", 1)[1].strip()
                if not self.base.endswith("/"):
                    self.base += "/"
                if self.get("index.html"):
                    return time.perf_counter() - started
            time.sleep(0.05)
        raise RuntimeError("mkdocs serve did not start:\n" + self.log_text()[-3000:])

    def snapshot(self) -> list[tuple[float, str]]:
        with self.lock:
            return list(self.lines)

    def log_text(self) -> str:
        return "\n".join(line for _, line in self.snapshot() if '"GET ' not in line)

    def wait_log(self, needle: str, after: float, timeout: float = 300) -> float:
        """Time of the first log line containing *needle* printed after *after*."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp, line in self.snapshot():
                if stamp > after and needle in line:
                    return stamp
                if stamp > after and ("ERROR" in line or "Aborted" in line):
                    raise RuntimeError("rebuild failed:\n" + self.log_text()[-3000:])
            time.sleep(POLL)
        raise RuntimeError(f"no '{needle}' within {timeout} s:\n" + self.log_text()[-3000:])

    def wait_content(self, path: str, needle: bytes, timeout: float = 300) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            body = self.get(path)
            if body and needle in body:
                return time.perf_counter()
            time.sleep(POLL)
        raise RuntimeError(f"{path} never contained {needle!r}:\n" + self.log_text()[-3000:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _editable_line(root: Path, corpus, source_id: str) -> tuple[Path, int]:
    """A raw line of an uncited paragraph of *source_id* (1-based)."""
    source = next(s for s in corpus.sources if s.id == source_id)
    cited = {c.passage_id for e in corpus.events for c in e.citations}
    for passage in source.passages:
        if passage.id not in cited and passage.kind == "paragraph" and len(passage.lines) == 1 \
                and len(passage.text) > 200:
            return root / "sources" / source.entry.file, passage.lines[0]
    raise RuntimeError(f"no uncited one-line paragraph in {source_id}")


def _insert_word(path: Path, line_number: int, word: str) -> bytes:
    """The text's bytes with *word* after the first word of the line."""
    lines = path.read_bytes().decode("utf-8").split("\n")
    line = lines[line_number - 1]
    first_space = line.index(" ")
    lines[line_number - 1] = f"{line[:first_space]} {word}{line[first_space:]}"
    return "\n".join(lines).encode("utf-8")


def _summary_edit(actors_yml: Path, actor_id: str, word: str) -> str:
    text = actors_yml.read_text("utf-8")
    start = text.index(f"  - id: {actor_id}\n")
    match = re.compile(r"\n    summary: >-?\n(      [^\n]+)").search(text, start)
    if match is None:
        raise RuntimeError(f"actor {actor_id}: no folded `summary: >-` block")
    return text[:match.end(1)] + f" {word}" + text[match.end(1):]


def editing_loop(root: Path, corpus, repeats: int = 4, source_id: str | None = None,
                 actor_id: str = "russia") -> dict:
    """Start ``mkdocs serve`` on *root* (a copy of the real project) and
    measure the three kinds of change *repeats* times each."""
    sources = sorted(corpus.sources, key=lambda s: -len(s.passages))
    source_id = source_id or sources[0].id
    entry = next(s.entry for s in corpus.sources if s.id == source_id)
    text_path, line_number = _editable_line(root, corpus, source_id)
    catalog = root / "sources" / "catalog.yml"
    actors_yml = root / "sources" / "actors.yml"
    source_page, actor_page = f"sources/{source_id}.html", f"actors/{actor_id}.html"
    server = Server(root)
    result = {"touch": [], "text_log": [], "text_page": [], "yaml_log": [], "yaml_page": [],
              "source": source_id, "actor": actor_id, "port": server.port}
    try:
        result["startup"] = server.wait_ready()
        time.sleep(1.0)
        sha = entry.sha256
        for k in range(repeats):
            # (a) touch, no content change
            started = time.perf_counter()
            os.utime(text_path)
            done = server.wait_log("Reloading browsers", started)
            result["touch"].append(done - started)
            time.sleep(0.8)
            # (b) one word into a paragraph + its new sha256 in catalog.yml
            word = f"benchedit{k}x"
            new_text = _insert_word(text_path, line_number, word)
            new_sha = hashlib.sha256(new_text).hexdigest()
            catalog_text = catalog.read_text("utf-8").replace(sha, new_sha)
            started = time.perf_counter()
            text_path.write_bytes(new_text)
            catalog.write_text(catalog_text, "utf-8")
            sha = new_sha
            page = server.wait_content(source_page, word.encode())
            logged = server.wait_log("Reloading browsers", started)
            result["text_page"].append(page - started)
            result["text_log"].append(logged - started)
            time.sleep(0.8)
            # (c) one word appended to an actor's summary in actors.yml
            word = f"benchsummary{k}x"
            new_yaml = _summary_edit(actors_yml, actor_id, word)
            started = time.perf_counter()
            actors_yml.write_text(new_yaml, "utf-8")
            page = server.wait_content(actor_page, word.encode())
            logged = server.wait_log("Reloading browsers", started)
            result["yaml_page"].append(page - started)
            result["yaml_log"].append(logged - started)
            time.sleep(0.8)
    finally:
        server.stop()
    return result
