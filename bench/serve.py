"""The editing loop: save a file under ``mkdocs serve --strict`` and time how
long until the served page shows the change.

Two kinds of save, alternated for ``rounds`` rounds:

* **text**: one word inserted into an uncited paragraph of the largest
  source text, and the text's sha256 fixed in its catalog file (both writes
  within a millisecond, inside MkDocs' 0.1 s debounce); timed until the
  served source page contains the word;
* **YAML**: one word put before an actor's summary in its file
  (``sources/actors/<id>.md``); timed until the served actor page contains it.

Each save is timed in wall seconds (page polled every 10 ms) and in CPU
seconds of the server process (``/proc/PID/stat``: what the rebuild cost,
whatever else the machine was doing).
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
    """``mkdocs serve --strict`` of *root* on a free port (site at the root),
    running *root*'s own copy of ``scripts/`` (as bench/probe.py's builds
    do): a pull or an edit in the working copy during a long run must not
    change the code under the running server (a template changed under it
    fails a rebuild, and the preview renders every page on the next save)."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [MKDOCS, "serve", "--strict", "--dev-addr", f"127.0.0.1:{self.port}", "-f", str(root / "mkdocs.yml")],
            cwd=root, env=bench_env(SITE_URL=self.base, PYTHONPATH=root), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1)
        threading.Thread(target=lambda: self.lines.extend(line.rstrip() for line in self.process.stdout),
                         daemon=True).start()

    def log_tail(self) -> str:
        return "\n".join(line for line in self.lines[-40:] if '"GET ' not in line)

    def cpu(self) -> float:
        """CPU seconds (user + system) the server process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def get(self, path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return response.read()
        except OSError:
            return None

    def wait_for(self, path: str, needle: bytes | None = None, timeout: float = 1800) -> float:
        """Wall time at which *path* is served (and contains *needle*)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("mkdocs serve exited:\n" + self.log_tail())
            body = self.get(path)
            if body and (needle is None or needle in body):
                return time.perf_counter()
            time.sleep(POLL)
        raise RuntimeError(f"{path} never showed {needle!r}:\n" + self.log_tail())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def edit_target(corpus) -> dict:
    """What the editing loop edits: a raw line of an uncited one-line
    paragraph of the largest source text that has one (1-based), and the
    source's sha256. Not a TEI document: a word put at the start of one of
    its raw lines lands outside the paragraph's ``<p>`` and never shows. Not
    a paragraph the editors' prose refers to (``[[source/pN#pin]]``): the
    edit would move it away from its pin and fail the build."""
    from scripts import tei

    cited = {c.passage_id for e in corpus.events for c in e.citations}
    prose = repr((corpus.actors, corpus.events, corpus.periods, corpus.glossary, corpus.notes))
    cited |= {f"{source}/p{number}" for source, group in re.findall(r"\[\[([\w.-]+)/([^\]]*)\]\]", prose)
              for number in re.findall(r"p(\d+)", group)}
    texts = [s for s in corpus.sources if not tei.is_document_file(s.entry.file)]
    for source in sorted(texts, key=lambda s: (-len(s.passages), s.id)):
        for passage in source.passages:
            if passage.id not in cited and passage.kind == "paragraph" and len(passage.lines) == 1 \
                    and len(passage.text) > 200:
                return {"source": source.id, "file": source.entry.file, "line": passage.lines[0],
                        "sha256": source.entry.sha256}
    raise RuntimeError("no source text has an uncited one-line paragraph to edit")


def _insert_word(path: Path, line_number: int, word: str) -> bytes:
    lines = path.read_bytes().decode("utf-8").split("\n")
    line = lines[line_number - 1]
    space = line.index(" ")
    lines[line_number - 1] = f"{line[:space]} {word}{line[space:]}"
    return "\n".join(lines).encode("utf-8")


def _summary_edit(actor_file: Path, word: str) -> str:
    """The actor's file with *word* put before its summary (the body after
    the front matter's closing ``---``)."""
    return actor_file.read_text("utf-8").replace("\n---\n\n", f"\n---\n\n{word} ", 1)


def editing_loop(root: Path, target: dict, rounds: int = 3, actor_id: str = "russia") -> dict:
    """Serve *root*; time *rounds* text saves (of *target*, from
    :func:`edit_target`) and YAML saves. Returns wall and CPU seconds per
    save and the start-up time (the first build)."""
    text_path, line_number = root / "sources" / target["file"], target["line"]
    catalog = root / "sources" / "catalog" / f"{target['source']}.yml"
    actors_yml = root / "sources" / "actors" / f"{actor_id}.md"
    source_page, actor_page = f"sources/{target['source']}.html", f"actors/{actor_id}.html"
    out = {"source": target["source"], "actor": actor_id, "text": [], "text_cpu": [], "yaml": [], "yaml_cpu": []}
    started = time.perf_counter()
    server = Server(root)
    try:
        out["startup"] = server.wait_for("index.html") - started
        out["startup_cpu"] = server.cpu()           # the first build (a full one) and the imports
        sha = target["sha256"]
        for k in range(rounds):
            time.sleep(1.0)                   # let MkDocs' watcher settle
            word = f"benchedit{k}x"
            new_text = _insert_word(text_path, line_number, word)
            new_sha = hashlib.sha256(new_text).hexdigest()
            new_catalog = catalog.read_text("utf-8").replace(sha, new_sha)
            cpu, started = server.cpu(), time.perf_counter()
            text_path.write_bytes(new_text)
            catalog.write_text(new_catalog, "utf-8")
            sha = new_sha
            out["text"].append(server.wait_for(source_page, word.encode()) - started)
            out["text_cpu"].append(server.cpu() - cpu)
            time.sleep(1.0)
            word = f"benchsummary{k}x"
            new_yaml = _summary_edit(actors_yml, word)
            cpu, started = server.cpu(), time.perf_counter()
            actors_yml.write_text(new_yaml, "utf-8")
            out["yaml"].append(server.wait_for(actor_page, word.encode()) - started)
            out["yaml_cpu"].append(server.cpu() - cpu)
    finally:
        server.stop()
    return out
