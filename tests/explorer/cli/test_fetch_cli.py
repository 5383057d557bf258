"""``explorer fetch openalex`` builds the snowball graph from replayed responses."""

from __future__ import annotations

import pytest

from tests.loaders.replay_server import ReplayServer

pytestmark = pytest.mark.server

SEEDS = ("W3045921891", "W3046863325")  # the recorded snowball's key papers


def test_fetch_snowball_loads_the_recorded_works(empty_graph, cli):
    with ReplayServer() as replay:
        args = ["fetch", "openalex", "--depth", "1", "--base-url", replay.base_url]
        for seed in SEEDS:
            args += ["--id", seed]
        result = cli(*args)
    assert result.returncode in (0, 3), result.stderr
    assert "fetched 45 works" in result.stderr
    full = empty_graph.run_text("MATCH (p:Paper) WHERE p.stub = false RETURN count(p) AS n",
                                read_only=True).records[0]["n"]
    assert full == 45
    for seed in SEEDS:
        node = empty_graph.read("read/node_by_id", id=seed)[0]["node"]
        assert node["stub"] is False and "openalex" in node["sources"]
    cites = empty_graph.counts()["relationships"]["CITES"]
    assert cites > 45


def test_fetch_needs_exactly_one_way_to_name_the_paper(cli):
    result = cli("fetch", "openalex")
    assert result.returncode == 2 and "exactly one" in result.stderr
