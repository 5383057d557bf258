"""Pure helpers of the OpenAlex client: work ids, Retry-After, user agent, filters."""

from __future__ import annotations

import pytest

from cypher.access.errors import InputError
from loaders.openalex_http import (
    _batched,
    _filter_text,
    _user_agent,
    normalize_work_id,
    parse_retry_after,
    short_id,
)


@pytest.mark.parametrize("raw, key", [
    ("W3045921891", "W3045921891"), (" https://openalex.org/w1 ", "W1"),
    ("https://api.openalex.org/works/W22", "W22"), ("10.1000/ABC", "doi:10.1000/abc"),
    ("doi:10.1000/x", "doi:10.1000/x"), ("https://dx.doi.org/10.5555/Y", "doi:10.5555/y")])
def test_normalize_work_id(raw, key):
    assert normalize_work_id(raw) == key


@pytest.mark.parametrize("raw", ["A5023888391", "openalex", "10.1/x", ""])
def test_what_is_no_work_id_or_doi_is_an_input_error(raw):
    with pytest.raises(InputError, match="not an OpenAlex work id or DOI"):
        normalize_work_id(raw)


def test_short_id_and_batches():
    assert short_id({"id": "https://openalex.org/W7"}) == "W7" and short_id({"id": "W8"}) == "W8"
    assert list(_batched(["a", "b", "c"], 2)) == [["a", "b"], ["c"]]


def test_retry_after_in_seconds_or_as_a_date():
    assert parse_retry_after(" 3 ") == 3.0 and parse_retry_after("-5") == 0.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412490.0) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_user_agent_names_the_product_and_the_contact():
    agent = _user_agent("me@example.org")
    assert agent.startswith("research-graph-explorer/") and agent.endswith(
        "(+python-urllib; mailto:me@example.org)")
    assert "mailto" not in _user_agent(None)


def test_filters_as_mappings_become_filter_text():
    assert _filter_text({"cites": "W1|W2", "type": "article"}) == "cites:W1|W2,type:article"
    assert _filter_text("openalex:W1") == "openalex:W1" and _filter_text(None) is None
