"""Every backend class, by name, and the choice of one when connecting.

:func:`backend_for` asks each class in :data:`BACKENDS` in turn whether the
settings choose it: ``NEO4J_URI`` set chooses Neo4j, otherwise the local
server. The choice is made once, in :func:`cypher.access.graph.connect`; the
server's agent is then checked against it on first use (a server of another
kind is :class:`cypher.access.errors.GraphUnavailable`, never guessed at).

>>> from cypher.access.settings import load_settings
>>> backend_for(load_settings({"NEO4J_URI": "bolt://db.example:7687"})).name
'neo4j'
>>> backend_for(load_settings({"EXPLORER_HOME": "/tmp/h"})).name
'arcadedb'
"""

from __future__ import annotations

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.backends.base import Backend
from cypher.access.backends.neo4j import Neo4jBackend
from cypher.access.settings import Settings

# In the order they are asked; the local server comes last (it serves any
# settings without a URI of their own).
BACKENDS: dict[str, type[Backend]] = {cls.name: cls for cls in (Neo4jBackend, ArcadeDBBackend)}


def backend_for(settings: Settings) -> type[Backend]:
    """The backend class that ``settings`` choose: the first in :data:`BACKENDS`
    that serves them."""
    for cls in BACKENDS.values():
        if cls.serves(settings):
            return cls
    raise LookupError("no graph backend serves these settings")  # pragma: no cover
