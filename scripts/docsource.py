"""The source of a hand-written page (``docs/``), checked before MkDocs
reads it (``on_page_read_source``): MkDocs' own reading parses front matter
with an unbounded YAML loader, hands every key to Material (which prints
some unescaped and acts on others), and Python-Markdown takes time quadratic
in some inputs and recurses on deep nesting.

* :func:`front_matter_problems`: the front matter is read with the bounded
  reader of ``sources/`` (:mod:`scripts.yamlio`: no alias bombs, no deep
  nesting) and holds only the keys of ``scripts/data/front_matter.yml``,
  each of its type;
* :func:`markdown_problems`: the page is at most :data:`MAX_BYTES` long,
  nests containers (lists, quotes, indented blocks) at most
  :data:`MAX_NESTING` deep, writes no run of emphasis marks longer than
  :data:`MAX_MARK_RUN`, and keeps the work of Python-Markdown's inline
  patterns within :data:`INLINE_BUDGET` (see :func:`inline_cost`);
* :func:`render_problems`: a last net, a trial conversion with the site's
  extensions; whatever it raises becomes a located problem, never a traceback.

Each returns :class:`~scripts.errors.Problem` objects (``docs/<page>:<line>:``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import markdown as python_markdown
import yaml
from mkdocs.utils import meta as mkdocs_meta

from scripts import yamlio
from scripts.errors import Problem

SPEC_FILE = Path(__file__).resolve().parent / "data" / "front_matter.yml"

#: A hand-written page is prose: the longest, the guide for editors, is a fraction of this.
MAX_BYTES = 256 * 1024
#: Lists in lists, quotes in quotes, admonitions in admonitions: Python-Markdown
#: recurses once per level (300 levels exhaust Python's stack).
MAX_NESTING = 16
#: ``***…***`` nests emphasis once per mark.
MAX_MARK_RUN = 48
#: Python-Markdown's inline patterns look for the end of a link, an HTML tag
#: or a code span from each ``[``, ``<`` or backtick, through the rest of the
#: block: the work grows as (openers in a block) × (block length), so a page
#: of ``[`` alone is quadratic. The budget is that product summed over the
#: page's blocks (bench/hostile.py measures the worst case), a few times what
#: the guide for editors needs.
INLINE_BUDGET = 4_000_000
_OPENERS = re.compile(r"[\[<`]")
_BLANK = re.compile(r"\n[ \t]*\n")
_CONTAINER = re.compile(r"[ \t]*(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])|!!!|\?\?\?\+?)")
_MARK_RUN = re.compile(rf"[*_]{{{MAX_MARK_RUN + 1},}}")


@functools.cache
def _spec() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text("utf-8"))


def split(source: str) -> tuple[str | None, str, int]:
    """``(front matter YAML or None, body, lines before the body)``, cut
    where MkDocs cuts (``mkdocs.utils.meta.YAML_RE``)."""
    match = mkdocs_meta.YAML_RE.match(source)
    if not match:
        return None, source, 0
    return match.group(1), source[match.end():], source.count("\n", 0, match.end())


# ---------------------------------------------------------------- front matter


def _type_problem(value, rule: dict, page_assets) -> str | None:
    """What is wrong with *value* for *rule*, or None."""
    kind = rule["type"]
    if kind == "text":
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
            return "must be one line of text"
    elif kind == "boolean":
        if not isinstance(value, bool):
            return "must be true or false"
    elif kind == "list of text":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() and "\n" not in v
                                                  for v in value):
            return "must be a list of one-line texts (- first\\n- second)"
    elif kind == "choices":
        choices = rule.get("choices") or sorted(page_assets or ())
        if not isinstance(value, list) or not all(isinstance(v, str) and v in choices for v in value):
            return f"must be a list of some of: {', '.join(choices) or '(none defined)'}"
    elif kind == "mapping":
        keys = rule["keys"]
        if not isinstance(value, dict) or not set(value) <= set(keys):
            return f"must be a mapping with only {', '.join(keys)}"
        for key, item in value.items():
            wrong = _type_problem(item, keys[key], page_assets)
            if wrong:
                return f"{key}: {wrong}"
    return None


def front_matter_problems(source: str, display: str, page_assets=()) -> list[Problem]:
    """The front matter's problems: bad or oversized YAML, keys outside the
    allow-list, values of the wrong type. Also the MultiMarkdown form that
    MkDocs accepts (``key: value`` lines at the top of a page, no ``---``)."""
    spec = _spec()
    front, _body, _lines = split(source)
    if front is None:
        _doc, data = mkdocs_meta.get_data(source)
        if not data:
            return []
        lines = {}
        for number, line in enumerate(source.split("\n"), start=1):
            key = mkdocs_meta.META_RE.match(line)
            if key:
                lines.setdefault(key.group("key").lower(), number)
        return [Problem(display, lines.get(key, 1), f"MkDocs reads this first line as front matter ({key}: …) "
                        "and drops it from the page; write front matter between --- lines, or start the "
                        "page with a heading or a blank line")
                for key in data]
    data, problems = yamlio.parse_yaml(front, display)
    if problems:
        return [Problem(p.path, p.line + 1 if p.line else 1, p.message) for p in problems]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [Problem(display, 2, "the front matter must be keys and values (title: …); remove the --- "
                        "lines if the page has none")]
    found = []
    for key, value in data.items():
        line = data.line_of(key) + 1
        rule = spec.get(key)
        if rule is None:
            found.append(Problem(display, line, f"the front matter key {key!r} is not one hand-written pages "
                                 f"may set; use only {', '.join(spec)} (scripts/data/front_matter.yml)"))
            continue
        wrong = _type_problem(value, rule, page_assets)
        if wrong:
            found.append(Problem(display, line, f"{key}: {wrong}"))
    return found


# ---------------------------------------------------------------- Markdown


def inline_cost(body: str) -> tuple[int, int]:
    """``(cost, offset of the costliest block)``: for each block (text
    between blank lines), the number of ``[``, ``<`` and backticks times its
    length, summed over the page."""
    total, worst, worst_at, at = 0, -1, 0, 0
    for block in _BLANK.split(body):
        cost = len(_OPENERS.findall(block)) * len(block)
        total += cost
        if cost > worst:
            worst, worst_at = cost, body.find(block, at)
        at += len(block)
    return total, max(worst_at, 0)


def nesting(line: str) -> int:
    """How many containers a line opens or continues: quote and list
    markers, admonitions and indentation (four columns a level)."""
    depth, at = 0, 0
    while True:
        match = _CONTAINER.match(line, at)
        if not match or match.end() == at:
            break
        depth, at = depth + 1, match.end()
    spaces = len(line) - len(line.lstrip(" \t"))
    return depth + line[:spaces].expandtabs(4).count("    ")


def markdown_problems(source: str, display: str) -> list[Problem]:
    """Size, nesting, runs of marks and inline work of a page's text."""
    size = len(source.encode("utf-8"))
    if size > MAX_BYTES:
        return [Problem(display, 1, f"the page is {size:,} bytes; hand-written pages may be at most "
                        f"{MAX_BYTES:,}: split it into several pages")]
    problems = []
    _front, body, offset = split(source)
    for number, line in enumerate(body.split("\n"), start=offset + 1):
        if nesting(line) > MAX_NESTING:
            problems.append(Problem(display, number, f"lists, quotes or indentation nest more than {MAX_NESTING} "
                                    "levels deep here; flatten the structure"))
            break
    run = _MARK_RUN.search(body)
    if run:
        problems.append(Problem(display, offset + body.count("\n", 0, run.start()) + 1,
                                f"a run of {len(run.group())} emphasis marks (* or _); write at most "
                                f"{MAX_MARK_RUN}, or put them in `code`"))
    cost, at = inline_cost(body)
    if cost > INLINE_BUDGET:
        problems.append(Problem(display, offset + body.count("\n", 0, at) + 1,
                                "too many [ < or ` in too long a paragraph for the Markdown converter "
                                f"(work {cost:,}, at most {INLINE_BUDGET:,}; the paragraph starting here is "
                                "the largest part): break the text into paragraphs, or put it in a ``` code block"))
    return problems


def render_problems(source: str, display: str, extensions, configs) -> list[Problem]:
    """A trial conversion of the page's text with the site's Markdown
    extensions: anything it raises is a problem at the page's first line."""
    _front, body, offset = split(source)
    try:
        python_markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)
    except RecursionError:
        return [Problem(display, offset + 1, "the page nests too deeply for the Markdown converter; flatten "
                        "its lists, quotes or emphasis")]
    except Exception as error:  # noqa: BLE001 - any extension's failure, reported instead of a traceback
        return [Problem(display, offset + 1, f"the Markdown converter failed on this page "
                        f"({type(error).__name__}); look for unusual markup")]
    return []


def read_page(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The text of a hand-written page, or the problem that keeps it from
    being read (too large: checked before reading; not UTF-8)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem(display, 1, f"the page is {size:,} bytes; hand-written pages may be at most "
                                  f"{MAX_BYTES:,}: split it into several pages")]
        return path.read_bytes().decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        return None, [Problem(display, 1, f"not valid UTF-8 (at byte {error.start:,}); save the page as UTF-8")]
    except OSError as error:
        return None, [Problem(display, 1, f"cannot be read ({error.strerror or type(error).__name__})")]


def page_problems(source: str, display: str, page_assets, extensions, configs) -> list[Problem]:
    """Every check of this module, cheapest first; the trial conversion only
    when the page is within the bounds."""
    problems = front_matter_problems(source, display, page_assets) + markdown_problems(source, display)
    if not problems:
        problems = render_problems(source, display, extensions, configs)
    return problems
