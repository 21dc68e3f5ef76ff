"""``mkdocs serve`` (strict, as ``make serve`` runs it) keeps answering
whatever a change breaks: a strict warning from docs/ (a broken link), a
traceback-prone YAML file (5000-deep nesting), a forbidden snippet include.
Each is reported as a located message without a traceback, every request
gets an answer within seconds, nothing from outside the repository is
served, and the fix shows up without a restart. The server runs on the
fixture knowledge layer (tests/fixtures/knowledge/): none of this depends
on what the editors curate, and each rebuild costs a third of the real
corpus's."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.helpers import knowledge_copy
from tests.test_live_preview import CHANGE_TIMEOUT, Server, fetch, free_port

pytestmark = pytest.mark.slow
SECRET = "ghs_SECRETtoken0123456789"


def _wait_in_log(server: Server, text: str, what: str) -> None:
    deadline = time.monotonic() + CHANGE_TIMEOUT
    while text not in server.log() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert text in server.log(), f"{what}: the server output does not show {text!r}:\n{server.log()[-3000:]}"


def _answers(server: Server, page: str) -> str:
    # The answer comes when the whole rebuild ends: hence the long timeout.
    status, body = fetch(server.base + page, timeout=120)
    assert status == 200, f"{page}: no answer ({status} {body[:200]!r}); server log:\n{server.log()[-3000:]}"
    return body


def test_serve_keeps_answering_through_hostile_changes(tmp_path):
    project = knowledge_copy(tmp_path)
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text(f"[http]\n\textraheader = basic {SECRET}\n", "utf-8")
    server = Server(project, free_port(), tmp_path)
    about = project / "docs" / "about" / "index.md"
    glossary = project / "sources" / "glossary" / "un.md"
    good_about, good_glossary = about.read_text("utf-8"), glossary.read_text("utf-8")
    try:
        server.wait_until_served()

        # A strict warning from docs/: MkDocs aborts the rebuild.
        about.write_text(good_about + "\n\nSee [the missing page](missing-page.md).\n", "utf-8")
        _wait_in_log(server, "missing-page.md", "broken link")
        _wait_in_log(server, "the rebuild failed", "broken link")
        _answers(server, "about/index.html")
        _answers(server, "index.html")

        # sources/: nesting that used to raise RecursionError.
        glossary.write_text("---\nterm: " + "[" * 5000 + "]" * 5000 + "\n---\n", "utf-8")
        _wait_in_log(server, "sources/glossary/un.md:2:", "deep nesting")
        _answers(server, "glossary.html")

        # docs/: a snippet of the repository's git config.
        about.write_text(good_about + '\n\n--8<-- ".git/config"\n', "utf-8")
        _wait_in_log(server, "docs/about/index.md:", "snippet include")
        assert SECRET not in _answers(server, "about/index.html")

        # Everything fixed: the preview catches up without a restart.
        marker = "Qx7HostileServeFixed"
        glossary.write_text(good_glossary, "utf-8")
        about.write_text(good_about + f"\n\n{marker}\n", "utf-8")
        server.wait_for("about/index.html", marker, "all fixed")
        assert server.process.poll() is None, "mkdocs serve stopped"
        assert "Traceback" not in server.log(), server.log()[-3000:]
        assert SECRET not in server.log()
    finally:
        server.stop()


_INDEX_THEN_DIE = """
import os, signal, sys, time
from pathlib import Path
# Ctrl-C as a server started from a terminal gets it: a test run started in
# the background (make test &, nohup, CI) hands its children SIGINT ignored,
# and Python then installs no KeyboardInterrupt.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, sys.argv[3])
from scripts import search_index
search_index.index_site(Path(sys.argv[1]), serving=True)
deadline = time.monotonic() + 30
while time.monotonic() < deadline and search_index._background.get("process") is None:
    time.sleep(0.02)
print(search_index._background["process"].pid, flush=True)
sys.stdin.readline()
os.kill(os.getpid(), getattr(signal, "SIG" + sys.argv[2]))
# Like mkdocs serve's main thread (socketserver polls every 0.5 s), wake
# often: the kernel may hand the signal to the indexer's thread, and
# Python runs a handler only when the main thread next runs bytecode.
for _ in range(300):
    time.sleep(0.1)
"""


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text("utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.fixture(scope="module")
def many_pages(tmp_path_factory) -> Path:
    """A site Pagefind needs several seconds to index."""
    site = tmp_path_factory.mktemp("many-pages")
    for number in range(12000):
        words = " ".join(f"word{(number * 7 + i) % 997} text{i}" for i in range(60))
        (site / f"p{number}.html").write_text(f"<html><body><main><h1>Page {number}</h1><p>{words}</p>"
                                              "</main></body></html>", "utf-8")
    return site


@pytest.mark.parametrize("signal_name", ["TERM", "KILL", "INT"])
def test_a_stopped_server_leaves_no_indexer_behind(many_pages, signal_name):
    """The background Pagefind of ``mkdocs serve`` ends with the server,
    however the server ends (Ctrl-C, SIGTERM, or SIGKILL as a killed test)."""
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    site = many_pages
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-c", _INDEX_THEN_DIE, str(site), signal_name, str(root)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        indexer = int(child.stdout.readline())
        assert _alive(indexer), "Pagefind ended before the server was stopped: the test proves nothing"
        assert str(site) in Path(f"/proc/{indexer}/cmdline").read_text("utf-8", "replace")
        child.stdin.write("go\n")
        child.stdin.flush()
        child.wait(timeout=30)
        # Pagefind needs several seconds for this site; stopped with the
        # server, it is gone at once.
        deadline = time.monotonic() + 1.5
        while _alive(indexer) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(indexer), f"Pagefind ({indexer}) outlived the server stopped by SIG{signal_name}"
    finally:
        if child.poll() is None:
            child.kill()
