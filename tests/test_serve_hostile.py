"""``mkdocs serve`` (strict, as ``make serve`` runs it) keeps answering
whatever a change breaks: a strict warning from docs/ (a broken link), a
traceback-prone YAML file (5000-deep nesting), a forbidden snippet include.
Each is reported as a located message without a traceback, every request
gets an answer within seconds, nothing from outside the repository is
served, and the fix shows up without a restart."""

from __future__ import annotations

import time

import pytest

from tests.helpers import copy_project
from tests.test_live_preview import CHANGE_TIMEOUT, Server, fetch, free_port

pytestmark = pytest.mark.slow
SECRET = "ghs_SECRETtoken0123456789"


def _wait_in_log(server: Server, text: str, what: str) -> None:
    deadline = time.monotonic() + CHANGE_TIMEOUT
    while text not in server.log() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert text in server.log(), f"{what}: the server output does not show {text!r}:\n{server.log()[-3000:]}"


def _answers(server: Server, page: str) -> str:
    # The answer comes when the rebuild ends (25 s on a loaded 2-core machine).
    status, body = fetch(server.base + page, timeout=120)
    assert status == 200, f"{page}: no answer ({status} {body[:200]!r}); server log:\n{server.log()[-3000:]}"
    return body


def test_serve_keeps_answering_through_hostile_changes(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text(f"[http]\n\textraheader = basic {SECRET}\n", "utf-8")
    server = Server(project, free_port(), tmp_path)
    about = project / "docs" / "about" / "index.md"
    glossary = project / "sources" / "glossary" / "caatsa.md"
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
        _wait_in_log(server, "sources/glossary/caatsa.md:2:", "deep nesting")
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
