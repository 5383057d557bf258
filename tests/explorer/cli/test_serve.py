"""``explorer serve`` as a user runs it: loopback only without a token, then serving."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

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
