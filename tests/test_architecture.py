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
