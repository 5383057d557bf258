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


# -- --resolve-stubs -------------------------------------------------------------------


def _citers(graph) -> None:
    """Two papers citing the key papers (so those are the most cited stubs) and one
    citing two ids the recording does not know."""
    from loaders.records import PaperRecord
    from loaders.writer import GraphWriter

    GraphWriter(graph).write([
        PaperRecord(id="test:a", source="test", title="Citing paper A", year=2021,
                    references=SEEDS),
        PaperRecord(id="test:b", source="test", title="Citing paper B", year=2022,
                    references=SEEDS),
        PaperRecord(id="test:c", source="test", title="Citing paper C", year=2022,
                    references=("W11", "W12")),
    ])


def _paper(graph, pid: str) -> dict:
    return graph.read("read/node_by_id", id=pid)[0]["node"]


def test_resolve_stubs_fills_the_most_cited_stubs_in_place(empty_graph, cli):
    _citers(empty_graph)
    assert all(_paper(empty_graph, s)["stub"] for s in SEEDS)
    with ReplayServer() as replay:
        result = cli("fetch", "openalex", "--resolve-stubs", "--limit", "2",
                     "--base-url", replay.base_url)
        sent = [path for path, _ in replay.requests]
    assert result.returncode == 0, result.stderr
    assert len(sent) == 1 and "filter=openalex%3AW3045921891%7CW3046863325" in sent[0]
    assert "batch 1/1: resolved 2 of 2 stubs asked (1 request)" in result.stderr
    assert "resolved 2 of 2 stubs; 0 not found" in result.stderr
    for seed in SEEDS:
        node = _paper(empty_graph, seed)
        assert node["stub"] is False and node["title"] and "openalex" in node["sources"]
        same = empty_graph.run_text("MATCH (p:Paper {id: $id}) RETURN count(p) AS n",
                                    {"id": seed}, read_only=True).records[0]["n"]
        assert same == 1
    # the citations into the filled stubs are still there, and their own references came
    cited = empty_graph.run_text("MATCH (:Paper {id: 'test:a'})-[:CITES]->(p:Paper) "
                                 "RETURN count(p) AS n", read_only=True).records[0]["n"]
    assert cited == 2
    assert empty_graph.counts()["relationships"]["CITES"] > 40
    assert _paper(empty_graph, "W11")["stub"] is True  # beyond --limit: untouched


def test_resolve_stubs_stops_with_one_line_and_keeps_the_graph(empty_graph, cli):
    _citers(empty_graph)
    before = empty_graph.counts()
    with ReplayServer() as replay:  # a batch of four ids was never recorded: 404
        result = cli("fetch", "openalex", "--resolve-stubs", "--base-url", replay.base_url)
    assert result.returncode == 4
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: stopped (batches before this one are kept)")
    assert empty_graph.counts() == before
    assert _paper(empty_graph, "W11")["stub"] is True


def test_resolve_stubs_refuses_other_ways_to_name_papers(cli):
    result = cli("fetch", "openalex", "--resolve-stubs", "--id", "W1")
    assert result.returncode == 2 and "takes no --id" in result.stderr
    result = cli("fetch", "openalex", "--id", "W1", "--limit", "3")
    assert result.returncode == 2 and "--limit goes with --resolve-stubs" in result.stderr


@pytest.mark.parametrize("args, given", [(["--id", "A5023888391"], "A5023888391"),
                                         (["--doi", "not-a-doi"], "doi:not-a-doi")])
def test_an_id_or_doi_that_is_none_is_unusable_input(cli, args, given):
    """Refused before any request (the base URL leads nowhere): one line, exit 2."""
    result = cli("fetch", "openalex", *args, "--base-url", "http://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"error: not an OpenAlex work id or DOI: {given!r}"]
