"""The whole related-work index of a field in hand (no server): the links a first load
writes with its graph, their counts, the progress and the run record."""

from __future__ import annotations

import pytest

from explorer.algorithms import relatedness
from explorer.views.field_arrays import from_bulk
from explorer.views.related_index import field_index
from explorer.views.whole_index import WholeIndex
from loaders import pipeline
from loaders.bulk import BulkGraph
from tests.loaders.test_bulk import NELSON, _nelson_pages

pytestmark = pytest.mark.skipif(not NELSON.is_file(), reason=f"real data not found at {NELSON}")


def _field(tmp_path):
    planned, refused = pipeline.plan_usable([str(_nelson_pages(tmp_path))])
    assert not refused
    bulk = BulkGraph()
    bulk.add(pipeline.iter_records(planned))
    bulk.finish()
    return from_bulk(bulk)


def test_its_links_are_the_scoring_of_the_field_counted_as_they_come(tmp_path):
    field = _field(tmp_path)
    expected = [link for chunk in relatedness.related_links(
        field_index(field.by_id()), k=7) for link in chunk]
    told: list[tuple[int, int]] = []
    whole = WholeIndex(_field(tmp_path), k=7, progress=lambda done, n: told.append((done, n)))
    assert whole.run()["links"] == 0  # nothing scored yet
    links = [link for chunk in whole.chunks() for link in chunk]
    assert links == expected and len(links) > 75
    assert {link[0] for link in links} <= set(field.ids)
    assert not {link[1] for link in links} & set(field.stubs)  # stubs are never entries
    run = whole.run()
    assert (run["scope"], run["papers"], run["links"], run["k"]) == ("all", 75, len(links), 7)
    assert told[-1] == (75, 75) and [d for d, _ in told] == sorted(d for d, _ in told)
    assert run["score_seconds"] > 0 and run["seconds"] + 0.01 >= run["score_seconds"]  # rounded
    with pytest.raises(RuntimeError, match="scored already"):
        next(whole.chunks())
