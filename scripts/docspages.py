"""Checks of the hand-written pages in ``docs/``, which come from pull
requests like everything under ``sources/``. Each returns
:class:`~scripts.errors.Problem` objects (``docs/<page>:<line>: message``);
the portal plugin reports them and fails the build.

* :func:`file_problems`: a page (or a folder on its path) that is a symbolic
  link would publish a file from outside the repository;
* :func:`snippet_problems`: ``--8<--`` includes only the files listed in
  :data:`ALLOWED_SNIPPETS` (``--8<-- ".git/config"`` would publish the
  deploy job's token);
* :func:`block_problems`: a ``<!-- portal:… -->`` block that is not one the
  pipeline fills (a typo would stay an invisible comment);
* :func:`sanitized_page`: the rendered page keeps only the markup that
  ``scripts/data/docs_html.yml`` allows (:mod:`scripts.sanitize`); each
  removal is a problem at the line of the Markdown it comes from.
"""

from __future__ import annotations

import functools
import logging
import re
import secrets
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markupsafe import Markup

from scripts import sanitize, yamlio
from scripts.errors import Problem

#: What a hand-written page may include with pymdownx.snippets (mkdocs.yml
#: restricts the extension to the same file).
ALLOWED_SNIPPETS = frozenset({"CONTRIBUTING.md"})
_SNIPPET = re.compile(r"^\s*;?-{1,}8<-{1,}\s*(?:(['\"])(?P<name>.*?)\1)?\s*$")
_BLOCK_LOOSE = re.compile(r"<!--\s*portal\b(?P<rest>.*?)-->", re.IGNORECASE | re.DOTALL)
_BLOCK_EXACT = re.compile(r"<!--\s*portal:(?P<name>[a-z-]+)\s*-->")


def _line(markdown: str, offset: int) -> int:
    return markdown.count("\n", 0, offset) + 1


def file_problems(docs_dir: Path, src_uri: str, display: str) -> list[Problem]:
    """A symbolic link as the page or as a folder between ``docs/`` and it."""
    path = docs_dir
    for part in Path(src_uri).parts:
        path = path / part
        if path.is_symlink():
            where = "this page is" if path.name == Path(src_uri).name else f"the folder {part}/ is"
            return [Problem(display, 1, f"{where} a symbolic link; pages must be files inside docs/ "
                            "(a link can publish any file of the machine): replace it by a copy or remove it")]
    return []


FILES_SPEC = Path(__file__).resolve().parent / "data" / "docs_files.yml"


@functools.cache
def _files_spec() -> dict:
    return yaml.safe_load(FILES_SPEC.read_text("utf-8"))


def _signature_matches(head: bytes, signature: str) -> bool:
    pairs = [signature[i:i + 2] for i in range(0, len(signature), 2)]
    return len(head) >= len(pairs) and all(p == "??" or head[i] == int(p, 16) for i, p in enumerate(pairs))


def kind_problems(docs_dir: Path, src_uri: str, display: str) -> list[Problem]:
    """A file of ``docs/`` that is not a page or an image of a listed type
    (``scripts/data/docs_files.yml``: checked by its first bytes), or whose
    name leaves the safe alphabet. *display* is shown escaped (``repr``) when
    the name is not safe."""
    spec = _files_spec()
    parts = Path(src_uri).parts
    if not all(re.fullmatch(spec["name"], part) for part in parts):
        return [Problem(repr(display)[1:-1], 1, "this file or folder name has characters outside letters, "
                        "digits, '-', '_' and '.' (or does not start with a letter or digit); rename it")]
    extension = src_uri.rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
    if extension in spec["pages"]:
        return []
    signatures = spec["images"].get(extension)
    if signatures is None:
        return [Problem(display, 1, f"docs/ may hold only Markdown pages and images "
                        f"({', '.join(sorted(spec['images']))}); a .{extension or '(no extension)'} file would be "
                        "published on the site unchecked: remove it (convert SVG to PNG)")]
    path = docs_dir / src_uri
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        return [Problem(display, 1, f"cannot be read ({error.strerror or type(error).__name__})")]
    if size > spec["max_image_bytes"]:
        return [Problem(display, 1, f"the image is {size:,} bytes; at most {spec['max_image_bytes']:,}: "
                        "make it smaller")]
    if not any(_signature_matches(head, signature) for signature in signatures):
        return [Problem(display, 1, f"this file is not a .{extension} image (its first bytes are not those of "
                        "one); save it again as that type, or give it its true extension")]
    return []


def snippet_problems(markdown: str, display: str, offset: int = 0) -> list[Problem]:
    """Every ``--8<--`` line that does not include an allowed file."""
    problems = []
    for number, line in enumerate(markdown.split("\n"), start=1 + offset):
        if "8<" not in line:
            continue
        match = _SNIPPET.match(line)
        if match is None and "--8<--" not in line:
            continue
        name = match.group("name") if match else None
        if name not in ALLOWED_SNIPPETS:
            problems.append(Problem(display, number, f"the snippet include {line.strip()[:80]!r} is not "
                                    f"allowed; hand-written pages may include only "
                                    f"{', '.join(sorted(ALLOWED_SNIPPETS))}: remove the line or copy the text in"))
    return problems


def block_problems(markdown: str, display: str, known, offset: int = 0) -> list[Problem]:
    """Every ``<!-- portal… -->`` comment that is not exactly a known block."""
    problems = []
    for match in _BLOCK_LOOSE.finditer(markdown):
        exact = _BLOCK_EXACT.fullmatch(match.group())
        if exact and exact.group("name") in known:
            continue
        problems.append(Problem(display, _line(markdown, match.start()) + offset,
                                f"{match.group()[:60]!r} is not a block the portal fills; write one of "
                                + ", ".join(f"<!-- portal:{name} -->" for name in sorted(known))))
    return problems


def page_policy(site_url: str | None, repo_url: str | None, source_urls, blocks) -> sanitize.Policy:
    """The sanitiser's allow-list for this build: links may also lead to the
    site's and the repository's hosts and to every source's host (the links
    readers follow), and the portal's own blocks keep their classes."""
    hosts = {urlsplit(url).hostname for url in (site_url, repo_url, *source_urls) if url}
    classes = {name for html in [*blocks, *_REFERENCE_HTML] for value in _CLASS.findall(html)
               for name in value.split()}
    return sanitize.load_policy().with_hosts(hosts).with_classes(classes)


_CLASS = re.compile(r'\bclass="([^"<>]*)"')
#: The classes of inline references (scripts/renderer/references.py), which
#: the hook writes into hand-written pages' Markdown.
_REFERENCE_HTML = ('<a class="ref ref--note">', '<span class="refs">')


def sanitized_page(html: str, markdown: str, display: str, policy: sanitize.Policy,
                   offset: int = 0) -> tuple[str, list[Problem]]:
    """The rendered HTML of a hand-written page as it may be published
    (:mod:`scripts.sanitize`), and one problem per removal, located in the
    page's Markdown (*markdown*, the text after the front matter, which takes
    *offset* lines)."""
    clean, removed = sanitize.sanitize(html, policy)
    located = Counter((sanitize.locate(item, markdown) + offset, item.what) for item in removed)
    problems = [Problem(display, line, f"removed {what}" + (f" ({count} times)" if count > 1 else "")
                        + "; a hand-written page may contain only what scripts/data/docs_html.yml allows: "
                        "remove it, or put it in `code` to show it as text")
                for (line, what), count in located.items()]
    return clean, problems


def sanitize_titles(page) -> None:
    """A hand-written page's title and table of contents, which templates
    print as HTML in the header, the navigation and the sidebar, outside the
    sanitised content: made of the headings' text only (a ``# heading``
    with raw HTML in it would otherwise reach every page's navigation)."""
    if page.title is not None:
        page.title = Markup(sanitize.text_only(str(page.title)))
    stack = list(page.toc or [])
    while stack:
        item = stack.pop()
        item.title = sanitize.text_only(str(item.title))
        stack.extend(item.children or [])


#: A word no page contains (random per process): a hand-written page's
#: ``<!-- portal:NAME -->`` becomes a paragraph of it, and the block's HTML
#: replaces that paragraph after the sanitiser (the blocks are the portal's
#: own HTML, with every value escaped; their inline styles and <nav> are not
#: markup an editor may write). Letters and digits only: the abbr extension
#: cannot find a glossary term inside it.
_MARKER = "portalblock" + secrets.token_hex(12)


def defer_blocks(markdown: str, src_uri: str, blocks, deferred: dict) -> str:
    """*markdown* with each known block replaced by a marker paragraph; the
    blocks are kept in *deferred* (by page) for :func:`insert_blocks`."""
    found = deferred[src_uri] = {}

    def marker(match):
        name = match.group(1)
        if name not in blocks:
            return match.group(0)
        word = f"{_MARKER}n{len(found)}"
        found[word] = blocks[name]
        return f"\n\n{word}\n\n"
    return _BLOCK_EXACT.sub(marker, markdown)


def insert_blocks(html: str, src_uri: str, deferred: dict) -> str:
    """The sanitised HTML with the blocks :func:`defer_blocks` kept in place
    of their markers."""
    for word, block in deferred.pop(src_uri, {}).items():
        html = html.replace(f"<p>{word}</p>", block).replace(word, block)
    return html


#: Material's tags listing directive (``listings_directive``, the default).
_LISTING = re.compile(r"<!--\s*?material/tags(.*?)\s*-->", re.IGNORECASE | re.DOTALL)


def listing_problems(markdown: str, display: str, offset: int = 0) -> list[Problem]:
    """A tags listing (``<!-- material/tags { … } -->``) whose options are
    not a valid listing configuration: Material's tags plugin raises (a
    traceback) on bad YAML or unknown options."""
    from material.plugins.tags.structure.listing.config import ListingConfig

    problems = []
    for match in _LISTING.finditer(markdown):
        line = _line(markdown, match.start()) + offset
        options, found = yamlio.parse_yaml(match.group(1), display)
        wrong = found[0].message if found else None
        if not wrong and options is not None:
            if not isinstance(options, dict):
                wrong = "the options must be a mapping such as { include: [tag] }"
            else:
                config = ListingConfig(config_file_path=display)
                config.load_dict(dict(options))
                errors, _warnings = config.validate()
                wrong = "; ".join(f"{key}: {error}" for key, error in errors) or None
        if wrong:
            problems.append(Problem(display, line, f"this tags listing cannot be read ({wrong}); write "
                                    "<!-- material/tags --> or <!-- material/tags { include: [a tag] } -->"))
    return problems


class LocatedLinkWarnings(logging.Filter):
    """MkDocs' warnings about the links of a page (``Doc file 'x.md'
    contains a link 'y.md', but …``) with ``docs/x.md:LINE:`` in front,
    for hand-written pages: the line is the first of the page that holds
    the link as written. The record stays a warning (``--strict`` counts it)."""

    _DOC_LINK = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?:an? )?(?:absolute |unrecognized relative )?"
                           r"link(?: to)? '(?P<link>[^']*)'")

    def __init__(self, docs_dir: Path, display) -> None:
        super().__init__()
        self.docs_dir, self.display = docs_dir, display

    def filter(self, record: logging.LogRecord) -> bool:
        match = self._DOC_LINK.match(str(record.msg))
        path = self.docs_dir / match.group("src") if match else None
        if path is None or path.is_symlink() or not path.is_file():
            return True     # a generated page (or not a link warning): as MkDocs says it
        try:
            text = path.read_text("utf-8", "replace")
        except OSError:
            return True
        link = match.group("link")
        at = text.find(f"]({link}") if f"]({link}" in text else text.find(link)
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        record.msg, record.args = f"{self.display(path)}:{line}: {record.getMessage()}", ()
        return True
