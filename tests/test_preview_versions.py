"""The incremental preview (scripts/preview/internals.py) relies on private internals
of the MkDocs and Material versions it was written for: it runs only under
those versions, and this test fails loudly when pyproject.toml pins others
(then scripts/preview/internals.py must be checked against the new versions)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from scripts.preview import internals as preview

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_the_pinned_versions_are_the_ones_the_preview_was_written_for():
    text = PYPROJECT.read_text("utf-8")
    for name, supported in preview.SUPPORTED_VERSIONS.items():
        [pinned] = re.findall(rf'"{re.escape(name)}==([^"]+)"', text)
        assert pinned == supported, (
            f"pyproject.toml pins {name} {pinned}, scripts/preview/internals.py was written for {supported}: check "
            "what it uses of MkDocs' and Material's internals against the new version, then update "
            "SUPPORTED_VERSIONS")


def test_the_installed_versions_are_supported():
    assert preview.unsupported(preview.installed_versions()) is None


def test_under_another_version_the_preview_is_a_full_rebuild_with_one_log_line(monkeypatch, caplog):
    import mkdocs.commands.serve as serve_module

    original = serve_module.build
    monkeypatch.setattr(preview, "installed_versions", lambda: {"mkdocs": "1.6.1", "mkdocs-material": "9.9.0"})
    state = preview.Preview()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.portal.preview"):
        state.start("serve")
    assert not state.active
    assert serve_module.build is original, "MkDocs' build must stay as it is"
    lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.portal.preview"]
    assert len(lines) == 1 and "mkdocs-material 9.9.0" in lines[0] and "rebuilds the whole site" in lines[0]
    state.stop()


def test_under_the_supported_versions_serve_builds_are_incremental():
    import mkdocs.commands.serve as serve_module

    original = serve_module.build
    state = preview.Preview()
    state.start("serve")
    try:
        assert state.active and serve_module.build is not original
    finally:
        state.stop()
    assert serve_module.build is original
