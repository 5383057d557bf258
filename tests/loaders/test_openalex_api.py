"""OpenAlexClient against recorded OpenAlex responses (replay server) and a synthetic API."""

from __future__ import annotations

import io
import json
import urllib.request
from email.message import Message
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest

from loaders.openalex_api import NoSuchWork, OpenAlexClient, OpenAlexError, short_id
from loaders.openalex_stubs import works_by_ids
from tests.loaders.replay_server import RESPONSES_DIR, ReplayServer, load_manifest, read_response

SEEDS_FILE = "responses/oa_snowball.02.json.gz"


@pytest.fixture
def replay():
    with ReplayServer() as server:
        yield server


def make_client(server: ReplayServer, **kwargs) -> OpenAlexClient:
    """A client for the replay server that bypasses any proxy from the environment."""
    kwargs.setdefault("sleep", lambda s: pytest.fail(f"unexpected sleep {s}"))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return OpenAlexClient(server.base_url, opener=opener, **kwargs)


def manifest_entry(file: str) -> dict:
    return next(e for e in load_manifest() if e["file"] == file)


def recorded_ids(file: str) -> list[str]:
    return [short_id(w) for w in read_response(RESPONSES_DIR.parent / file)["results"]]


def sent_params(server: ReplayServer, index: int = -1) -> dict[str, list[str]]:
    return parse_qs(urlsplit(server.requests[index][0]).query)


# -- single works ------------------------------------------------------------------


def test_get_work_by_id_url_and_doi(replay):
    client = make_client(replay)
    work = client.get_work("https://openalex.org/W3046863325")
    assert short_id(work) == "W3046863325"
    assert client.get_work(work["doi"])["id"] == work["id"]
    paths = [p for p, _ in replay.requests]
    assert paths == ["/works/W3046863325", "/works/doi:" + work["doi"][16:].lower()]
    assert replay.requests[0][1]["User-Agent"].startswith("research-graph-explorer/")


def test_missing_work_is_a_clear_error(replay):
    client = make_client(replay, api_key="s3cret")
    with pytest.raises(NoSuchWork, match="no such work: W1") as info:
        client.get_work("W1")
    assert info.value.status == 404
    assert info.value.url.endswith("/works/W1")
    assert "s3cret" not in str(info.value)
    with pytest.raises(ValueError):
        client.get_work("not an id")


def test_recorded_400_is_not_retried(replay):
    client = make_client(replay)
    with pytest.raises(OpenAlexError, match="DOESNTEXIST is not a valid field") as info:
        client.get_json("/works", [("filter", "DOESNTEXIST:1")])
    assert info.value.status == 400
    assert replay.request_count == 1


# -- cursor paging -----------------------------------------------------------------


def test_search_page_matches_recorded_url(replay):
    entry = manifest_entry("responses/search_biodiversity_AND_finance.01.json.gz")
    recorded_filter = dict(parse_qsl(urlsplit(entry["request_uri"]).query))["filter"]
    works = list(make_client(replay).iter_works(filter=recorded_filter, max_results=200))
    assert [short_id(w) for w in works] == recorded_ids(entry["file"])
    assert replay.request_count == 1  # max_results reached: page 2 (not recorded) never asked


def test_cursor_follows_recorded_next_cursor_to_the_end(replay):
    first = read_response(RESPONSES_DIR.parent / "responses/pro_snowball.03.json.gz")
    ids = "|".join(recorded_ids(SEEDS_FILE)[::-1])
    works = list(make_client(replay).iter_works(filter=f"openalex:{ids}", stop_at_count=False))
    assert {short_id(w) for w in works} == set(ids.split("|"))
    assert [sent_params(replay, i)["cursor"] for i in (0, 1)] == [
        ["*"],
        [first["meta"]["next_cursor"]],
    ]
    assert replay.request_count == 2  # page 2 (pro_snowball.05) is empty, next_cursor null


def test_cursor_stops_at_count_without_the_empty_page(replay):
    ids = "|".join(recorded_ids(SEEDS_FILE)[::-1])
    works = list(make_client(replay).iter_works(filter=f"openalex:{ids}"))
    assert len(works) == 2 and replay.request_count == 1


class FakeOpenAlex:
    """An opener answering /works filters (openalex, cites, cited_by) over synthetic works."""

    def __init__(self, refs: dict[str, list[str]]):
        self.refs = refs
        self.urls: list[str] = []

    def work(self, wid: str) -> dict:
        refs = [f"https://openalex.org/{r}" for r in self.refs[wid]]
        return {"id": f"https://openalex.org/{wid}", "referenced_works": refs}

    def select(self, filter_text: str) -> list[str]:
        kind, _, ids = filter_text.partition(":")
        ids = ids.split("|")
        assert len(ids) <= 50, "batches of at most 50 ids"
        if kind == "openalex":
            return [w for w in ids if w in self.refs]
        if kind == "cited_by":
            return list(dict.fromkeys(r for w in ids for r in self.refs.get(w, [])))
        assert kind == "cites", kind
        return [w for w, refs in self.refs.items() if set(refs) & set(ids)]

    def open(self, request, timeout=None):
        self.urls.append(request.full_url)
        params = dict(parse_qsl(urlsplit(request.full_url).query))
        matches = self.select(params["filter"])
        start = 0 if params["cursor"] == "*" else int(params["cursor"])
        end = start + int(params["per-page"])
        page = {
            "meta": {"count": len(matches), "next_cursor": str(end) if matches else None},
            "results": [self.work(w) for w in matches[start:end]],
        }
        response = io.BytesIO(json.dumps(page).encode())
        response.status, response.headers = 200, Message()
        return response


def chain_graph(n: int) -> dict[str, list[str]]:
    """W1 cites W2 cites W3 …; plus W1000+k citing W1 for k < 450 (a large citer set)."""
    refs = {f"W{i}": [f"W{i + 1}"] if i < n else [] for i in range(1, n + 1)}
    refs.update({f"W{1000 + k}": ["W1"] for k in range(450)})
    return refs


def test_cursor_paging_over_three_pages():
    fake = FakeOpenAlex(chain_graph(3))
    client = OpenAlexClient("http://fake", opener=fake)
    works = list(client.iter_works(filter="cites:W1"))
    assert len(works) == len({short_id(w) for w in works}) == 450
    assert [dict(parse_qsl(urlsplit(u).query))["cursor"] for u in fake.urls] == ["*", "200", "400"]
    fake.urls.clear()
    assert len(list(client.iter_works(filter="cites:W1", max_results=250))) == 250
    assert len(fake.urls) == 2


# -- snowball ----------------------------------------------------------------------


def test_snowball_equals_union_of_recorded_responses(replay):
    seed_filter = dict(parse_qsl(urlsplit(manifest_entry(SEEDS_FILE)["request_uri"]).query))
    seeds = seed_filter["filter"].removeprefix("openalex:").split("|")
    expected = set()
    for name in ("oa_snowball.02", "oa_snowball.04", "oa_snowball.06"):
        expected |= set(recorded_ids(f"responses/{name}.json.gz"))
    works = make_client(replay).snowball(seeds, depth=1)
    got = [short_id(w) for w in works]
    assert len(got) == len(set(got)) and set(got) == expected and len(expected) == 45
    assert replay.request_count == 3
    filters = sorted(sent_params(replay, i)["filter"][0].split(":")[0] for i in range(3))
    assert filters == ["cited_by", "cites", "openalex"]


def test_snowball_is_breadth_first_and_capped():
    refs = chain_graph(5)
    client = OpenAlexClient("http://fake", opener=FakeOpenAlex(refs))
    ids = lambda works: {short_id(w) for w in works}  # noqa: E731
    assert ids(client.snowball(["W3"], depth=0)) == {"W3"}
    assert ids(client.snowball(["W3"], depth=1)) == {"W2", "W3", "W4"}
    assert ids(client.snowball(["W3"], depth=2)) == {"W1", "W2", "W3", "W4", "W5"}
    capped = client.snowball(["W3"], depth=3, max_works=4)
    assert [short_id(w) for w in capped][:3] == ["W3", "W4", "W2"] and len(capped) == 4
    with pytest.raises(NoSuchWork):
        client.snowball(["W999999"])


def test_snowball_expands_each_work_once():
    fake = FakeOpenAlex(chain_graph(5))
    works = OpenAlexClient("http://fake", opener=fake).snowball(["W3"], depth=4)
    assert len(works) == 5 + 450
    for relation in ("cited_by", "cites"):
        queried = []
        for url in fake.urls:
            params = dict(parse_qsl(urlsplit(url).query))
            kind, _, ids = params["filter"].partition(":")
            if kind == relation and params["cursor"] == "*":  # later pages repeat the filter
                queried += ids.split("|")
        assert len(queried) == len(set(queried)), relation


def test_snowball_batches_ids_by_fifty():
    refs = {f"W{i}": [] for i in range(1, 121)}
    fake = FakeOpenAlex(refs)
    works = OpenAlexClient("http://fake", opener=fake).snowball(list(refs), depth=0)
    assert len(works) == 120
    assert len(fake.urls) == 3  # 50 + 50 + 20; FakeOpenAlex fails any larger batch


# -- retries -----------------------------------------------------------------------


def test_retry_429_honours_retry_after(replay):
    waits: list[float] = []
    replay.fail_next(2, status=429, retry_after="3")
    work = make_client(replay, sleep=waits.append).get_work("W3045921891")
    assert short_id(work) == "W3045921891"
    assert waits == [3.0, 3.0] and replay.request_count == 3


def test_retry_503_backs_off_exponentially(replay):
    waits: list[float] = []
    replay.fail_next(3, status=503)
    make_client(replay, sleep=waits.append, backoff=0.5).get_work("W3045921891")
    assert waits == [0.5, 1.0, 2.0] and replay.request_count == 4


def test_retries_exhausted_raise_with_status(replay):
    waits: list[float] = []
    replay.fail_next(10, status=503, retry_after="1")
    client = make_client(replay, sleep=waits.append, max_retries=2)
    with pytest.raises(OpenAlexError, match="gave up after 3 attempts") as info:
        client.get_work("W3045921891")
    assert info.value.status == 503 and waits == [1.0, 1.0] and replay.request_count == 3


def test_too_long_retry_after_fails_fast(replay):
    replay.fail_next(1, status=429, retry_after="86400")
    with pytest.raises(OpenAlexError, match="asks to wait") as info:
        make_client(replay).get_work("W3045921891")
    assert info.value.status == 429 and replay.request_count == 1


# -- cache and credentials ---------------------------------------------------------


def test_cache_second_run_makes_no_requests(replay, tmp_path):
    seeds = recorded_ids(SEEDS_FILE)[::-1]
    first = make_client(replay, cache_dir=tmp_path).snowball(seeds)
    assert replay.request_count == 3
    second_client = make_client(replay, cache_dir=tmp_path)
    second = second_client.snowball(seeds)
    assert second == first and replay.request_count == 3 and second_client.requests_made == 0


def test_credentials_sent_but_not_in_cache_key(replay, tmp_path):
    client = make_client(replay, cache_dir=tmp_path, mailto="me@example.org", api_key="s3cret")
    client.get_work("W3045921891")
    assert sent_params(replay) == {"mailto": ["me@example.org"], "api_key": ["s3cret"]}
    assert "mailto:me@example.org" in replay.requests[-1][1]["User-Agent"]
    (entry,) = tmp_path.glob("*.json")
    text = entry.read_text()
    assert "s3cret" not in text and "me@example.org" not in text
    assert json.loads(text)["url"] == f"{replay.base_url}/works/W3045921891"
    key = client.cache_key("/works", [("filter", "cites:W1"), ("api_key", "k"), ("mailto", "m")])
    assert key == f"{replay.base_url}/works?filter=cites%3AW1"
    other = make_client(replay, cache_dir=tmp_path, api_key="another-key")
    assert short_id(other.get_work("W3045921891")) == "W3045921891"
    assert replay.request_count == 1


# -- batched id lookups (filling stubs) ----------------------------------------------


def test_works_by_ids_asks_the_recorded_batch(replay):
    wanted = recorded_ids(SEEDS_FILE)
    client = make_client(replay, mailto="me@example.org")
    answers = list(works_by_ids(client, ["https://openalex.org/" + w for w in wanted[::-1]]))
    assert [batch for batch, _ in answers] == [sorted(wanted)]
    assert {short_id(w) for w in answers[0][1]} == set(wanted)
    assert replay.request_count == 1
    params = sent_params(replay)
    assert params["filter"] == ["openalex:" + "|".join(sorted(wanted))]
    assert params["mailto"] == ["me@example.org"] and params["per-page"] == ["200"]


def test_works_by_ids_sends_at_most_fifty_ids_a_request():
    refs = {f"W{i}": [] for i in range(1, 131)}
    fake = FakeOpenAlex(refs)
    client = OpenAlexClient("http://fake", opener=fake)
    asked = [f"W{i}" for i in range(1, 131)] + ["W7", "W999"]  # a repeat and an unknown id
    answers = list(works_by_ids(client, asked))
    assert [len(batch) for batch, _ in answers] == [50, 50, 31]
    assert len(fake.urls) == 3
    found = [short_id(w) for _, works in answers for w in works]
    assert len(found) == len(set(found)) == 130 and "W999" not in found
    with pytest.raises(ValueError, match="between 1 and 50"):
        list(works_by_ids(client, ["W1"], batch_size=51))
    with pytest.raises(ValueError, match="not an OpenAlex work id"):
        list(works_by_ids(client, ["doi:10.1/x"]))
