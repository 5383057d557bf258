"""Only root may use the local server's HTTP API (:mod:`cypher.access.localserver.httpgate`):
the reader is Bolt-only. The header check without a server; the gate itself on
the session's local server."""

from __future__ import annotations

import base64

import pytest

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.localserver import manager as localserver
from cypher.access.localserver.httpgate import _is_root
from tests.cypher.access.localserver._servers import http


def basic(user: str, password: str = "pw") -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(("header", "root"), [
    (basic("root"), True), (basic("root", "a:b"), True), (basic("reader"), False),
    (basic("rootx"), False), ("Bearer " + basic("root")[6:], False), ("", False),
    ("Basic !!!not-base64", False), ("Basic " + base64.b64encode(b"\xff\xfe").decode(), False),
])
def test_only_basic_credentials_of_root_pass(header, root):
    assert _is_root(header) is root


@pytest.fixture
def local_graph(graph):
    if not isinstance(graph.backend, ArcadeDBBackend):
        pytest.skip("the reader user and its HTTP port belong to the local ArcadeDB server")
    return graph


@pytest.mark.server
@pytest.mark.parametrize(("language", "command"), [
    ("sql", "CHECK DATABASE FIX"), ("redis", "SET evil 1"), ("sql", "SELECT 1"),
    ("sqlscript", "SELECT 1"), ("cypher", "MATCH (n) RETURN count(n)"),
])
def test_the_reader_cannot_use_the_http_port(local_graph, server_settings, language, command):
    reader = localserver.reader_password(server_settings.home)
    status, text = http(local_graph.backend.http_port, "reader", reader,
                        "/api/v1/command/neo4j", {"language": language, "command": command})
    assert status == 403, text
    assert "root" in text
    status, _ = http(local_graph.backend.http_port, "reader", reader, "/api/v1/server",
                     {"command": "list queries"})
    assert status == 403


@pytest.mark.server
def test_root_still_uses_the_http_port_and_the_reader_bolt(local_graph, server_settings):
    root = localserver.password(server_settings.home)
    status, text = http(local_graph.backend.http_port, "root", root, "/api/v1/command/neo4j",
                        {"language": "sql", "command": "SELECT 1 AS one"})
    assert status == 200 and '"one":1' in text.replace(" ", "")
    assert local_graph.run_text("RETURN 1 AS ok", read_only=True).records[0]["ok"] == 1
