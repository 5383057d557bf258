"""HTTP hardening against the real app: host names, login redirects, malformed
input (always a one-line 400), wrong methods (405), and the console's busy answer."""

from __future__ import annotations

import json

import pytest

from webui.app import create_app

pytestmark = pytest.mark.server


def one_line_error(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    message = response.get_json()["error"]
    assert message and "\n" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5104", "127.0.0.1.evil.example",
                                  "localhost.evil.example:80", "[::2]:80", "[::1]evil",
                                  "[::1].evil", "localhost:80@evil.com", "localhost:abc",
                                  "localhost:", "localhost:99999", "[::1]:80:80", "[::1",
                                  "localhost/evil", "localhost evil", "127.0.0.1:5104 x",
                                  "[localhost]:80", "localhost:+80", "localhost:８０"])
def test_rebinding_host_names_are_refused(client, host):
    response = client.post("/api/cypher", json={"query": "MATCH (p:Paper) RETURN p.id LIMIT 1"},
                           headers={"Host": host, "Origin": f"http://{host}"})
    message = one_line_error(response, 421)
    assert "rows" not in response.get_json()
    assert "EXPLORER_ALLOWED_HOSTS" in message
    assert client.get("/", headers={"Host": host}).status_code == 421


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5104", "[::1]:5104", "LOCALHOST"])
def test_loopback_names_are_answered(client, host):
    response = client.post("/api/cypher", json={"query": "RETURN 1 AS x"},
                           headers={"Host": host, "Origin": f"http://{host}"})
    assert response.status_code == 200
    assert response.get_json()["rows"] == [[1]]


def test_configured_host_is_answered(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph,
                      "ALLOWED_HOSTS": ["explorer.lab.example"]})
    client = app.test_client()
    assert client.get("/api/search?q=graph", headers={"Host": "explorer.lab.example:80"}
                      ).status_code == 200
    assert client.get("/api/search?q=graph", headers={"Host": "evil.example"}
                      ).status_code == 421


@pytest.fixture
def token_client(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "TOKEN": "s3cret-token"})
    return app.test_client()


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "\\\\evil.example",
                                    "/\\evil.example", "https://evil.example/",
                                    "http:evil.example", "/%5C/evil.example",
                                    "javascript:alert(1)", "%2F%2Fevil.example",
                                    "/%2F/evil.example", " //evil.example"])
def test_login_never_redirects_off_site(token_client, target):
    response = token_client.post(f"/login?next={target}", data={"token": "s3cret-token"},
                                 headers={"Origin": "http://localhost"})
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    assert location == "/", location


def test_login_keeps_a_same_site_next(token_client):
    response = token_client.post("/login?next=/search%3Fq%3Dgraph", data={"token": "s3cret-token"},
                                 headers={"Origin": "http://localhost"})
    assert response.headers["Location"] == "/search?q=graph"


@pytest.mark.parametrize("years", ["99999999999999999999:", ":99999999999999999999",
                                   "1" * 400 + ":", "2015:2020:2030", "x:y"])
def test_bad_years_answer_400(client, years):
    response = client.get(f"/api/neighbourhood/W100?years={years}")
    one_line_error(response, 400)


def test_console_parameters_that_cannot_be_sent_answer_400(client):
    message = one_line_error(client.post("/api/cypher", json={
        "query": "RETURN $x AS x", "params": {"x": 12345678901234567890123}}), 400)
    assert "64 bits" in message
    nested: object = 1
    for _ in range(40):
        nested = [nested]
    message = one_line_error(client.post("/api/cypher", json={
        "query": "RETURN $x AS x", "params": {"x": nested}}), 400)
    assert "nested" in message


@pytest.mark.parametrize("body", [
    '{"query": "RETURN $x AS x", "params": {"x": NaN}}',
    '{"query": "RETURN $x AS x", "params": {"x": [1e999]}}',
    '{"query": "RETURN $x AS x", "params": {"x": "\\ud800"}}',
    '{"query": "RETURN \'\\udfff\' AS x"}',
    '{"query": "RETURN $x AS x", "params": {"x": -9223372036854775809}}',
])
def test_parameters_the_driver_cannot_send_answer_400(client, body):
    response = client.post("/api/cypher", data=body, content_type="application/json")
    one_line_error(response, 400)


def test_largest_64_bit_integers_still_pass(client):
    data = client.post("/api/cypher", json={"query": "RETURN $x AS x, $y AS y",
                                            "params": {"x": 2**63 - 1, "y": -(2**63)}}).get_json()
    assert data["rows"] == [[2**63 - 1, -(2**63)]]


def test_deeply_nested_json_body_answers_400(client):
    depth = 200_000
    body = '{"query": "RETURN 1", "params": {"x": ' + "[" * depth + "]" * depth + "}}"
    response = client.post("/api/cypher", data=body, content_type="application/json")
    one_line_error(response, 400)


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH"])
def test_wrong_methods_answer_405(client, method):
    response = client.open("/api/cypher", method=method)
    one_line_error(response, 405)


def test_a_busy_console_answers_429_and_frees_its_slot(loaded_graph):
    app = create_app({"TESTING": True, "GRAPH": loaded_graph, "CONSOLE_CONCURRENCY": 1})
    client = app.test_client()
    assert client.post("/api/cypher", json={"query": "RETURN 1 AS x"}).status_code == 200
    slots = app.extensions["console_slots"]
    with slots:  # as if one query were still running
        response = client.post("/api/cypher", json={"query": "RETURN 2 AS x"})
        message = one_line_error(response, 429)
        assert "EXPLORER_CONSOLE_CONCURRENCY" in message
        assert response.headers["Retry-After"]
        assert client.get("/api/search?q=graph").status_code == 200  # other pages answer
    assert client.post("/api/cypher", json={"query": "RETURN 3 AS x"}).get_json()["rows"] == [[3]]


def test_every_console_refusal_is_a_one_line_400(client):
    for query in ["RETURN util.sleep(60000)", "CALL apoc.util.sleep(60000)",
                  "MATCH p=()-[:CITES*1..25 WHERE true]->() RETURN count(p)",
                  "CALL do.when(true, 'MATCH (p:Paper) SET p.title = \"x\"', '')"]:
        one_line_error(client.post("/api/cypher", data=json.dumps({"query": query}),
                                   content_type="application/json"), 400)


def test_rebinding_is_refused_by_the_live_server(live_server):
    import http.client
    from urllib.parse import urlsplit

    port = urlsplit(live_server).port
    body = json.dumps({"query": "MATCH (p:Paper) RETURN p.title AS t LIMIT 1"})
    for host, status in ((f"evil.example:{port}", 421), (f"127.0.0.1:{port}", 200)):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("POST", "/api/cypher", body=body, headers={
            "Host": host, "Origin": f"http://{host}", "Content-Type": "application/json"})
        response = connection.getresponse()
        data = json.loads(response.read())
        connection.close()
        assert response.status == status, data
        assert ("rows" in data) == (status == 200)


@pytest.mark.parametrize("target", ["http://evil.example/api/search?q=x",
                                    "http://evil.example:80/api/search?q=x",
                                    "http://[::1]evil/api/search?q=x",
                                    "http://localhost:80@evil.example/api/search?q=x"])
def test_absolute_form_request_lines_naming_another_host_are_refused(live_server, target):
    """``GET http://evil.example/ HTTP/1.1`` with a loopback Host header: the request
    line's host is checked too."""
    import socket
    from urllib.parse import urlsplit

    port = urlsplit(live_server).port
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status = answer.split(b"\r\n", 1)[0]
    assert b" 421 " in status, answer[:300]
    assert b"EXPLORER_ALLOWED_HOSTS" in answer


def test_absolute_form_naming_our_own_host_is_answered(live_server):
    import socket
    from urllib.parse import urlsplit

    port = urlsplit(live_server).port
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET http://127.0.0.1:{port}/api/search?q=maps HTTP/1.1\r\n"
                     f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert b" 200 " in answer.split(b"\r\n", 1)[0], answer[:300]
