"""The JSON API against the real graph server: shapes, status codes, errors."""

from __future__ import annotations

import pytest

from tests.webui.conftest import DOTTED_ID, HOSTILE_ID, SCRIPT


def test_search_groups_results_by_type(client):
    response = client.get("/api/search?q=hostile")
    assert response.status_code == 200
    data = response.get_json()
    assert set(data["groups"]) == {"Paper", "Person", "Topic", "Institution"}
    papers = data["groups"]["Paper"]
    assert papers["count"] >= 1
    assert HOSTILE_ID in [item["id"] for item in papers["items"]]
    assert {"id", "type", "label", "year"} <= set(papers["items"][0])


def test_search_type_filter_and_limit(client):
    data = client.get("/api/search?q=citation&type=Paper&limit=2").get_json()
    assert list(data["groups"]) == ["Paper"]
    assert data["groups"]["Paper"]["count"] <= 2


@pytest.mark.parametrize("query", ["/api/search?q=", "/api/search?q=x&limit=0",
                                   "/api/search?q=x&limit=abc", "/api/search?q=x&type=Nope"])
def test_search_bad_parameters_are_400(client, query):
    response = client.get(query)
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_node_details_of_a_paper_with_slashes_in_its_id(client):
    response = client.get(f"/api/nodes/{HOSTILE_ID}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == HOSTILE_ID and data["type"] == "Paper"
    assert data["properties"]["title"].startswith(SCRIPT)
    assert {a["name"] for a in data["authors"]} >= {"Ada Lovelace"}
    assert data["citations"]["references_in_graph"] == 3


def test_unknown_node_is_404_json(client):
    response = client.get("/api/nodes/doi:10.9999/nothing-here")
    assert response.status_code == 404
    assert "nothing-here" in response.get_json()["error"]


def test_neighbourhood_shape(client):
    response = client.get(f"/api/neighbourhood/{HOSTILE_ID}?depth=2&limit=50")
    assert response.status_code == 200
    view = response.get_json()
    assert view["center"] == HOSTILE_ID and view["depth"] == 2
    ids = {n["id"] for n in view["nodes"]}
    assert {HOSTILE_ID, DOTTED_ID, "W100"} <= ids
    node = view["nodes"][0]
    assert {"id", "type", "label", "x", "y", "community", "year"} <= set(node)
    assert all({"source", "target", "type"} <= set(e) for e in view["edges"])
    assert isinstance(view["communities"], list) and isinstance(view["truncated"], list)
    assert view["total_nodes"] >= len(view["nodes"])


def test_neighbourhood_filters(client):
    view = client.get(f"/api/neighbourhood/{HOSTILE_ID}?types=Paper&years=2009:2016").get_json()
    others = [n for n in view["nodes"] if n["id"] != HOSTILE_ID]
    assert others and all(n["type"] == "Paper" for n in others)
    assert all(2009 <= n["year"] <= 2016 for n in others if n["year"])


@pytest.mark.parametrize("args", ["depth=0", "depth=9", "depth=x", "limit=0", "years=2020",
                                  "years=2020:2010", "types=Planet", "limit=99999"])
def test_neighbourhood_bad_parameters_are_400(client, args):
    response = client.get(f"/api/neighbourhood/{HOSTILE_ID}?{args}")
    assert response.status_code == 400, args
    assert response.get_json()["error"]


def test_neighbourhood_unknown_id_is_404(client):
    assert client.get("/api/neighbourhood/W999999999").status_code == 404


def test_suggestions_shape(client):
    response = client.get(f"/api/suggestions/{HOSTILE_ID}?k=20")
    assert response.status_code == 200
    data = response.get_json()
    assert data["seeds"] == [HOSTILE_ID]
    assert len(data["suggestions"]) <= 20
    ids = [s["id"] for s in data["suggestions"]]
    assert "W120" in ids  # shares three references
    coupled = data["suggestions"][ids.index("W120")]
    assert any(line.startswith("both cite") and "3" in line or "2 more" in line
               for line in coupled["explanation"]), coupled
    first = data["suggestions"][0]
    assert {"id", "title", "score", "explanation"} <= set(first)
    assert all(isinstance(line, str) for line in first["explanation"])


def test_suggestions_bad_k(client):
    assert client.get(f"/api/suggestions/{HOSTILE_ID}?k=0").status_code == 400


def test_views_are_cached_until_the_graph_changes(loaded_graph):
    from webui.app import create_app

    app = create_app({"TESTING": True, "GRAPH": loaded_graph})
    cache = app.extensions["view_cache"]
    client = app.test_client()
    first = client.get("/api/neighbourhood/W101?depth=2").get_json()
    assert client.get("/api/neighbourhood/W101?depth=2").get_json() == first
    client.get("/api/suggestions/W101")
    client.get("/api/suggestions/W101")
    assert cache.stats() == {"hits": 2, "misses": 2, "entries": 2}
    client.get("/api/neighbourhood/W101?depth=1")  # other options: another entry
    assert cache.stats()["misses"] == 3
    # any change (here a console-style write that sets a title to itself) is a new version
    loaded_graph.run_text("MATCH (p:Paper {id: 'W101'}) SET p.title = p.title")
    assert client.get("/api/neighbourhood/W101?depth=2").get_json() == first
    assert cache.stats()["misses"] == 4


def test_view_cache_can_be_turned_off(loaded_graph, monkeypatch):
    from webui.app import create_app

    monkeypatch.setenv("EXPLORER_VIEW_CACHE", "0")
    app = create_app({"TESTING": True, "GRAPH": loaded_graph})
    client = app.test_client()
    for _ in range(2):
        assert client.get("/api/neighbourhood/W101").status_code == 200
    assert app.extensions["view_cache"].stats() == {"hits": 0, "misses": 0, "entries": 0}
    monkeypatch.setenv("EXPLORER_VIEW_CACHE", "many")
    with pytest.raises(ValueError, match="EXPLORER_VIEW_CACHE must be a whole number"):
        create_app({"TESTING": True, "GRAPH": loaded_graph})


def test_node_papers_pages_a_topics_papers_and_bounds_the_request(client):
    first = client.get("/api/node-papers/kw:hostile?limit=2").get_json()
    assert first["type"] == "Topic" and len(first["papers"]) == 2 and first["more"]
    rest = client.get("/api/node-papers/kw:hostile?offset=2&limit=200").get_json()
    ids = [p["id"] for p in first["papers"] + rest["papers"]]
    assert len(ids) == len(set(ids)) and not rest["more"]
    assert ids == [p["id"] for p in client.get("/api/nodes/kw:hostile").get_json()["papers"]]
    for args in ("limit=201", "limit=0", "offset=-1", "offset=x"):
        assert client.get(f"/api/node-papers/kw:hostile?{args}").status_code == 400
    assert client.get(f"/api/node-papers/{'W100'}").status_code == 400  # a paper
    assert client.get("/api/node-papers/nobody").status_code == 404
