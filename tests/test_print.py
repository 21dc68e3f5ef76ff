"""The print stylesheet and the "print this period" dossiers, in Chromium:
a dossier prints on A4 without the site's navigation, in black on white
whatever the reader's colour scheme, and nothing is wider than the page."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("tests.browser_support")

pytestmark = pytest.mark.browser
pytest_plugins = ["tests.browser_support"]

#: A4's width less the stylesheet's side margins (210 - 2 × 16 mm) at 96 px/in.
A4_CONTENT_PX = int((210 - 32) / 25.4 * 96)


def _dossiers(site_server) -> list[str]:
    return sorted(p.name for p in (site_server.site_dir / "dossiers").glob("*.html"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_dossier_prints_on_a4_without_the_site_around_it(open_page, site_server, scheme):
    dossiers = _dossiers(site_server)
    assert dossiers, "no dossier was built"
    page = open_page(width=A4_CONTENT_PX, height=1000, color_scheme=scheme)
    for name in dossiers:
        page.goto(site_server.url(f"dossiers/{name}"))
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.portal-pager',
                                         '.cite-downloads', '.dossier-help']
            .filter(s => document.querySelector(s))
            .map(s => [s, getComputedStyle(document.querySelector(s)).display])""")
        assert all(display == "none" for _selector, display in hidden), (name, hidden)
        colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
                                          getComputedStyle(document.querySelector('.md-typeset')).color]""")
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], (name, scheme, colours)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= A4_CONTENT_PX, (name, width)
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and b"/MediaBox [0 0 595" in pdf.replace(b"\n", b" "), name
