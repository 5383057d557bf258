"""The local graph server (:mod:`cypher.access.localserver.manager`) as a user drives
it with ``explorer db``: start, status, stop, kill, faults."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import socket
import stat
import subprocess
import sys

import pytest

from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings
from tests.conftest import DATA, REPO, server_environ

pytestmark = pytest.mark.server
# 246 real OpenAlex works with 4,171 references; the tests load the first 20
WORKS = DATA / "openalex-api-fixtures-2025" / "works.jsonl.gz"


def _works(tmp_path, count: int = 20) -> str:
    """The first ``count`` real works of WORKS, as a file of their own: a server's
    lifecycle needs some papers, not a field (the suite's time)."""
    path = tmp_path / f"works-{count}.jsonl"
    with gzip.open(WORKS, "rt", encoding="utf-8") as lines:
        path.write_text("".join(itertools.islice(lines, count)), encoding="utf-8")
    return str(path)


def run(env, *args, timeout=180):
    return subprocess.run([sys.executable, "-m", "explorer", *args], env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=timeout, cwd=REPO)


@pytest.fixture
def own_server(tmp_path):
    """A second, private server for tests that stop and kill it."""
    port = localserver.free_port()
    env = server_environ(tmp_path / "home", port)
    yield env, port
    run(env, "db", "stop")


def _listening_addresses(port: int) -> set[str]:
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                host, hexport = local.rsplit(":", 1)
                if int(hexport, 16) == port and state == "0A":
                    addresses.add(host)
    return addresses


def test_start_is_idempotent_and_data_survives_stop_and_kill(own_server, tmp_path):
    env, port = own_server
    first = run(env, "db", "start")
    assert first.returncode == 0, first.stderr
    assert f"bolt://127.0.0.1:{port}" in first.stdout
    again = run(env, "db", "start")
    assert again.returncode == 0 and "already running" in again.stdout

    assert run(env, "load", _works(tmp_path)).returncode == 0  # 20 real works
    count = run(env, "query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json")
    loaded = json.loads(count.stdout)
    assert loaded[0]["n"] > 20  # 20 loaded papers and the references they cite

    assert "stopped" in run(env, "db", "stop").stdout
    assert "running:        no" in run(env, "db", "status").stdout
    assert run(env, "db", "start").returncode == 0
    after_stop = run(env, "query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json")
    assert json.loads(after_stop.stdout) == loaded

    settings = load_settings(env)
    killed = localserver.kill(settings)
    assert killed is not None
    status = run(env, "db", "status")
    assert "running:        no" in status.stdout  # stale record detected and removed
    after_kill = run(env, "query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json")
    assert after_kill.returncode == 0, after_kill.stderr
    assert json.loads(after_kill.stdout) == loaded


@pytest.mark.arcadedb_only("the generated password file and the ports are the local "
                           "server's; a Neo4j URI's password is the user's own setting")
def test_password_is_private_and_ports_stay_on_loopback(server_settings):
    home = server_settings.home
    mode = stat.S_IMODE(os.stat(home / "password").st_mode)
    assert mode == 0o600
    assert len((home / "password").read_text().strip()) >= 24
    state = localserver.read_state(home)
    for port in (state.bolt_port, state.http_port):
        addresses = _listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        assert addresses <= {"0100007F", "0000000000000000FFFF00000100007F"}, addresses


def test_busy_port_gives_one_line_naming_port_and_setting(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run(server_environ(tmp_path / "h", port), "db", "start")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(port) in lines[0] and "EXPLORER_BOLT_PORT" in lines[0]
    assert "Traceback" not in result.stderr


def test_stale_pid_file_is_replaced(tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    (home / "server.json").write_text(json.dumps(
        {"pid": 999_999_9, "bolt_port": 1, "http_port": 2, "started": 0}))
    settings = load_settings(server_environ(home, localserver.free_port()))
    assert localserver.running_state(home) is None
    assert not (home / "server.json").exists()
    assert localserver.stop(settings) is None


@pytest.mark.arcadedb_only("two local servers' homes: a Neo4j graph shares nothing with them")
def test_two_homes_do_not_interfere(server_settings, graph, own_server, tmp_path):
    env, _port = own_server
    before = graph.counts()
    assert run(env, "load", _works(tmp_path)).returncode == 0
    assert graph.counts() == before


def _status_lists_counts_per_label_and_type(env, port):
    status = run(env, "db", "status", "--format", "json")
    info = json.loads(status.stdout)
    assert info["running"] is True and info["pid"] > 0
    assert info["uri"] == f"bolt://127.0.0.1:{port}"
    papers = run(env, "query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json")
    people = run(env, "query", "MATCH (:Person)-[a:AUTHORED]->() RETURN count(a) AS n",
                 "--format", "json")
    assert info["counts"]["labels"]["Paper"] == json.loads(papers.stdout)[0]["n"] > 20
    assert info["counts"]["relationships"]["AUTHORED"] == json.loads(people.stdout)[0]["n"] > 0
    assert info["counts"]["labels"]["Person"] > 0
    text = run(env, "db", "status").stdout
    assert "Paper" in text and "AUTHORED" in text and "pid:" in text


def test_status_counts_then_a_corrupt_data_directory_is_one_clear_line(own_server, tmp_path):
    """One loaded home (a load starts its server by itself): `db status` lists its counts
    per label and type; then, its data overwritten, `db start` fails with one line."""
    env, port = own_server
    assert run(env, "load", _works(tmp_path)).returncode == 0  # starts its server by itself
    _status_lists_counts_per_label_and_type(env, port)
    assert run(env, "db", "stop").returncode == 0
    home = load_settings(env).home
    for path in (home / "arcadedb").rglob("*"):
        if path.is_file() and path.name != "server-groups.json":
            path.write_bytes(b"\x00garbage\xff" * 64)
    result = run(env, "db", "start")
    assert result.returncode == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "data directory" in lines[0] and str(home / "arcadedb") in lines[0]


def test_stop_is_prompt_and_clean_while_a_client_is_connected(own_server):
    """`explorer db stop` while an app still holds a Bolt connection: the server
    closes its data and exits at once (no SIGKILL at STOP_TIMEOUT, no recovery)."""
    import time

    from cypher.access.graph import connect

    env, _port = own_server
    assert run(env, "db", "start").returncode == 0
    settings = load_settings(env)
    graph = connect(settings, autostart=False)
    try:
        graph.write_many([("write/merge_stub_papers",
                           [{"id": f"s{i}", "source": "test"} for i in range(300)])])
        started = time.monotonic()
        stopped = run(env, "db", "stop")
        took = time.monotonic() - started
        assert "stopped" in stopped.stdout and took < localserver.STOP_TIMEOUT / 2, took
    finally:
        graph.close()
    assert run(env, "db", "start").returncode == 0
    log = (settings.home / "server.log").read_text(errors="replace")
    assert "not closed properly" not in log
    count = run(env, "query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "json")
    assert json.loads(count.stdout) == [{"n": 300}]


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o770])
def test_a_home_others_may_write_is_made_private_with_a_warning(tmp_path, caplog, mode):
    home = tmp_path / "shared-home"
    home.mkdir()
    os.chmod(home, mode)
    with caplog.at_level("WARNING"):
        localserver.ensure_home(home)
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    assert "EXPLORER_HOME" in caplog.text and oct(mode) in caplog.text


def test_a_private_home_is_left_as_it_is(tmp_path, caplog):
    home = tmp_path / "private-home"
    home.mkdir(mode=0o750)
    os.chmod(home, 0o750)
    with caplog.at_level("WARNING"):
        localserver.ensure_home(home)
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o750 and not caplog.text


def test_a_world_writable_home_is_tightened_before_the_server_starts_in_it(own_server):
    env, _ = own_server
    home = env["EXPLORER_HOME"]
    os.makedirs(home)
    os.chmod(home, 0o777)
    result = run(env, "db", "start")
    assert result.returncode == 0, result.stderr
    assert "EXPLORER_HOME" in result.stderr and "0o777" in result.stderr
    for path, expected in [(home, 0o700), (f"{home}/server.log", 0o600),
                           (f"{home}/arcadedb", 0o700), (f"{home}/password", 0o600),
                           (f"{home}/reader-password", 0o600),
                           (f"{home}/writer-password", 0o600)]:
        assert stat.S_IMODE(os.stat(path).st_mode) == expected, path
