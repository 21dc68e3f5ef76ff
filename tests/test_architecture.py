"""The shape of the code: the import graph of ``scripts/`` (every import,
function-local ones included) has no circle, and no arrow points up: the
renderer and the stages never import the MkDocs side (the plugin, the
preview), and the renderer never imports a stage (what both need, such as
the names of the data files, lives in a module of its own)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
#: The MkDocs side: only the plugin's world imports these.
MKDOCS_SIDE = ("scripts.plugin", "scripts.preview", "scripts.pagetext", "scripts.reporting", "scripts.wayfinding")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SCRIPTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """module → the modules of scripts/ it imports (anywhere in its code)."""
    modules = {_module_name(p): p for p in SCRIPTS.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            found.update(t for t in targets if t in modules and t != name)
        graph[name] = found
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_circles_are_found():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_has_no_circle():
    assert circles(import_graph()) == []


def test_no_arrow_points_up():
    graph = import_graph()
    assert "scripts.renderer.pages" in graph and "scripts.stages.export" in graph
    wrong = []
    for module, imported in sorted(graph.items()):
        if module.startswith(("scripts.renderer", "scripts.stages")):
            wrong += [(module, t) for t in sorted(imported) if t.startswith(MKDOCS_SIDE)]
        if module.startswith("scripts.renderer"):
            wrong += [(module, t) for t in sorted(imported) if t.startswith("scripts.stages")]
    assert wrong == []


def test_only_the_plugin_imports_the_preview_wing():
    """The incremental preview is one folder (scripts/preview/) behind one
    object the plugin owns: the pipeline, the stages, the schema check and
    the renderer import nothing of it (scripts/reuse.py is their side)."""
    graph = import_graph()
    assert "scripts.preview.cache" in graph and "scripts.preview.internals" in graph
    importers = sorted(module for module, imported in graph.items() if not module.startswith("scripts.preview")
                       and any(t == "scripts.preview" or t.startswith("scripts.preview.") for t in imported))
    assert importers == ["scripts.plugin"]


#: Parameter names that would hand a stage something kept between runs.
KEEPING = {"cache", "memo", "store", "reuse"}


def test_the_stages_and_the_pipeline_take_no_cache():
    """A stage is a pure function of its inputs: no function or method of
    scripts/stages/, of the pipeline or of the modules they call for one
    document takes a cache; what may be kept is marked @reusable
    (scripts/reuse.py) and kept by the preview's store."""
    found, modules = [], [*sorted((SCRIPTS / "stages").glob("*.py")),
                          *(SCRIPTS / name for name in ("pipeline.py", "schemacheck.py", "explanations.py"))]
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = {a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)}
                found += [f"{path.name}: {node.name}({name}=…)" for name in sorted(names & KEEPING)]
    assert len(modules) >= 10 and found == []


def test_material_partials_are_copied_only_with_a_reason_and_the_pinned_version():
    """A Material partial in overrides/ that copies Material's file says which
    Material version it copies (the pinned one: after an upgrade each copy
    must be compared with the new original) and why it is a copy rather
    than an extension of a block of main.html."""
    root = SCRIPTS.parent
    [pinned] = re.findall(r'"mkdocs-material==([^"]+)"', (root / "pyproject.toml").read_text("utf-8"))
    copies = 0
    for path in sorted((root / "overrides").rglob("*.html")):
        head = path.read_text("utf-8").split("-#}", 1)[0]
        for version in re.findall(r"Material (\d+\.\d+\.\d+)", head):
            assert version == pinned, f"{path}: written for Material {version}, {pinned} is pinned: compare again"
        if re.search(r"Material \d+\.\d+\.\d+(?:'s)? (?:partials|fragments)/\S+ with", head):
            copies += 1
            assert "A copy, not an extension" in head, f"{path}: say why this is a copy (Material gives no block)"
    assert copies >= 1


# ------------------------------------------------------------ layouts in templates

#: The names of HTML elements (a ``<name`` or ``</name`` in a string is a tag).
HTML_ELEMENTS = frozenset(
    "a abbr address article aside audio b bdi bdo blockquote body br button caption cite code col colgroup "
    "data dd del details dfn dialog div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head "
    "header hr html i iframe img input ins kbd label legend li link main mark meta nav noscript object ol "
    "optgroup option output p picture pre q rp rt ruby s samp script section select small source span strong "
    "style sub summary sup table tbody td template textarea tfoot th thead time title tr track u ul var video "
    "wbr".split())
#: ``(?P<name>`` is a regular expression's group, not a tag.
_TAG = re.compile(r"(?<!\?P)</?([a-zA-Z][a-zA-Z0-9]*)(?=[\s>/])")

#: Modules whose strings may hold HTML tags, and why: there the HTML is data
#: (what is read or matched), not a layout a template could hold. Everything
#: a page shows is laid out in scripts/templates/ (the inline pieces in
#: _inline.html, rendered by scripts/renderer/html.py: part).
HTML_IS_DATA = {
    # TEI/XML element names and the edition's own markup, read from sources/documents/.
    "scripts.tei": "reads TEI XML",
    # Patterns that find and rewrite the attributes of tags in the rendered
    # page for Pagefind (data-pagefind-*), on HTML MkDocs and Material made.
    "scripts.search_index": "matches and annotates the rendered page for Pagefind",
    # The classes of the inline references, matched in a hand-written page.
    "scripts.docspages": "matches the portal's own markup in hand-written pages",
    # Inline scripts are found in the templates to hash them for the CSP.
    "scripts.csp": "matches <script> in the templates to hash it",
    # citeproc-py writes <i>; the site's markup is <em> (owner: readers).
    "scripts.csl": "converts citeproc-py's HTML output",
    # Owner: frus. The edition's footnote call; to move into templates/document.html.
    "scripts.renderer.document": "not yet moved (another developer's module)",
    # Owner: readers. Links the page's address inside citeproc's Chicago HTML
    # ("Cite this page"); to move into a template (a block of _inline.html).
    "scripts.renderer.citation": "not yet moved (another developer's module)",
}


def html_tag_literals(source: str) -> list[tuple[int, str]]:
    """(line, tag) of every HTML tag written in a string of *source* that is
    not a docstring (f-strings included)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found += [(node.lineno, m.group(0)) for m in _TAG.finditer(node.value)
                      if m.group(1).lower() in HTML_ELEMENTS]
    return sorted(found)


def test_html_tag_literals_are_found():
    source = ('"""A <p> in a docstring is prose."""\n'
              'x = f\'<a href="{y}">\' + "(?P<ar>x)(?P<q>y)" + "sources/<id>.yml"\n'
              'z = "</span>"\n')
    assert html_tag_literals(source) == [(2, "<a"), (3, "</span")]


def test_layouts_are_templates_not_python_strings():
    """No module of scripts/ writes an HTML tag in a string (beyond the
    allow-list above): the markup of every page is in scripts/templates/,
    where an override can replace one named block."""
    found = []
    for path in sorted(SCRIPTS.rglob("*.py")):
        name = _module_name(path)
        if name in HTML_IS_DATA:
            continue
        found += [f"{path.relative_to(SCRIPTS.parent)}:{line}: {tag}…"
                  for line, tag in html_tag_literals(path.read_text("utf-8"))]
    assert not found, ("HTML written in Python; put it in a template of scripts/templates/ (an inline piece: "
                       "a block of _inline.html, rendered with ctx.part): " + "; ".join(found))
