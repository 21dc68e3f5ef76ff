"""Drive the rebuilds of ``mkdocs serve`` without its web server:
``python -m tests.preview_driver PROJECT SITE URL``.

Builds once at start, then once per line read on stdin, exactly as
``mkdocs serve``'s builder does (a fresh config per build, the plugins kept,
``on_startup(command="serve")`` once); prints one JSON line per build:
``{"ok": true, "rendered": N, "pages": M, "seconds": S}`` or
``{"ok": false, "error": "…"}``, once the search index written in the
background is complete. tests/test_preview.py compares the site
folder after each build with a clean ``mkdocs build``.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time


def main(project: str, site: str, url: str) -> None:
    import mkdocs.commands.serve as serve
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s - %(message)s", stream=sys.stderr)

    def config():
        loaded = load_config(config_file=f"{project}/mkdocs.yml", site_dir=site, strict=True)
        loaded.site_url = url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    portal = first.plugins["portal"]        # kept across the rebuilds, as by mkdocs serve

    def build(loaded) -> dict:
        started = time.perf_counter()
        try:
            serve.build(loaded, serve_url=url, dirty=False)   # the name mkdocs serve's builder calls
        except BaseException as error:        # Abort is a SystemExit-like ClickException
            return {"ok": False, "error": f"{type(error).__name__}: {error}"}
        seconds = time.perf_counter() - started
        # Under serve Pagefind indexes in a background thread; the site is
        # complete (and comparable with a clean build) when it has finished.
        for thread in threading.enumerate():
            if thread.name == "pagefind":
                thread.join()
        preview = portal.preview
        return {"ok": True, "seconds": seconds,
                "rendered": len(preview._rendered) if preview else None,
                "pages": len(preview.pages) if preview else None}

    print(json.dumps(build(first)), flush=True)
    for _ in sys.stdin:
        print(json.dumps(build(config())), flush=True)
    first.plugins.on_shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:4])
