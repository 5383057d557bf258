"""The standalone HTML export: the research map as one offline page.

A pyvis page drawn with the web app's own template
(``webui/templates/export.html``) and scripts: vis-network (from the installed
pyvis package), its CSS and the map's page scripts are inlined, so the file
makes no network request at all. The page scripts are ES modules: the entry
(``export-map.js``) is an inline module script, and each module it imports
is given to it by an import map as a ``data:`` URL (so those modules may not
import others themselves). The community colours come from
:mod:`explorer.views.palette`, as on the web pages. Data is embedded as
escaped JSON and always rendered as text; the provenance (and the Cypher of
every named statement that built the view) sits in the leading HTML comment,
where every ``--`` is broken up.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import cypher
from explorer.views.export_graph import NODE_FIELDS
from explorer.views.palette import page_palette
from explorer.views.provenance import as_text

WEBUI = Path(__file__).resolve().parents[2] / "webui"
ENTRY_SCRIPT = "export-map.js"
# a static import of a sibling module, as the page scripts write them
_IMPORT = re.compile(r'^import\s[^;]*?\sfrom\s+"\./([\w.-]+\.js)";', re.MULTILINE)
EXPORT_OPTIONS = {
    "physics": {"enabled": False},
    "edges": {"smooth": False, "color": {"inherit": False, "color": "#b8c2cc"},
              "width": 0.6, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}},
    "nodes": {"shape": "dot", "font": {"size": 11}},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}


#: what the page script reads of a node besides NODE_FIELDS (tooltips, label priority)
PAGE_FIELDS = ("topics", "rank", "unresolved", "first_author", "authors", "venue")
#: the prefix of the export's bare module specifiers, served by its import map
BARE = "rge/"


def module_imports(text: str) -> list[str]:
    """The sibling modules a page script imports, in order.

    >>> module_imports('import * as p from "./palette.js";\\nimport {A, B} from "./vis.js";')
    ['palette.js', 'vis.js']
    """
    return _IMPORT.findall(text)


def inline_modules(static: Path, entry: str) -> tuple[str, str]:
    """The entry module's text and the import map (JSON) that serves its imports.

    Every module the entry imports, and every module those import in turn,
    becomes a base64 ``data:`` URL under a bare specifier (``"./palette.js"``
    becomes ``"rge/palette.js"`` in the importing module's text): a relative one
    cannot be resolved where the page has no base URL of its own (a notebook's
    ``srcdoc`` frame, or a ``data:`` module), a bare one is resolved by the import
    map from any module. A script that could end the ``<script>`` element is
    refused with a ``ValueError``.
    """
    text = (static / entry).read_text(encoding="utf-8")
    imports: dict[str, str] = {}
    pending = list(module_imports(text))
    while pending:
        name = pending.pop(0)
        if f"{BARE}{name}" in imports:
            continue
        module = (static / name).read_text(encoding="utf-8")
        nested = module_imports(module)
        for other in nested:
            module = module.replace(f'"./{other}"', f'"{BARE}{other}"')
        imports[f"{BARE}{name}"] = "data:text/javascript;base64," + base64.b64encode(
            module.encode("utf-8")).decode("ascii")
        pending.extend(nested)
    for name in module_imports(text):
        text = text.replace(f'"./{name}"', f'"{BARE}{name}"')
    if "</script" in text.lower():
        raise ValueError(f"{entry} holds '</script'")
    return text, json.dumps({"imports": imports})


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    import pyvis

    vis = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    static = WEBUI / "static"
    read = lambda path: path.read_text(encoding="utf-8")  # noqa: E731
    map_js, import_map = inline_modules(static, ENTRY_SCRIPT)
    return {"vis_js": read(vis / "vis-network.min.js"), "vis_css": read(vis / "vis-network.css"),
            "map_js": map_js, "import_map": import_map, "map_css": read(static / "export.css")}


def comment_text(value: Any) -> str:
    """Text that cannot end an HTML comment: every ``--`` is broken up.

    >>> comment_text("a -- b ---> c")
    'a - - b - - -> c'
    """
    text = str(value)
    while "--" in text:
        text = text.replace("--", "- -")
    return text


def provenance_comment(view: dict[str, Any], provenance: dict[str, Any] | None) -> str:
    """The provenance and the text of each named statement, safe inside a comment."""
    if provenance is None:
        query = view.get("query") or {}
        provenance = {"product": "Research Graph Explorer", "version": "", "date": "",
                      "command": "", "data_sources": [],
                      "statements": [{"name": query["name"],
                                      "params": query.get("params") or {}}]
                      if query.get("name") else []}
    parts = [as_text(provenance)]
    for name in dict.fromkeys(s["name"] for s in provenance["statements"]):
        try:
            parts.append(f"Statement {name}:\n{cypher.get(name).text.strip()}")
        except Exception:  # noqa: BLE001 - an unknown name is listed without its text
            parts.append(f"Statement {name}: (text not available)")
    return comment_text("\n\n".join(parts))


def to_html(view: dict[str, Any], provenance: dict[str, Any] | None = None) -> str:
    """A standalone HTML page of the view that works offline (no network request)."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=str(view.get("center_title") or view.get("center") or ""))
    net.nodes = [{k: node.get(k) for k in (*NODE_FIELDS, *PAGE_FIELDS)} for node in view["nodes"]]
    net.edges = [dict(edge, **{"from": edge["source"], "to": edge["target"]})
                 for edge in view["edges"]]
    net.options = EXPORT_OPTIONS
    env = Environment(loader=FileSystemLoader(str(WEBUI / "templates")), autoescape=True)
    env.globals.update({k: Markup(v) for k, v in _assets().items()})
    env.globals["view"] = {k: v for k, v in view.items() if k not in ("nodes", "edges")}
    env.globals["provenance"] = provenance or {}
    env.globals["palette"] = page_palette()
    # Inside a comment only "--" matters, and comment_text() breaks every one of them,
    # so the statements stay readable (and re-runnable) without HTML escaping.
    env.globals["query_comment"] = Markup(provenance_comment(view, provenance))
    net.templateEnv, net.path = env, "export.html"
    return net.generate_html()
