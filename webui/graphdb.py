"""One graph connection per app: opened on first use, closed when the process exits.

Tests may hand in an open connection as ``GRAPH`` (it is then never closed
here) or the settings to connect with as ``SETTINGS``. After the graph was
unreachable the connection is dropped, so the next request reconnects (the
local server may have come back on another port).
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from cypher.access.graph import Graph, GraphUnavailable, connect
from cypher.access.localserver import manager as localserver
from cypher.access.settings import SettingsError, load_settings


class GraphHolder:
    """Holds the app's :class:`Graph`; thread-safe."""

    def __init__(self, app: Flask):
        self._lock = threading.Lock()
        self._graph: Graph | None = app.config.get("GRAPH")
        self._injected = self._graph is not None
        self._settings = app.config.get("SETTINGS")
        self._autostart = app.config.get("GRAPH_AUTOSTART", True)

    def get(self) -> Graph:
        with self._lock:
            if self._graph is None:
                try:
                    settings = self._settings or load_settings()
                    self._graph = connect(settings, autostart=self._autostart, quiet=True)
                except (localserver.ServerError, SettingsError) as exc:
                    raise GraphUnavailable(str(exc)) from exc
            return self._graph

    def reset(self) -> None:
        """Forget a connection that failed; the next :meth:`get` reconnects."""
        if self._injected:
            return
        with self._lock:
            graph, self._graph = self._graph, None
        if graph is not None:
            try:
                graph.close()
            except Exception:  # noqa: BLE001 - closing a broken driver must not raise
                pass

    close = reset


def init_app(app: Flask) -> None:
    holder = GraphHolder(app)
    app.extensions["explorer_graph"] = holder
    atexit.register(holder.close)


def get_graph() -> Graph:
    """The current app's graph connection (raises GraphUnavailable)."""
    return current_app.extensions["explorer_graph"].get()


def reset_graph() -> None:
    current_app.extensions["explorer_graph"].reset()
