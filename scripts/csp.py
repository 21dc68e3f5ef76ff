"""The site's Content-Security-Policy (``<meta http-equiv>`` in
``overrides/main.html``; a static site sets no headers): defence in depth
behind the sanitiser of hand-written pages and the escaping of generated
ones. Scripts, styles, images, fonts and fetches come from the site alone;
no plug-ins, no ``<base>``, no form posting elsewhere. Inline scripts run
only if their SHA-256 is listed: those of the templates named in
:data:`TEMPLATES`, taken from the theme folders as MkDocs resolves them
(``overrides/`` first), so an update of Material brings its new hashes.

Exceptions, each needed by a feature of the site:

* ``'wasm-unsafe-eval'``: Pagefind searches with WebAssembly;
* ``blob:`` workers: ``overrides/main.html`` hands Material an empty worker
  made from a Blob when Pagefind answers;
* ``'unsafe-inline'`` styles: Material and the generated pages position
  elements with ``style`` attributes (a style cannot run script; no image
  or font can come from elsewhere);
* ``data:`` images and fonts: Material's inline icons.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

#: Templates whose inline scripts (``<script>`` with no ``src`` and no Jinja
#: inside) the policy allows.
TEMPLATES = ("partials/javascripts/base.html", "partials/javascripts/content.html",
             "partials/javascripts/palette.html", "main.html")
_INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


def inline_script_hashes(theme_dirs) -> list[str]:
    """``sha256-…`` of every inline script of :data:`TEMPLATES`, each
    template read from the first theme folder that has it."""
    hashes = []
    for name in TEMPLATES:
        path = next((Path(d) / name for d in theme_dirs if (Path(d) / name).is_file()), None)
        if path is None:
            continue
        for match in _INLINE.finditer(path.read_text("utf-8")):
            body = match.group("body")
            if "src=" in match.group("attrs") or "{{" in body or "{%" in body or "type=" in match.group("attrs"):
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


def policy(theme_dirs) -> str:
    """The policy's text for the ``content`` attribute."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *inline_script_hashes(theme_dirs)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
