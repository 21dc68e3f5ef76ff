"""Page weight (Playwright + Debian's Chromium) and Lighthouse on the built
site, served on 127.0.0.1 by a small static server that gzips text as
GitHub Pages does (so Lighthouse sees realistic transfer sizes).

Page weight of a first visit = every response the page loads (HTML, CSS,
JS, fonts, images, and whatever the search worker fetches), each counted as
its body compressed with gzip level 6 — or its raw size when gzip would not
shrink it (fonts and images are already compressed; servers send them as is).
"""

from __future__ import annotations

import gzip
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench.common import ROOT, WORK, log

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
LIGHTHOUSE_VERSION = "12.8.2"
NODE_PREFIX = WORK / "node"
LIGHTHOUSE_CLI = NODE_PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")

mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


def gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def wire_size(body: bytes) -> int:
    return min(len(body), gzip_size(body))


# ------------------------------------------------------------------ static server


class _Handler(http.server.BaseHTTPRequestHandler):
    directory: Path
    cache: dict

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):  # noqa: N802
        path = unquote(urlsplit(self.path).path)
        target = (self.directory / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not str(target).startswith(str(self.directory)) or not target.is_file():
            body = b"<!doctype html><title>Not found</title><h1>Not found</h1>"
            missing = self.directory / "404.html"
            if missing.is_file():
                body = missing.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        body = target.read_bytes()
        encoding = None
        if "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSIBLE):
            key = str(target)
            if key not in self.cache:
                self.cache[key] = gzip.compress(body, compresslevel=6, mtime=0)
            body, encoding = self.cache[key], "gzip"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class StaticServer:
    """The site on http://127.0.0.1:PORT/ in a thread (gzip for text)."""

    def __init__(self, directory: Path, port: int = 0):
        handler = type("Handler", (_Handler,), {"directory": directory.resolve(), "cache": {}})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ------------------------------------------------------------------ page weight


def _category(url: str, kind: str) -> str:
    path = urlsplit(url).path
    if "search_index" in path:
        return "search index"
    if "/lunr/" in path or "/workers/" in path:
        return "search JS"
    if kind.startswith("text/html"):
        return "HTML"
    if "css" in kind:
        return "CSS"
    if "javascript" in kind:
        return "JS"
    if kind.startswith("font/") or path.endswith((".woff", ".woff2", ".ttf")):
        return "fonts"
    if kind.startswith("image/"):
        return "images"
    return "other"


def page_weights(server: StaticServer, pages: dict[str, str], settle: float = 1.5) -> dict:
    """Weight of a first visit of each page (fresh browser context, empty cache)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label, path in pages.items():
                context = browser.new_context()
                page = context.new_page()
                responses = []
                # Context events include requests of the search worker.
                context.on("response", lambda response: responses.append(response))
                page.goto(server.url(path), wait_until="networkidle")
                time.sleep(settle)
                page.wait_for_load_state("networkidle")
                items, seen = [], set()
                for response in responses:
                    if response.url in seen or not response.url.startswith(server.url()):
                        continue
                    seen.add(response.url)
                    try:
                        body = response.body()
                    except Exception:           # redirects, aborted requests
                        continue
                    kind = response.headers.get("content-type", "")
                    items.append({"url": response.url[len(server.url()) - 1:], "raw": len(body),
                                  "wire": wire_size(body), "category": _category(response.url, kind)})
                total = sum(i["wire"] for i in items)
                by_category = {}
                for item in items:
                    by_category[item["category"]] = by_category.get(item["category"], 0) + item["wire"]
                results[label] = {"path": path, "total": total, "raw": sum(i["raw"] for i in items),
                                  "requests": len(items), "by_category": by_category, "items": items}
                context.close()
        finally:
            browser.close()
    return results


# ------------------------------------------------------------------ lighthouse


def ensure_lighthouse() -> Path:
    """Lighthouse from the npm registry into bench/work/node (never package.json)."""
    if LIGHTHOUSE_CLI.is_file():
        package = json.loads((LIGHTHOUSE_CLI.parent.parent / "package.json").read_text("utf-8"))
        if package.get("version") == LIGHTHOUSE_VERSION:
            return LIGHTHOUSE_CLI
    if not shutil.which("npm"):
        raise RuntimeError("npm not found: Lighthouse needs Node.js 18+ and npm")
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    # A package.json of its own, so npm never walks up to the project's.
    (NODE_PREFIX / "package.json").write_text('{"private": true}\n', "utf-8")
    log(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_PREFIX.relative_to(ROOT)} (npm)…")
    subprocess.run(["npm", "install", "--prefix", str(NODE_PREFIX), "--no-save", "--no-audit", "--no-fund",
                    "--no-package-lock", "--silent", f"lighthouse@{LIGHTHOUSE_VERSION}"],
                   check=True, cwd=NODE_PREFIX, timeout=900)
    return LIGHTHOUSE_CLI


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index")


def lighthouse(url: str, out_json: Path) -> dict:
    cli = ensure_lighthouse()
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    done = subprocess.run(["node", str(cli), url, "--output=json", f"--output-path={out_json}", "--quiet",
                           "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                          env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out_json.is_file():
        raise RuntimeError(f"lighthouse {url} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    report = json.loads(out_json.read_text("utf-8"))
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    metrics = {m: {"value": report["audits"][m].get("numericValue"), "display": report["audits"][m].get("displayValue"),
                   "score": report["audits"][m].get("score")} for m in METRICS if m in report["audits"]}
    failing = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
                continue
            if audit.get("score") is not None and audit["score"] < 1 and (ref.get("weight") or category != "performance"):
                failing.setdefault(category, []).append(
                    {"id": ref["id"], "title": audit.get("title"), "score": audit.get("score"),
                     "display": audit.get("displayValue"), "weight": ref.get("weight"),
                     "items": _audit_items(audit)})
    return {"scores": scores, "metrics": metrics, "failing": failing,
            "version": report.get("lighthouseVersion"), "json": str(out_json)}


def _audit_items(audit: dict) -> list[str]:
    details = audit.get("details") or {}
    out = []
    for item in (details.get("items") or [])[:5]:
        node = item.get("node") or {}
        text = node.get("snippet") or node.get("selector") or item.get("url") or item.get("source") or ""
        if isinstance(text, dict):
            text = text.get("url") or json.dumps(text)[:120]
        out.append(str(text)[:160])
    return out
