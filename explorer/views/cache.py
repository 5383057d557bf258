"""Computed views (research maps, suggestions) kept while the graph is unchanged.

A view is a pure function of the graph and its arguments, so the web app keeps
the most recent ones in memory, keyed by their arguments and stamped with the
graph's version token (``read/graph_version``). Every load, whole-graph
community run and console write replaces the token
(:meth:`cypher.access.graph.Graph.mark_changed`), so a cached
view is used only while the graph it was computed on is still the graph; as a
guard against changes made by other tools, entries also expire after ``ttl``
seconds. Checking the token is one small query, made at most once a second
(``version_every``) unless this process changed the graph itself: a change made by
another process (a load from the command line) is seen within that second.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from cypher.access.graph import Graph


def version(graph: Graph) -> str | None:
    """The graph's current version token (None before the first change)."""
    rows = graph.read("read/graph_version")
    return str(rows[0]["version"]) if rows and rows[0]["version"] is not None else None


class ViewCache:
    """At most ``size`` views, least recently used dropped first; ``size`` 0 turns
    caching off.

    >>> cache = ViewCache(2, ttl=60)
    >>> cache.size, cache.stats()
    (2, {'hits': 0, 'misses': 0, 'entries': 0})
    """

    def __init__(self, size: int, *, ttl: float = 600.0, version_every: float = 1.0):
        self.size = size
        self.ttl = ttl
        self.version_every = version_every
        #: the last token read: (graph, its ``changes`` count then, token, when)
        self._seen: tuple[Any, Any, str | None, float] | None = None
        self._items: OrderedDict[Hashable, tuple[str | None, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, graph: Graph, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached view for ``key`` if computed on this version of the graph
        within ``ttl`` seconds; otherwise ``compute()``, kept for next time."""
        if self.size <= 0:
            return compute()
        current = self._version(graph)
        now = time.monotonic()
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[0] == current and now - item[1] < self.ttl:
                self._items.move_to_end(key)
                self._hits += 1
                return item[2]
        value = compute()
        with self._lock:
            self._misses += 1
            self._items[key] = (current, now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def _version(self, graph: Graph) -> str | None:
        """The graph's version token, read again when ``version_every`` seconds have
        passed since the last read or this process changed the graph since."""
        changes = getattr(graph, "changes", None)
        now = time.monotonic()
        with self._lock:
            seen = self._seen
        if seen is not None and seen[0] is graph and changes is not None \
                and seen[1] == changes and now - seen[3] < self.version_every:
            return seen[2]
        token = version(graph)
        with self._lock:
            self._seen = (graph, changes, token, now)
        return token

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"hits": self._hits, "misses": self._misses, "entries": len(self._items)}
