"""The Python API for notebooks and scripts: the CLI's operations as objects::

    from explorer.notebook import open_graph
    g = open_graph()                              # same settings as the CLI
    g.load("works.jsonl.gz", "refs.bib")          # a summary dict, rejections listed
    g.search("citation analysis", types="Paper")  # the web app's search, grouped by type
    m = g.map("W2741809807", depth=2, limit=200)  # shows the offline map in Jupyter
    nodes, edges = m.to_pandas()
    m.suggest(k=10)
    m.export("map.graphml", "graphml")

:func:`open_graph` reads the settings from the environment exactly as the
``explorer`` command does (``NEO4J_URI`` or the local server under
``EXPLORER_HOME``, started when needed). A :class:`ResearchMap` holds one view
(``docs/VIEW_SHAPE.md``) and its provenance; its ``_repr_html_`` is the
standalone HTML export in a sandboxed ``iframe``, so the map draws inline
with no network access and nothing from the data can script the notebook.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from cypher.access.graph import Graph, connect
from cypher.access.settings import load_settings
from explorer.views import export, export_formats
from explorer.views.adjacent import adjacent_work
from explorer.views.export_graph import EDGE_FIELDS, NODE_FIELDS, to_networkx
from explorer.views.export_html import to_html
from explorer.views.options import DEFAULT_LIMIT, parse_types, parse_years
from explorer.views.search import search as search_graph
from explorer.views.suggestions import suggestions


def open_graph(*, quiet: bool = True) -> Explorer:
    """Connect with the CLI's settings (starting the local server if needed)."""
    return Explorer(connect(load_settings(), quiet=quiet))


class Explorer:
    """The graph, with the product's operations as methods."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def close(self) -> None:
        self.graph.close()

    def __enter__(self) -> Explorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(self, *paths: str | Path, fmt: str = "auto", id_prefix: str = "",
             nodes: str | None = None) -> dict[str, Any]:
        """Load files (format detected from their content, like ``explorer load``).

        Returns ``{"read", "loaded", "merged", "rejected", "nodes_created",
        "relationships_created", "rejections"}``; each rejection is a dict with
        the file, line, key and reason.
        """
        from loaders import pipeline
        from loaders.writer import GraphWriter

        planned = pipeline.plan([str(p) for p in paths], fmt)
        rejections: list[dict[str, Any]] = []
        stats = GraphWriter(self.graph).write(
            pipeline.iter_records(planned, id_prefix=id_prefix, nodes=nodes),
            on_reject=lambda r: rejections.append(r.as_dict()))
        from explorer.views import related_index

        related_index.after_load(self.graph, stats)
        return {"read": stats.read, "loaded": stats.loaded, "merged": stats.merged,
                "rejected": stats.rejected, "nodes_created": dict(stats.nodes_created),
                "relationships_created": dict(stats.relationships_created),
                "rejections": rejections}

    def map(self, node_id: str, *, depth: int = 1, limit: int = DEFAULT_LIMIT,
            types: str | list[str] | None = None, years: str | tuple | None = None,
            resolution: float = 1.0, seed: int = 42, kind: str = "related") -> ResearchMap:
        """The research map of ``node_id`` (the view of ``explorer neighbourhood``):
        ``kind="related"`` its most related papers, ``"links"`` what lies within
        ``depth`` links."""
        options = {"kind": kind, "depth": depth, "limit": limit,
                   "types": parse_types(types) if isinstance(types, str) else types,
                   "years": parse_years(years) if isinstance(years, str) else years,
                   "resolution": resolution, "seed": seed}
        view, _, record = export.view_with_provenance(self.graph, node_id, "json", **options)
        return ResearchMap(self, view, options, record)

    def search(self, text: str, *, types: str | list[str] | None = None, limit: int = 20,
               page: int = 1, sort: str = "match") -> dict[str, Any]:
        """The web app's search (``explorer search``): each type's best matches in
        ``["groups"][type]["items"]``, the best group first in ``["order"]``."""
        return search_graph(self.graph, text, limit=limit, page=page, sort=sort,
                            types=parse_types(types) if isinstance(types, str) else types)

    def adjacent(self, node_id: str, *, k: int = 15) -> dict[str, Any]:
        """The page's prior, derivative and similar work (and people) of any node, each
        item with its evidence in words (``explorer adjacent``)."""
        return adjacent_work(self.graph, node_id, k=k)

    def suggest(self, *node_ids: str, k: int = 20) -> list[dict[str, Any]]:
        """Adjacent work for the seeds, with signals and explanation sentences."""
        return suggestions(self.graph, list(node_ids), k=k)["suggestions"]

    def query(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """A read-only Cypher query (the console's guard and limits); rows as dicts."""
        result = self.graph.run_text(text, params, read_only=True)
        return [record.data() for record in result.records]


class ResearchMap:
    """One research map: ``view`` (a dict), its ``options`` and ``provenance``."""

    def __init__(self, explorer: Explorer, view: dict[str, Any], options: dict[str, Any],
                 provenance: dict[str, Any]) -> None:
        self.explorer, self.view, self.options, self.provenance = (explorer, view, options,
                                                                    provenance)

    @property
    def center(self) -> str:
        return self.view["center"]

    def __repr__(self) -> str:
        return (f"<ResearchMap {self.center}: {len(self.view['nodes'])} nodes, "
                f"{len(self.view['edges'])} edges, {len(self.view['communities'])} "
                f"communities>")

    def _repr_html_(self) -> str:
        page = to_html(self.view, self.provenance)
        return (f'<iframe title="Research map of {html.escape(self.center)}" '
                f'sandbox="allow-scripts" style="width:100%;height:640px;border:0" '
                f'srcdoc="{html.escape(page, quote=True)}"></iframe>')

    def to_networkx(self):
        """The view as a networkx ``MultiDiGraph`` keyed by node id."""
        return to_networkx(self.view)

    def to_pandas(self):
        """``(nodes, edges)`` DataFrames: one row per node (indexed by id), per edge."""
        import pandas as pd

        nodes = pd.DataFrame([{k: v for k, v in n.items() if k != "topics"} | {
            "topics": "; ".join(n.get("topics") or [])} for n in self.view["nodes"]],
            columns=[*NODE_FIELDS, "topics"]).set_index("id")
        edges = pd.DataFrame(self.view["edges"], columns=EDGE_FIELDS)
        return nodes, edges

    def suggest(self, k: int = 20) -> list[dict[str, Any]]:
        """Adjacent work for the map's centre."""
        return self.explorer.suggest(self.center, k=k)

    def export(self, path: str | Path, format: str | None = None) -> Path:  # noqa: A002
        """Write the map as ``format`` (a name in ``explorer.views.export_formats``;
        by default from the file's extension) with fresh provenance; return the path."""
        path = Path(path)
        suffix = path.suffix.lstrip(".")
        guessed = export_formats.for_extension(suffix)
        fmt = format or (guessed.name if guessed else suffix)
        export_formats.get(fmt)  # an unknown format: InputError naming the choices
        body, _, _ = export.export_view(self.explorer.graph, self.center, fmt,
                                        output=str(path), **self.options)
        path.write_bytes(body)
        return path
