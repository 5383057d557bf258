"""Create the constraints and indexes the product needs, idempotently.

Constraints and plain indexes are named statements shared by every backend
(``cypher/schema/``); the full-text indexes are created the backend's own way
(:meth:`cypher.access.backends.base.Backend.fulltext_steps`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import Any

import cypher
from cypher.access.graph import Graph


def schema_statement_names() -> list[str]:
    """Names of the schema statements, constraints before indexes.

    >>> names = schema_statement_names()
    >>> names[0].startswith("schema/constraint_"), "schema/index_paper_doi" in names
    (True, True)
    """
    names = [n for n in cypher.all_queries() if n.startswith("schema/")]
    return sorted(names, key=lambda n: (not n.startswith("schema/constraint_"), n))


def _racing(run: Callable[[], Any], attempts: int = 5) -> Any:
    """Run one ``IF NOT EXISTS`` schema step; when another client creates the same
    thing at the same moment the server may refuse ("already exists"): run it
    again, and it then finds the thing there."""
    for attempt in range(attempts):
        try:
            return run()
        except Exception:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    return None


def ensure_schema(graph: Graph) -> list[str]:
    """Create every constraint and index if missing; return what was run.
    Safe when several clients run it at once (each step is retried)."""
    done = []
    for name in schema_statement_names():
        _racing(partial(graph.write, name))
        done.append(name)
    backend = graph.backend
    for step in backend.fulltext_steps(graph):
        _racing(step)
    done.append(backend.fulltext_description)
    return done
