"""``explorer query`` as a user runs it: malformed parameters and time limits exit 2
with one line, answers past ``EXPLORER_MAX_RESULT_BYTES`` are refused, and a query
that runs the server out of memory is named as such while the graph stays up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cypher.access.localserver import manager as localserver
from tests.conftest import REPO, server_environ


def assert_one_line_exit_2(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-500:]
    return lines[0]


@pytest.mark.parametrize("args", [
    ("-p", "n=99999999999999999999"),
    ("-p", "n=-99999999999999999999"),
    ("-p", "x=" + "[" * 3000 + "]" * 3000),
    ("-p", "x=" + "{\"a\": " * 3000 + "1" + "}" * 3000),
    ("-p", "x=NaN"), ("-p", "x=[Infinity]"),
    ("-p", "\udcff=1"),                       # an undecodable byte in the name
    ("-p", "x={\"\\ud800\": 1}"),              # a lone surrogate as a map key in the value
    ("-p", "novalue"),
    ("--timeout", "nan"), ("--timeout", "-5"), ("--timeout", "inf"), ("--timeout", "0"),
    ("--timeout", "100000"),
])
def test_malformed_parameters_and_limits_exit_2_with_one_line(run, args):
    line = assert_one_line_exit_2(run("query", "RETURN $n AS n", *args))
    assert "time limit of -5" not in line


def test_a_negative_timeout_is_refused_not_reported_as_a_stop(run):
    line = assert_one_line_exit_2(run("query", "RETURN 1 AS one", "--timeout", "-5"))
    assert "--timeout" in line and "stopped" not in line


def test_valid_parameters_still_run(run):
    result = run("query", "RETURN $n AS n, $m AS m", "-p", "n=9223372036854775807",
                 "-p", 'm={"k": ["é"]}', "--format", "json", "--timeout", "5")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 2**63 - 1, "m": {"k": ["é"]}}]


@pytest.mark.parametrize("write", [False, True])
def test_answers_past_the_byte_bound_are_refused(run, write):
    query = "RETURN reduce(s = 'x', i IN range(1, 20) | s + s) AS s"  # 1 MB
    extra = ("--write",) if write else ()
    line = assert_one_line_exit_2(run("query", query, *extra, env_extra={
        "EXPLORER_MAX_RESULT_BYTES": "65536"}))
    assert "EXPLORER_MAX_RESULT_BYTES=65536" in line
    assert run("query", query, *extra).returncode == 0  # within the default 4 MB


@pytest.mark.arcadedb_only("a private local server with a small heap is run out of memory; "
                           "the shared Neo4j test server must not be")
def test_out_of_memory_is_named_and_the_graph_stays_up(tmp_path, server_settings):
    env = server_environ(tmp_path / "home", localserver.free_port())
    env["EXPLORER_HEAP"] = "256m"
    from cypher.access.settings import load_settings

    settings = load_settings(env)
    localserver.start(settings)
    try:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "explorer", "query", "--write", "--timeout", "60",
             "RETURN size(reduce(s = 'x', i IN range(1, 28) | s + s)) AS n"],
            env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
        line = assert_one_line_exit_2(result)
        assert "ran out of memory" in line and "cannot reach" not in line, line
        after = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "explorer", "query", "RETURN 1 AS one", "--format", "json"],
            env=env, capture_output=True, text=True, timeout=300, cwd=REPO)
        assert after.returncode == 0 and json.loads(after.stdout) == [{"one": 1}], after.stderr
    finally:
        localserver.stop(settings)
