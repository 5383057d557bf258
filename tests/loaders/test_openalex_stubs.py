"""Filling stubs from OpenAlex: id batches, batched lookups, the stubs asked for.
(Lookups against recorded responses are in test_openalex_api.py; the whole command
against a graph in tests/explorer/cli/test_fetch.py.)"""

from __future__ import annotations

import pytest

from cypher.access.errors import InputError
from loaders.openalex_stubs import MAX_STUBS, StubProgress, id_batches, stub_ids, works_by_ids


def test_id_batches_normalise_deduplicate_and_sort_within_a_batch():
    ids = ["https://openalex.org/W30", "w2", "W100", "W2", "https://openalex.org/works/W4"]
    assert id_batches(ids, size=2) == [["W2", "W30"], ["W4", "W100"]]
    assert id_batches([]) == []


def test_id_batches_refuse_dois_and_text_as_input_errors_and_bad_sizes():
    with pytest.raises(InputError, match="not an OpenAlex work id: 'doi:10.1000/x'"):
        id_batches(["W1", "doi:10.1000/x"])
    with pytest.raises(InputError, match="not an OpenAlex work id or DOI: 'nonsense'"):
        id_batches(["nonsense"])
    with pytest.raises(ValueError, match="between 1 and 50"):
        id_batches(["W1"], size=0)


class Client:
    """Answers ``openalex:`` filters with the works it knows."""

    def __init__(self, known: set[str]):
        self.known, self.filters = known, []

    def iter_works(self, *, filter: str):
        self.filters.append(filter)
        asked = filter.removeprefix("openalex:").split("|")
        return iter([{"id": f"https://openalex.org/{w}"} for w in asked if w in self.known])


def test_works_by_ids_asks_lazily_one_request_a_batch():
    client = Client({"W1", "W3"})
    answers = works_by_ids(client, ["W3", "W2", "W1"], batch_size=2)
    assert client.filters == []  # nothing asked before the first batch is wanted
    assert next(answers) == (["W2", "W3"], [{"id": "https://openalex.org/W3"}])
    assert list(answers) == [(["W1"], [{"id": "https://openalex.org/W1"}])]
    assert client.filters == ["openalex:W2|W3", "openalex:W1"]


def test_stub_ids_read_the_most_cited_stubs_up_to_the_limit():
    class Graph:
        def __init__(self):
            self.calls = []

        def read(self, name, **params):
            self.calls.append((name, params))
            return [{"id": "W9"}, {"id": "W4"}]

    graph = Graph()
    assert stub_ids(graph, 2) == ["W9", "W4"] and stub_ids(graph) == ["W9", "W4"]
    assert graph.calls == [("read/stub_ids", {"limit": 2}),
                           ("read/stub_ids", {"limit": MAX_STUBS})]


def test_progress_counts_what_was_not_found():
    assert StubProgress(wanted=10, asked=6, resolved=4).not_found == 2
