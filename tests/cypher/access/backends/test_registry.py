"""Choosing the backend (:mod:`cypher.access.backends.registry`): by the settings,
once, and the class ``connect`` uses is the one chosen."""

from __future__ import annotations

import pytest

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.backends.neo4j import Neo4jBackend
from cypher.access.backends.registry import BACKENDS, backend_for
from cypher.access.settings import load_settings


def test_every_backend_is_registered_by_its_name():
    assert BACKENDS == {"neo4j": Neo4jBackend, "arcadedb": ArcadeDBBackend}


@pytest.mark.parametrize("uri", ["bolt://h:7687", "neo4j://h", "neo4j+s://h:1"])
def test_a_neo4j_uri_chooses_neo4j(uri):
    assert backend_for(load_settings({"NEO4J_URI": uri})) is Neo4jBackend


def test_no_uri_chooses_the_local_server(tmp_path):
    assert backend_for(load_settings({"EXPLORER_HOME": str(tmp_path)})) is ArcadeDBBackend


def test_exactly_one_backend_serves_any_settings(tmp_path):
    for env in ({"EXPLORER_HOME": str(tmp_path)}, {"NEO4J_URI": "bolt://h"}):
        settings = load_settings(env)
        assert sum(cls.serves(settings) for cls in BACKENDS.values()) == 1


@pytest.mark.server
def test_connect_uses_the_chosen_class(graph, server_settings, backend):
    """The session's graph of each backend: NEO4J_URI (the Neo4j test server) or
    the local server."""
    assert type(graph.backend) is backend_for(server_settings)
    assert type(graph.backend) is BACKENDS[backend]
