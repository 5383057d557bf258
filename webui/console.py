"""The Cypher console: run user text with a time limit, a row cap and no writes.

Read-only runs use :meth:`Graph.run_text` with ``read_only=True`` (the
transaction is always rolled back) and are refused when the server's counters
show that the query changed anything. Results come back as a table (plain
JSON cells) and, when nodes or relationships were returned, as a small graph.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from neo4j.exceptions import ClientError, DatabaseError, Neo4jError, TransientError
from neo4j.graph import Node, Path, Relationship

from cypher.access.errors import InputError
from cypher.access.graph import Graph, QueryError
from cypher.access.values import check_params, check_text, to_plain

MAX_QUERY_CHARS = 20_000

EXAMPLES = [
    ("Most cited papers", "MATCH (p:Paper)<-[:CITES]-(c:Paper)\n"
     "WHERE p.title IS NOT NULL\n"
     "RETURN p.id AS id, p.title AS title, count(c) AS citations\n"
     "ORDER BY citations DESC LIMIT 10", {}),
    ("A paper and its authors", "MATCH (a:Person)-[r:AUTHORED]->(p:Paper)\n"
     "RETURN a, r, p LIMIT 25", {}),
    ("Citations around a paper", "MATCH (p:Paper)-[c:CITES]->(q:Paper)\n"
     "WHERE p.year >= $since\nRETURN p, c, q LIMIT 50", {"since": 2015}),
    ("Papers on a topic", "MATCH (p:Paper)-[:ABOUT]->(t:Topic)\n"
     "RETURN t.name AS topic, count(p) AS papers ORDER BY papers DESC LIMIT 20", {}),
    ("Counts per label", "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n", {}),
]


class ConsoleRefused(InputError):
    """The console will not run (or keep) this query; the message says why."""


class ConsoleBusy(RuntimeError):
    """All console slots are taken; the caller answers 429."""


class Slots:
    """At most ``size`` console queries at once; the next one is refused, not queued."""

    def __init__(self, size: int):
        self.size = size
        self._semaphore = threading.BoundedSemaphore(size)

    def __enter__(self) -> Slots:
        if not self._semaphore.acquire(blocking=False):
            raise ConsoleBusy(f"the console is busy: {self.size} queries are running "
                              "(setting EXPLORER_CONSOLE_CONCURRENCY); try again shortly")
        return self

    def __exit__(self, *exc: object) -> None:
        self._semaphore.release()


def check_request(body: Any, max_param_bytes: int) -> tuple[str, dict[str, Any]]:
    """Validate ``{"query": str, "params": {...}}``; return (query, params)."""
    if not isinstance(body, dict):
        raise ConsoleRefused('send a JSON object {"query": "...", "params": {...}}')
    query = body.get("query")
    params = body.get("params") or {}
    if not isinstance(query, str) or not query.strip():
        raise ConsoleRefused("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise ConsoleRefused(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if not isinstance(params, dict):
        raise ConsoleRefused("params must be a JSON object")
    try:
        check_text(query, "the query")
        check_params(params)
    except InputError as exc:
        raise ConsoleRefused(str(exc)) from None
    size = len(json.dumps(params).encode())
    if size > max_param_bytes:
        raise ConsoleRefused(f"the parameters are {size} bytes, over the limit of "
                             f"{max_param_bytes} (EXPLORER_MAX_PARAM_BYTES)")
    return query, params


def _is_timeout(exc: Neo4jError, elapsed: float, timeout: float) -> bool:
    text = f"{exc.code or ''} {exc.message or ''}".lower()
    return "timedout" in text or "timeout" in text or "timed out" in text or (
        elapsed >= timeout * 0.95)


def run(graph: Graph, query: str, params: dict[str, Any], *, timeout: float, max_rows: int,
        allow_writes: bool, max_bytes: int = 4 * 1024 * 1024) -> dict[str, Any]:
    """Run the query; return {"columns", "rows", "graph", "messages", "counters"}.
    Guarded, limited to ``timeout`` seconds and ``max_bytes`` of answer whether or not
    it may write (``allow_writes``)."""
    started = time.monotonic()
    try:
        result = graph.run_text(query, params, timeout=timeout, max_rows=max_rows,
                                read_only=not allow_writes, isolated=True,
                                max_bytes=max_bytes)
    except QueryError as exc:  # WriteRefused, QueryTimeout: the message names the rule
        raise ConsoleRefused(str(exc)) from exc
    except (ClientError, TransientError) as exc:
        if _is_timeout(exc, time.monotonic() - started, timeout):
            raise ConsoleRefused(f"the query was stopped at the time limit of {timeout:g} s "
                                 "(EXPLORER_QUERY_TIMEOUT)") from exc
        raise ConsoleRefused(" ".join(str(exc.message or exc).split())) from exc
    except DatabaseError as exc:
        if "unknown procedure" not in (exc.message or "").lower():
            raise  # the server's own failure: 502
        raise ConsoleRefused("the graph server has no such procedure or function: "
                             + " ".join(str(exc.message).split())) from exc
    if not allow_writes and result.counters:
        changes = ", ".join(f"{k} {v}" for k, v in sorted(result.counters.items()))
        raise ConsoleRefused(f"the console is read-only: this query would change the graph "
                             f"({changes}) and was rolled back")
    messages = []
    records = result.records
    if len(records) > max_rows:
        records = records[:max_rows]
        messages.append(f"showing the first {max_rows} rows: the row cap "
                        f"(EXPLORER_MAX_ROWS={max_rows}) was reached")
    rows = [[to_plain(record[key]) for key in result.keys] for record in records]
    return {"columns": result.keys, "rows": rows, "graph": result_graph(records),
            "messages": messages, "counters": result.counters,
            "elapsed_ms": round((time.monotonic() - started) * 1000, 1)}


def _element(entity: Any) -> str:
    return str(entity.element_id)


def result_graph(records: list) -> dict[str, list]:
    """Every node and relationship of the answer, for drawing: {"nodes", "edges"}.

    Nodes are matched by their element id, so a relationship's end nodes (which
    ArcadeDB's server sends without labels or properties) join the full nodes the
    answer holds; an end node the answer does not hold is drawn bare, labelled by
    its element id. Each node's ``id`` is its ``id`` property when it has one."""
    nodes: dict[str, dict] = {}
    edges: dict[str, dict] = {}

    def add_node(node: Node, bare: bool) -> None:
        key = _element(node)
        if bare and key in nodes:
            return
        if bare and not node.labels and not len(node):
            nodes[key] = {"id": key, "label": key, "type": ""}
            return
        label = node.get("title") or node.get("name") or node.get("id") or key
        nodes[key] = {"id": str(node.get("id") or key), "label": str(label)[:60],
                      "type": sorted(node.labels)[0] if node.labels else ""}

    def visit(value: Any) -> None:
        if isinstance(value, Node):
            add_node(value, bare=False)
        elif isinstance(value, Relationship):
            ends = (value.start_node, value.end_node)
            if ends[0] is None or ends[1] is None:
                return
            for end in ends:
                add_node(end, bare=True)
            edges[_element(value)] = {"source": _element(ends[0]), "target": _element(ends[1]),
                                      "type": value.type}
        elif isinstance(value, Path):
            for item in (*value.nodes, *value.relationships):
                visit(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    for record in records:
        for value in record.values():
            visit(value)
    shown = [{**edge, "source": nodes[edge["source"]]["id"],
              "target": nodes[edge["target"]]["id"]} for edge in edges.values()]
    return {"nodes": list(nodes.values()), "edges": shown}
