"""The shape of the code: one-way imports between layers, no circles, documented modules.

The import graph is read from the source with :mod:`ast` (every ``import``,
at any depth, counts), so a new circle or an upward import fails here. The
page scripts are ES modules: their import graph is read from their ``import``
lines, and their free names are checked against the browser's own globals, so
a script that leans on a global another script defines fails here too.
"""

from __future__ import annotations

import ast
import re
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


STATIC = REPO / "webui" / "static"
PAGE_SCRIPTS = sorted(STATIC.glob("*.js"))
# the browser's and the language's own globals the page scripts may use (vis-network's
# `vis` is read from `window` in vis.js alone; `window.__name = ...` are hooks for tests)
BROWSER_GLOBALS = {"document", "Math", "JSON", "Object", "Array", "String", "Number",
                   "Promise", "Error", "CustomEvent", "Node", "URLSearchParams", "performance",
                   "location", "history", "sessionStorage", "arguments", "setTimeout",
                   "clearTimeout", "encodeURIComponent", "fetch"}
KEYWORDS = {"if", "for", "while", "switch", "catch", "function", "return", "typeof", "new"}
JS_IMPORT = re.compile(r'^import\s+(\*\s+as\s+[\w$]+|\{[^}]*\})\s+from\s+"\./([\w.-]+\.js)";$',
                       re.MULTILINE)


def _js_code(text: str) -> str:
    """The script without its comments, every string literal emptied."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("/*", i):
            i = text.index("*/", i) + 2
            out.append(" ")
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
        elif text[i] in "\"'`":
            j = i + 1
            while text[j] != text[i]:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i] * 2)
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _js_declared(code: str) -> set[str]:
    """Names a script binds itself: imports, variables, functions and their parameters."""
    names: set[str] = set()
    for pattern in (r"\b(?:var|let|const|function)\s+([\w$]+)", r",\s*([\w$]+)\s*(?=[=,;])",
                    r"\bcatch\s*\(\s*([\w$]+)", r"([\w$]+)\s*=>",
                    r"\bimport\s+\*\s+as\s+([\w$]+)"):
        names |= set(re.findall(pattern, code))
    for params in re.findall(r"\bfunction\b\s*[\w$]*\s*\(([^)]*)\)", code):
        names |= {p.strip() for p in params.split(",") if p.strip()}
    for bound in re.findall(r"\bimport\s*\{([^}]*)\}", code):
        names |= {p.split(" as ")[-1].strip() for p in bound.split(",")}
    return names


def _js_globals(code: str) -> set[str]:
    """Free names a script reads or calls that are neither its own nor the browser's."""
    used = set(re.findall(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?:\.(?!\.)|\()", code))
    return used - _js_declared(code) - BROWSER_GLOBALS - KEYWORDS - {"window"}  # see below


def _window_reads(code: str, name: str) -> list[str]:
    """What a script reads from `window`: vis-network in vis.js only, test hooks never."""
    names = re.findall(r"\bwindow\.([\w$]+)\b(?!\s*=(?!=))", code)
    return [n for n in names if not (n == "vis" and name == "vis.js")]


def _script_imports(path: Path) -> set[str]:
    return {name for _, name in JS_IMPORT.findall(path.read_text(encoding="utf-8"))}


def _entry_scripts() -> set[str]:
    """The modules the templates load (and the export's), which nothing may import."""
    entries = {"export-map.js"}
    for template in (REPO / "webui" / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text):
            if "filename=" in tag:
                assert 'type="module"' in tag, f"{template.name}: classic page script {tag}"
                entries.add(re.search(r"filename='([\w.-]+)'", tag).group(1))
    return entries


def test_the_global_finder_finds_a_global():
    code = _js_code('import * as dom from "./dom.js";\nvar a = RGE.map, b = dom.el("x");\n'
                    "function f(c) { return vis.Network(c) + helper(a, b) + Math.max(1); }")
    assert _js_globals(code) == {"RGE", "vis", "helper"}
    assert _window_reads("window.__stats = {}; x = window.__stats.n;", "map.js") == ["__stats"]


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=lambda p: p.name)
def test_each_page_script_is_an_es_module_on_no_global_but_vis(path):
    text = path.read_text(encoding="utf-8")
    code = _js_code(text)
    assert re.search(r"^(import|export)\s", code, re.MULTILINE), f"{path.name} is no module"
    assert "RGE" not in text, f"{path.name} uses the old window.RGE namespace"
    imports = [line for line in text.splitlines() if re.match(r"\s*import\b", line)]
    assert all(JS_IMPORT.match(line) for line in imports), imports
    assert all((STATIC / name).is_file() for name in _script_imports(path))
    assert "import(" not in code.replace(" ", ""), f"{path.name} imports late"
    assert _js_globals(code) == set(), f"{path.name} relies on globals"
    assert _window_reads(code, path.name) == [], f"{path.name} reads globals from window"


def test_page_scripts_import_no_circle_and_no_entry():
    graph = {path.name: _script_imports(path) for path in PAGE_SCRIPTS}
    assert _cycles(graph) == []
    entries = _entry_scripts()
    assert entries <= set(graph), entries - set(graph)
    assert not [(name, target) for name, targets in graph.items() for target in targets
                if target in entries]


@pytest.mark.parametrize("path", PAGE_SCRIPTS, ids=lambda p: p.name)
def test_each_page_script_is_short_and_says_what_it_owns(path):
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("/*"), f"{path.name} has no opening comment"
    assert len(text.splitlines()) <= MAX_LINES, f"{path.name}: {len(text.splitlines())} lines"


# Modules whose tests still live in files named for a feature rather than for the module
# (e.g. webui/security.py in tests/webui/test_http_hardening.py). The list may only
# shrink: a module added to the product gets its mirrored test file.
NOT_YET_MIRRORED = {
    "explorer/__main__.py", "explorer/algorithms/community_terms.py",
    "explorer/algorithms/topics.py", "explorer/cli/db.py",
    "explorer/cli/explore.py", "explorer/cli/main.py",
    "explorer/notebook.py", "explorer/views/adjacent.py",
    "explorer/views/cache.py", "explorer/views/map_nodes.py",
    "explorer/views/map_view.py", "explorer/views/options.py",
    "explorer/views/research_map.py", "webui/app.py", "webui/config.py", "webui/graphdb.py",
    "webui/params.py", "webui/security.py",
}


def test_tests_mirror_the_modules():
    missing, mirrored_now = [], []
    for path in MODULES.values():
        if path.name == "__init__.py":
            continue
        relative = path.relative_to(REPO)
        mirror = REPO / "tests" / relative.parent / f"test_{path.name}"
        name = relative.as_posix()
        if not mirror.exists() and name not in NOT_YET_MIRRORED:
            missing.append(name)
        if mirror.exists() and name in NOT_YET_MIRRORED:
            mirrored_now.append(name)
    assert missing == [], "add tests/<package>/test_<module>.py"
    assert mirrored_now == [], "mirrored now: take these out of NOT_YET_MIRRORED"
