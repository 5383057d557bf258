"""Provenance of an export: what built the view, and how to build it again.

:class:`RecordingGraph` stands between a use case and the
:class:`cypher.access.graph.Graph`: it passes every named read through and
notes its name and real parameters. :func:`provenance` turns those notes, the
view's options and the data sources into the record every export carries
(HTML comment, GraphML/GEXF metadata, JSON field): the product version, the
date, the data sources, the exact ``explorer export`` command line and every
named statement with its parameters, in the order they ran.
"""

from __future__ import annotations

import shlex
from datetime import datetime, timezone
from typing import Any

from explorer.views.options import NODE_TYPES

PRODUCT = "Research Graph Explorer"


class RecordingGraph:
    """A graph whose named reads are noted in :attr:`statements` as they run.

    Everything else (``backend``, ``uri``, ...) is the wrapped graph's own.
    """

    def __init__(self, graph: Any) -> None:
        self._graph = graph
        self.statements: list[dict[str, Any]] = []

    def _note(self, name: str, params: dict[str, Any]) -> None:
        self.statements.append({"name": name, "params": _plain(params)})

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        self._note(name, params)
        return self._graph.read(name, **params)

    def read_values(self, name: str, **params: Any) -> list[dict[str, Any]]:
        self._note(name, params)
        return self._graph.read_values(name, **params)

    def read_table(self, name: str, **params: Any) -> list[dict[str, Any]]:
        self._note(name, params)
        return self._graph.read_table(name, **params)

    def read_records(self, name: str, **params: Any) -> list[Any]:
        self._note(name, params)
        return self._graph.read_records(name, **params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._graph, name)


def _plain(value: Any) -> Any:
    """Parameters as JSON values (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def product_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("research-graph-explorer")
    except PackageNotFoundError:
        return "unknown"


def command_line(node_id: str, fmt: str, *, output: str, depth: int, limit: int,
                 types: list[str] | None = None, years: tuple | None = None,
                 resolution: float = 1.0, seed: int = 42, keep_undated: bool = False,
                 kind: str = "related") -> str:
    """The ``explorer export`` command that rebuilds this view in this format into
    the file ``output``.

    >>> command_line("doi:10.1/x y", "gexf", depth=2, limit=50, types=["Paper"],
    ...              years=(2015, None), output="research-map.gexf")
    "explorer export 'doi:10.1/x y' --depth 2 --limit 50 --types Paper --years 2015: \
--resolution 1.0 --seed 42 --format gexf -o research-map.gexf"
    """
    parts = ["explorer", "export", node_id, "--depth", str(depth), "--limit", str(limit)]
    if kind != "related":
        parts += ["--kind", kind]
    if types and list(types) != list(NODE_TYPES):
        parts += ["--types", ",".join(types)]
    if years:
        low, high = years
        parts += ["--years", f"{'' if low is None else low}:{'' if high is None else high}"]
    if keep_undated:
        parts += ["--undated", "keep"]
    parts += ["--resolution", str(float(resolution)), "--seed", str(seed), "--format", fmt,
              "-o", output]
    return shlex.join(parts)


def provenance(graph: RecordingGraph, view: dict[str, Any], fmt: str, *,
               options: dict[str, Any], output: str) -> dict[str, Any]:
    """The provenance record of ``view`` exported as ``fmt`` into the file ``output``
    (see the module doc).

    Reads the data sources of the view's papers through ``graph`` (that read is
    not part of the statements that built the view).
    """
    statements = list(graph.statements)
    papers = [n["id"] for n in view["nodes"] if n.get("type") == "Paper"]
    sources = [{"source": row["source"], "papers": row["papers"]}
               for row in graph._graph.read("read/export_sources", ids=papers)] if papers else []
    return {
        "product": PRODUCT, "version": product_version(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "backend": getattr(getattr(graph, "backend", None), "name", None),
        "data_sources": sources,
        "command": command_line(view["center"], fmt, output=output, **options),
        "options": _plain(options),
        "statements": statements,
    }


def as_text(record: dict[str, Any]) -> str:
    """The provenance as readable lines (for comments and descriptions)."""
    import json

    lines = [f"{record['product']} {record['version']}, exported {record['date']}",
             "Rebuild: " + record["command"],
             "Data sources: " + (", ".join(f"{s['source']} ({s['papers']} papers)"
                                           for s in record["data_sources"]) or "none")]
    lines.append(f"Named statements ({len(record['statements'])}, in the order they ran):")
    for statement in record["statements"]:
        params = json.dumps(statement["params"], ensure_ascii=False, sort_keys=True,
                            default=str)
        lines.append(f"  {statement['name']} {params}")
    return "\n".join(lines)
