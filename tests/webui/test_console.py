"""POST /api/cypher: read-only by default, limits named, CSRF rule, writes with the token."""

from __future__ import annotations

import pytest

from webui.app import create_app

JSON = {"Content-Type": "application/json"}


def node_count(graph) -> int:
    return graph.run_text("MATCH (n) RETURN count(n) AS n").records[0]["n"]


def post(client, query, params=None, **headers):
    return client.post("/api/cypher", json={"query": query, "params": params or {}},
                       headers=headers)


def test_read_query_returns_table_and_graph(client):
    response = post(client, "MATCH (a:Person)-[r:AUTHORED]->(p:Paper) RETURN a, r, p LIMIT 5")
    assert response.status_code == 200
    data = response.get_json()
    assert data["columns"] == ["a", "r", "p"]
    assert 1 <= len(data["rows"]) <= 5
    assert data["rows"][0][0]["labels"] == ["Person"]
    assert data["graph"]["nodes"] and data["graph"]["edges"]
    assert {"source", "target", "type"} <= set(data["graph"]["edges"][0])


def test_parameters_are_used(client):
    data = post(client, "RETURN $x + 1 AS y", {"x": 41}).get_json()
    assert data["rows"] == [[42]]


@pytest.mark.parametrize("query", [
    "CREATE (:Paper {id: 'evil-create'})",
    "MERGE (p:Paper {id: 'evil-merge'}) RETURN p",
    "MATCH (p:Paper {id: 'W100'}) SET p.title = 'changed'",
    "MATCH (p:Paper {id: 'W100'}) DETACH DELETE p",
    "MATCH (p:Paper) WITH p LIMIT 1 CALL { WITH p CREATE (:Topic {id: 'evil-call'}) } RETURN 1",
    "/* harmless */ CREATE\n\t(:Paper {id: 'evil-comment'})",
])
def test_writes_are_refused_and_rolled_back(client, loaded_graph, query):
    before = node_count(loaded_graph)
    title = loaded_graph.run_text("MATCH (p:Paper {id: 'W100'}) RETURN p.title AS t"
                                  ).records[0]["t"]
    response = post(client, query)
    assert response.status_code == 400
    assert "error" in response.get_json()
    assert node_count(loaded_graph) == before
    assert loaded_graph.run_text("MATCH (p:Paper {id: 'W100'}) RETURN p.title AS t"
                                 ).records[0]["t"] == title


def test_syntax_error_is_400_with_message(client):
    response = post(client, "MATCH (n RETURN n")
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_row_cap_is_named(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "MAX_ROWS": 3})
    data = post(app.test_client(), "UNWIND range(1, 10) AS i RETURN i").get_json()
    assert len(data["rows"]) == 3
    assert "EXPLORER_MAX_ROWS" in data["messages"][0]


def test_parameter_size_is_capped(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "MAX_PARAM_BYTES": 100})
    response = post(app.test_client(), "RETURN $x AS x", {"x": "a" * 200})
    assert response.status_code == 400
    assert "EXPLORER_MAX_PARAM_BYTES" in response.get_json()["error"]


@pytest.mark.parametrize("body", [{"query": ""}, {"query": 3}, {"query": "RETURN 1",
                                                                  "params": [1]}, [1]])
def test_malformed_requests_are_400(client, body):
    assert client.post("/api/cypher", json=body).status_code == 400


def test_form_posts_are_refused(client):
    response = client.post("/api/cypher", data={"query": "RETURN 1"})
    assert response.status_code == 415
    assert "application/json" in response.get_json()["error"]


def test_cross_origin_posts_are_refused(client):
    response = post(client, "RETURN 1", Origin="https://evil.example")
    assert response.status_code == 403
    response = post(client, "RETURN 1", Referer="https://evil.example/page")
    assert response.status_code == 403
    assert post(client, "RETURN 1", Origin="http://localhost").status_code == 200


def test_writes_need_the_setting_and_the_token(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "ALLOW_WRITES": True,
                      "TOKEN": "s3cret"})
    client = app.test_client()
    query = "MERGE (t:Topic {id: 'console-write-test'}) RETURN t.id AS id"
    assert post(client, query).status_code == 401
    assert post(client, query, Authorization="Bearer wrong").status_code == 401
    response = post(client, query, Authorization="Bearer s3cret")
    assert response.status_code == 200, response.get_json()
    loaded_graph.run_text("MATCH (t:Topic {id: 'console-write-test'}) DELETE t")


def test_token_protects_pages_and_login_works(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "TOKEN": "s3cret"})
    client = app.test_client()
    assert client.get("/api/search?q=maps").status_code == 401
    page = client.get("/search?q=maps")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert client.post("/login", data={"token": "nope"}).status_code == 401
    assert client.post("/login", data={"token": "s3cret", "next": "/cypher"}).status_code == 302
    assert client.get("/api/search?q=maps").status_code == 200


def test_writes_without_token_refuse_to_start(loaded_graph):
    from webui.config import ConfigError

    with pytest.raises(ConfigError, match="EXPLORER_TOKEN"):
        create_app({"GRAPH": loaded_graph, "ALLOW_WRITES": True, "TOKEN": None})
