"""Live preview (`make serve`): what an editor saves shows up in the browser
without restarting the server, and a mistake is reported as
``sources/<file>:<line>:`` while the preview keeps the last good pages.

One running ``mkdocs serve`` in a temporary copy of the project goes through
the editor's day: (a) a new paragraph in a source text (with the catalogue's
sha256 updated), (b) a changed actor summary, (c) an edited hand-written
page, (d) a YAML mistake, (e) the mistake fixed.
"""

from __future__ import annotations

import hashlib
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts.entryfiles import KINDS, parse_entry
from scripts.errors import ProblemLog
from scripts.model import RawText
from scripts.paths import ProjectPaths
from scripts.stages.clean import clean
from scripts.stages.load import load
from scripts.stages.validate import validate
from tests.helpers import copy_project, entry_path, prefix_nth_entry, subprocess_env

MKDOCS = Path(sys.executable).with_name("mkdocs")
START_TIMEOUT = 120
CHANGE_TIMEOUT = 60

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int | None, str]:
    """(status, body) of a GET; (None, reason) when there is no answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError) as error:
        return None, str(error)


class Server:
    def __init__(self, root: Path, port: int, log_dir: Path):
        self.root, self.port = root, port
        self.stdout_path, self.stderr_path = log_dir / "serve.out", log_dir / "serve.err"
        env = subprocess_env()
        self._out = self.stdout_path.open("wb")
        self._err = self.stderr_path.open("wb")
        self.process = subprocess.Popen([str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
                                        env=env, stdout=self._out, stderr=self._err)
        self.base = None

    def log(self) -> str:
        return self.stderr_path.read_text("utf-8", "replace") + self.stdout_path.read_text("utf-8", "replace")

    def wait_until_served(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            try:
                # "/" redirects to the mount path of site_url (/portal/).
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as response:
                    if response.status == 200:
                        self.base = response.geturl()
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        pytest.fail(f"mkdocs serve did not answer within {START_TIMEOUT} s:\n{self.log()[-3000:]}")

    def wait_for(self, page: str, text: str, what: str) -> None:
        deadline = time.monotonic() + CHANGE_TIMEOUT
        status, body = None, ""
        while time.monotonic() < deadline:
            status, body = fetch(self.base + page)
            if status == 200 and text in body:
                return
            time.sleep(0.5)
        pytest.fail(f"{what}: {page} did not show {text!r} within {CHANGE_TIMEOUT} s without a restart "
                    f"(last status {status}). Server log:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            # Ctrl-C, as an editor stops it: mkdocs removes its temporary site folder.
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._out.close()
        self._err.close()


def _choose_source(project: Path, marker: str):
    """A catalogued text whose cleaning keeps a paragraph appended at its end
    (texts with a "drop the rest" footer rule would drop it)."""
    log = ProblemLog()
    valid = validate(load(ProjectPaths(project), log), log)
    assert not log, log.problems
    paragraph = f"\n\nThe editors added this paragraph to check the live preview ({marker}).\n"
    for entry in sorted(valid.catalog, key=lambda e: len(valid.texts[e.id].text)):
        raw = valid.texts[entry.id]
        text = raw.text + paragraph
        cleaned = clean(RawText(entry.id, raw.path, text, False, False), entry.rules + valid.generic_rules)
        if any(marker in block.text for block in cleaned.blocks):
            return entry, project / "sources" / entry.file, paragraph
    pytest.fail("no source text keeps a paragraph appended at its end")


def append_paragraph(project: Path, marker: str):
    """Append a paragraph containing *marker* to a source text that keeps it,
    and put the text's new sha256 in the catalogue; returns the entry."""
    entry, text_path, paragraph = _choose_source(project, marker)
    with text_path.open("ab") as out:
        out.write(paragraph.encode("utf-8"))
    catalog = project / entry.origin
    digest = hashlib.sha256(text_path.read_bytes()).hexdigest()
    catalog.write_text(catalog.read_text("utf-8").replace(entry.sha256, digest), "utf-8")
    return entry


def test_live_preview_rebuilds_on_save_and_survives_mistakes(tmp_path):
    project = copy_project(tmp_path / "project")
    server = Server(project, free_port(), tmp_path)
    try:
        server.wait_until_served()

        # (a) A new paragraph in a source text, and its new sha256 in the catalogue.
        marker_a = "Qx7LivePreviewA"
        entry = append_paragraph(project, marker_a)
        server.wait_for(f"sources/{entry.id}.html", marker_a, "(a) a paragraph added to a source text")

        # (b) An actor's summary.
        marker_b = "Qx7LivePreviewB"
        actor = prefix_nth_entry(project, "actors", 0, "summary", marker_b)
        actors_path = entry_path(project, "actors", actor["id"])
        display = f"sources/actors/{actors_path.name}"
        good_actors = actors_path.read_text("utf-8")
        actor_page = f"actors/{actor['id']}.html"
        server.wait_for(actor_page, marker_b, f"(b) an actor's summary changed in {display}")

        # (c) A hand-written page.
        marker_c = "Qx7LivePreviewC"
        about = project / "docs/about/index.md"
        about.write_text(about.read_text("utf-8") + f"\n\nAdded while previewing: {marker_c}.\n", "utf-8")
        server.wait_for("about/index.html", marker_c, "(c) docs/about/index.md edited")

        # (d) A YAML mistake: a tab before the actor's `name:`.
        name_line = actor.line_of("name")
        broken = good_actors.split("\n")
        broken[name_line - 1] = "\t" + broken[name_line - 1].lstrip(" ")
        broken_text = "\n".join(broken)
        _, expected = parse_entry(broken_text.encode(), actor["id"], KINDS["actors"], display)
        assert expected and expected[0].line == name_line, expected
        actors_path.write_text(broken_text, "utf-8")
        wanted = f"{display}:{name_line}:"
        deadline = time.monotonic() + CHANGE_TIMEOUT
        while wanted not in server.log() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert wanted in server.log(), f"the server output does not point at {wanted}:\n{server.log()[-3000:]}"
        assert server.process.poll() is None, "mkdocs serve stopped on a mistake in the sources"
        # The rebuild goes on with the last good result: the server answers when it is done.
        kept = "the preview still shows the last good build"
        while kept not in server.log() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert kept in server.log(), server.log()[-3000:]
        status, body = fetch(server.base + actor_page, timeout=20)
        assert status == 200, (f"after a mistake the preview must keep serving the last good build; got "
                               f"{status} {body[:200]!r} for {actor_page}")
        assert marker_b in body, "the page served after the mistake is not the last good one"

        # (e) The mistake fixed (with one more change): the preview catches up, still without a restart.
        marker_e = "Qx7LivePreviewE"
        actors_path.write_text(good_actors.replace(marker_b, marker_e), "utf-8")
        server.wait_for(actor_page, marker_e, f"(e) {display} fixed")
    finally:
        server.stop()
