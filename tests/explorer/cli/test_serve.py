"""``explorer serve`` as a user runs it: loopback only without a token, then serving,
also under hundreds of slow clients; absolute-form request lines are checked."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import pytest

from cypher.access.localserver import manager as localserver
from cypher.access.localserver import sandbox
from explorer.cli.serve import is_loopback
from tests.conftest import REPO, server_environ
from tests.explorer.cli.conftest import ENTRY


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("[::1]")
    assert is_loopback("127.0.0.2") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")  # noqa: S104
    assert not is_loopback("example.com") and not is_loopback("")


def test_serve_refuses_public_address_without_token(run):
    result = run("serve", "--host", "0.0.0.0", "--port", "5999", env_extra={"EXPLORER_TOKEN": ""})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "EXPLORER_TOKEN" in result.stderr


def test_serve_answers_on_loopback(server_settings, loaded_graph):
    port = localserver.free_port()
    env = server_environ(server_settings.home, server_settings.bolt_port)
    proc = subprocess.Popen([sys.executable, "-c", ENTRY, "--", "serve", "--port", str(port)],  # noqa: S603
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=maps",  # noqa: S310
                                            timeout=10) as response:
                    data = json.load(response)
                    assert response.headers["Content-Security-Policy"]
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "Paper" in data["groups"]
        if server_settings.uses_local_server:
            # serve starts the web console's own graph server in the background
            console_home = server_settings.home / sandbox.DIRECTORY
            deadline = time.monotonic() + 120
            while localserver.running_state(console_home) is None:
                assert time.monotonic() < deadline, "the console's server did not start"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(10)


def _serve(server_settings, port: int) -> subprocess.Popen:
    env = server_environ(server_settings.home, server_settings.bolt_port)
    proc = subprocess.Popen([sys.executable, "-c", ENTRY, "--", "serve", "--port", str(port)],  # noqa: S603
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
    return proc


def _get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _wait_until_answering(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if _get(port, "/api/search?q=maps", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, "explorer serve never answered"
        time.sleep(0.2)


SLOW_CLIENTS = 300
#: the web server's handling of sockets and request lines reads nothing of the graph
#: but one answer, the same on both backends
SOCKETS_ONLY = "the web server's socket handling, the same whatever graph answers it"


@pytest.mark.arcadedb_only(SOCKETS_ONLY)
def test_maps_answer_under_hundreds_of_half_sent_requests(server_settings, loaded_graph):
    """A bounded local loop: 300 sockets each send half a request (headers never
    finished, or a body shorter than announced) and wait; the app still answers,
    and the server closes those sockets once they stay silent."""
    import socket

    port = localserver.free_port()
    proc = _serve(server_settings, port)
    sockets: list[socket.socket] = []
    try:
        _wait_until_answering(port)
        for i in range(SLOW_CLIENTS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            if i % 2:
                sock.sendall(b"GET /api/search?q=maps HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            else:
                sock.sendall(b"POST /api/cypher HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
            sockets.append(sock)
        status, body = _get(port, "/api/neighbourhood/W100")
        assert status == 200 and json.loads(body)["nodes"], body[:300]
        assert _get(port, "/api/search?q=maps")[0] == 200
        # a read timeout: the silent sockets are closed by the server
        from explorer.cli.serve import CLEANUP_INTERVAL, IDLE_TIMEOUT

        deadline = time.monotonic() + IDLE_TIMEOUT + CLEANUP_INTERVAL + 15
        for sock in sockets:  # read to EOF (an error answer may come first)
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            while sock.recv(65536):
                pass
        assert time.monotonic() < deadline
    finally:
        for sock in sockets:
            sock.close()
        proc.terminate()
        proc.wait(10)


@pytest.mark.arcadedb_only(SOCKETS_ONLY)
def test_absolute_form_request_lines_are_checked_under_waitress(server_settings, loaded_graph):
    import socket

    port = localserver.free_port()
    proc = _serve(server_settings, port)
    try:
        _wait_until_answering(port)
        for target, status in (("http://evil.example/api/search?q=maps", b"421"),
                               (f"http://127.0.0.1:{port}/api/search?q=maps", b"200")):
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                             "Connection: close\r\n\r\n".encode())
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            assert answer.split(b" ", 2)[1] == status, answer[:300]
    finally:
        proc.terminate()
        proc.wait(10)
