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


def test_graph_holds_every_node_and_link_of_the_answer(client):
    """Relationships' end nodes (sent bare by ArcadeDB) join the answer's full nodes."""
    data = post(client, "MATCH (a:Person)-[r:AUTHORED]->(p:Paper) RETURN a, r, p LIMIT 5"
                ).get_json()
    graph = data["graph"]
    by_id = {node["id"]: node for node in graph["nodes"]}
    people = {row[0]["properties"]["id"] for row in data["rows"]}
    papers = {row[2]["properties"]["id"] for row in data["rows"]}
    assert set(by_id) == people | papers
    assert {by_id[p]["type"] for p in papers} == {"Paper"}
    assert {by_id[a]["type"] for a in people} == {"Person"}
    assert len(graph["edges"]) == len(data["rows"])
    assert {(e["source"], e["target"]) for e in graph["edges"]} == {
        (row[0]["properties"]["id"], row[2]["properties"]["id"]) for row in data["rows"]}


def test_graph_draws_bare_ends_of_a_relationship_returned_alone(client):
    data = post(client, "MATCH (:Person)-[r:AUTHORED]->(:Paper) RETURN r LIMIT 3").get_json()
    graph = data["graph"]
    assert len(graph["edges"]) == len(data["rows"]) >= 1
    ids = {node["id"] for node in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])


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


STRING_400 = "z" * 400


def one_line_400(response) -> str:
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    message = response.get_json()["error"]
    assert message and "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("query", [
    f"RETURN [x IN range(1,100000) | '{STRING_400}'] AS l",    # 40 MB in one row
    "RETURN reduce(s='x', i IN range(1,28) | s+s) AS s",       # a 268 MB string
    "RETURN reduce(s='x', i IN range(1,23) | s+s) AS s",       # 8 MB, past the bound
    f"UNWIND range(1, 20000) AS i RETURN i, '{STRING_400}' AS s",  # 8 MB of rows
])
def test_huge_answers_are_refused_small_before_they_are_held(loaded_graph, query):
    """Refused with one line, the response a few hundred bytes: the web process never
    held the answer (it was cut at the bound as it arrived; the server may also give
    up first, out of time or memory). bench/console_answers.py measures the RSS."""
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "QUERY_TIMEOUT": 10.0,
                      "MAX_RESULT_BYTES": 1024 * 1024, "MAX_ROWS": 100_000})
    response = post(app.test_client(), query)
    message = one_line_400(response)
    assert len(response.get_data()) < 2048
    assert ("EXPLORER_MAX_RESULT_BYTES" in message or "time limit" in message
            or "ran out of memory" in message), message
    if "range(1,23)" in query or "UNWIND" in query:  # no reason to fail but the bound
        assert "EXPLORER_MAX_RESULT_BYTES=1048576" in message, message


def test_the_default_answer_bound_is_a_few_megabytes(client, app):
    assert app.config["MAX_RESULT_BYTES"] == 4 * 1024 * 1024
    message = one_line_400(post(client, "RETURN reduce(s='x', i IN range(1,23) | s+s) AS s"))
    assert "EXPLORER_MAX_RESULT_BYTES" in message
    assert post(client, "RETURN reduce(s='x', i IN range(1,20) | s+s) AS s").status_code == 200


@pytest.mark.parametrize("params", [{"\ud800": 1}, {"m": {"\udfff": 1}},
                                    {"m": [1, {"k": {"\ud800": "v"}}]}])
def test_lone_surrogates_in_keys_are_a_one_line_400(client, params):
    import json

    body = json.dumps({"query": "RETURN 1 AS x", "params": params})  # \\ud800 escapes
    response = client.post("/api/cypher", data=body, content_type="application/json")
    assert "Unicode" in one_line_400(response)


@pytest.fixture
def writer(loaded_graph):
    """A client allowed to write, with a short time limit."""
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "ALLOW_WRITES": True,
                      "TOKEN": "s3cret", "QUERY_TIMEOUT": 2.0})
    client = app.test_client()

    def run(query, params=None):
        return post(client, query, params, Authorization="Bearer s3cret")

    return run


def test_queries_that_may_write_get_the_guard(writer, loaded_graph):
    before = node_count(loaded_graph)
    for query in ["MATCH p = (:Paper)-[:CITES*]->() CREATE (:Topic {id: 'w:1'}) RETURN 1",
                  "CREATE (:Topic {id: 'w:2'}) WITH 1 AS x CALL apoc.util.sleep(60000) RETURN x",
                  "UNWIND range(1, 2000000) AS i CREATE (:Topic {id: 'w:' + i})"]:
        one_line_400(writer(query))
    assert node_count(loaded_graph) == before


def test_queries_that_may_write_get_the_time_limit_and_are_not_kept(writer, loaded_graph):
    import time

    before = node_count(loaded_graph)
    query = ("CREATE (:Topic {id: 'w:slow'}) WITH 1 AS one "
             "MATCH (a), (b), (c), (d), (e), (f) RETURN count(*) AS n")  # 40^6 rows
    started = time.monotonic()
    response = writer(query)
    took = time.monotonic() - started
    message = one_line_400(response)
    assert "time limit of 2 s" in message and "EXPLORER_QUERY_TIMEOUT" in message
    assert took < 2 + 2.5, took  # answered at the limit, not after the query
    assert node_count(loaded_graph) == before  # the transaction was not committed
    from cypher.access.localserver import watchdog

    watchdog.wait(60)  # an ignored termination restarts the server: wait for it


def test_a_write_within_its_limit_is_committed_once(writer, loaded_graph):
    response = writer("MERGE (t:Topic {id: 'w:once'}) RETURN t.id AS id")
    assert response.status_code == 200 and response.get_json()["rows"] == [["w:once"]]
    rows = loaded_graph.run_text("MATCH (t:Topic {id: 'w:once'}) RETURN count(t) AS n").records
    assert rows[0]["n"] == 1
    loaded_graph.run_text("MATCH (t:Topic {id: 'w:once'}) DELETE t")


def test_procedures_the_local_server_lacks_are_named_not_502(client):
    message = one_line_400(post(client, "CALL db.info()"))
    assert "db.info" in message and "dbms.components" in message


@pytest.mark.parametrize("query", [
    "CALL db.labels()", "CALL db.relationshipTypes()", "CALL db.propertyKeys()",
    "CALL db.schema.visualization()", "CALL dbms.components()",
    "CALL db.indexes()", "CALL db.constraints()", "CALL db.awaitIndexes()",
    "CALL db.schema.nodeTypeProperties()", "CALL db.schema.relTypeProperties()",
    "SHOW INDEXES", "SHOW CONSTRAINTS"])
def test_every_schema_procedure_answers_or_is_refused_in_one_line(client, query):
    response = post(client, query)
    assert response.status_code in (200, 400), (query, response.get_data(as_text=True)[:300])
    if response.status_code == 400:
        one_line_400(response)


def _readme_default(name: str) -> str:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}` |"))
    return row.split("|")[2].strip().split()[0].strip("`")


def test_the_readme_limits_are_the_ones_in_force(client, app):
    """README's defaults against the app as it runs, and the guard's list bounds as
    README states them against the running console."""
    from webui import config

    defaults = config.from_environ({})
    for name, key in [("EXPLORER_MAX_ROWS", "MAX_ROWS"), ("EXPLORER_QUERY_TIMEOUT",
                      "QUERY_TIMEOUT"), ("EXPLORER_MAX_PARAM_BYTES", "MAX_PARAM_BYTES"),
                      ("EXPLORER_MAX_RESULT_BYTES", "MAX_RESULT_BYTES"),
                      ("EXPLORER_CONSOLE_CONCURRENCY", "CONSOLE_CONCURRENCY")]:
        assert float(_readme_default(name)) == defaults[key], name
    assert post(client, "RETURN size(range(1, 1000000)) AS n").get_json()["rows"] == [[1000000]]
    assert "1,000,000" in one_line_400(post(client, "RETURN size(range(1, 1000001)) AS n"))
    assert post(client, "RETURN reduce(s = 0, i IN range(1, 10000) | s + i) AS n"
                ).get_json()["rows"] == [[50005000]]
    assert "10,000" in one_line_400(post(client, "RETURN reduce(s = 0, i IN range(1, 10001) "
                                                 "| s + i) AS n"))
    assert post(client, "MATCH p = (:Paper)-[:CITES*1..3]->() RETURN count(p) AS n"
                ).status_code == 200
    assert "EXPLORER_MAX_PATH_LENGTH" in one_line_400(post(
        client, "MATCH p = (:Paper)-[:CITES*1..4]->() RETURN count(p) AS n"))
