"""The local server process (:mod:`cypher.access.localserver.process`): its
security groups and their file, one-line errors (no server needed: the process
itself runs under every server test), and its range() budget on both running
local servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError

from cypher.access.localserver import manager as localserver
from cypher.access.localserver import process


def test_the_reader_may_only_read_and_is_stopped_at_the_limit():
    groups = process._groups(2.5)
    reader = groups[process.READER]
    assert reader["types"] == {"*": {"access": ["readRecord"]}}
    assert reader["access"] == [] and reader["readTimeout"] == 2500
    assert groups["*"]["types"] == {"*": {"access": []}}  # anyone else: nothing
    assert groups["admin"]["readTimeout"] == -1


def test_the_groups_file_is_written_and_other_settings_in_it_kept(tmp_path):
    path = tmp_path / "arcadedb" / "config" / "server-groups.json"
    process.write_groups(tmp_path, 10)
    first = json.loads(path.read_text(encoding="utf-8"))
    assert first["databases"]["*"]["groups"]["reader"]["readTimeout"] == 10_000
    first["databases"]["other"] = {"groups": {"kept": {}}}
    path.write_text(json.dumps(first), encoding="utf-8")
    process.write_groups(tmp_path, 3)
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["databases"]["other"] == {"groups": {"kept": {}}}
    assert again["databases"]["*"]["groups"]["reader"]["readTimeout"] == 3000


def test_errors_are_printed_on_one_clean_line():
    text = process._printable(RuntimeError("first line\nsecond\x07 line \ufffd" + "x" * 300))
    assert "\n" not in text and "\x07" not in text and "\ufffd" not in text
    assert text.startswith("first line second? line ?") and len(text) == 160


def test_the_writer_may_change_records_and_schema_and_is_stopped_at_the_limit():
    writer = process._groups(4)[process.WRITER]
    assert set(writer["types"]["*"]["access"]) == {"createRecord", "readRecord",
                                                   "updateRecord", "deleteRecord"}
    assert writer["access"] == ["updateSchema"] and writer["readTimeout"] == 4000


def test_the_range_limit_is_the_one_the_readme_states():
    readme = (Path(__file__).resolve().parents[4] / "README.md").read_text(encoding="utf-8")
    assert process.MAX_RANGE_SIZE == 2_000_000
    assert "refuses `range()` beyond two million items" in readme


@pytest.mark.server
@pytest.mark.arcadedb_only("the range() budget is the local server's own setting; Neo4j "
                           "bounds memory per transaction instead")
@pytest.mark.parametrize("where", ["main", "console"])
def test_both_local_servers_refuse_range_beyond_the_limit(graph, where):
    """Against the running servers, without the console's guard (which allows
    fewer): the main server and the console's own server, as root."""
    if where == "main":
        driver, close = graph.driver, False
    else:
        place = graph.backend._console(graph)
        driver = GraphDatabase.driver(place.uri, auth=(
            "root", localserver.password(place.settings.home)))
        close = True
    try:
        fits = driver.execute_query(
            f"RETURN size([x IN range(1, {process.MAX_RANGE_SIZE}) | x]) AS n").records
        assert fits[0]["n"] == process.MAX_RANGE_SIZE
        with pytest.raises(Neo4jError, match="queryMaxRangeSize"):
            driver.execute_query(f"RETURN size(range(1, {process.MAX_RANGE_SIZE + 1})) AS n")
    finally:
        if close:
            driver.close()
