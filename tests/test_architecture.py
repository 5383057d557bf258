"""The shape of the code: one-way imports between layers, no circles, documented modules.

The import graph is read from the source with :mod:`ast` (every ``import``,
at any depth, counts), so a new circle or an upward import fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("cypher", "loaders", "explorer", "webui")
# a folder may import only from the folders listed for it
ALLOWED = {
    "cypher": {"cypher"},
    "loaders": {"loaders", "cypher"},
    "explorer": {"explorer", "loaders", "cypher"},
    "webui": {"webui", "explorer", "cypher"},
}
MAX_LINES = 405


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                targets.add(full if full in MODULES else node.module)
    return {t for t in targets if t.split(".")[0] in PACKAGES}


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_between_files():
    assert _cycles(GRAPH) == []


def test_imports_between_layers_run_one_way():
    upward = []
    for name, targets in GRAPH.items():
        folder = name.split(".")[0]
        for target in targets:
            allowed = ALLOWED[folder] | ({"webui"} if name == "explorer.cli.serve" else set())
            if target.split(".")[0] not in allowed:
                upward.append(f"{name} -> {target}")
    assert upward == []


def test_only_graph_access_opens_a_driver():
    opening = [name for name, path in MODULES.items()
               if "GraphDatabase" in path.read_text(encoding="utf-8")]
    assert opening and all(name.startswith("cypher.access") for name in opening), opening


def test_package_inits_import_nothing():
    for name, path in MODULES.items():
        if path.name == "__init__.py" and name != "cypher":
            assert not _imports(path), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_module_is_short_and_says_what_it_owns(name):
    path = MODULES[name]
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)), f"{name} has no opening docstring"
    assert len(text.splitlines()) <= MAX_LINES, f"{name}: {len(text.splitlines())} lines"


@pytest.mark.parametrize("path", sorted((REPO / "webui" / "static").glob("*.js")),
                         ids=lambda p: p.name)
def test_each_page_script_is_short_and_says_what_it_owns(path):
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("/*"), f"{path.name} has no opening comment"
    assert len(text.splitlines()) <= MAX_LINES, f"{path.name}: {len(text.splitlines())} lines"
