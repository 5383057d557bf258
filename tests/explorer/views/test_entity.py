"""explorer.views.entity: a node's page data, and its papers page by page."""

from __future__ import annotations

import pytest

from cypher.access.errors import InputError, NotFound
from explorer.views import entity
from loaders.records import Author, Institution, PaperRecord, Topic
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server


@pytest.fixture
def prolific(empty_graph):
    """A person (at one institution, on one topic) with 130 papers."""
    uni = Institution("I1", "University of Tromsø")
    ada = Author("A1", "Ada Lovelace", institutions=(uni,))
    topic = Topic("T1", "Cartilage repair", level=3)
    records = [PaperRecord(id=f"p{i:03d}", source="test", title=f"Trial {i}", year=1990 + i % 30,
                           authors=(ada,), topics=(topic,), file="tests", line=i,
                           references=(f"p{i - 1:03d}",) if i % 3 and i else ())
               for i in range(130)]
    GraphWriter(empty_graph).write(records)
    return empty_graph


@pytest.mark.parametrize("node_id", ["A1", "T1", "I1"])
def test_every_paper_is_reached_page_by_page(prolific, node_id):
    details = entity.node_details(prolific, node_id)
    assert len(details["papers"]) == entity.DETAIL_LIMIT and details["papers_more"]
    seen = [p["id"] for p in details["papers"]]
    while True:
        page = entity.node_papers(prolific, node_id, offset=len(seen), limit=37)
        assert len(page["papers"]) <= 37
        seen += [p["id"] for p in page["papers"]]
        if not page["more"]:
            break
    assert len(seen) == len(set(seen)) == 130


def test_a_few_papers_say_there_are_no_more(prolific):
    page = entity.node_papers(prolific, "A1", offset=125, limit=50)
    assert len(page["papers"]) == 5 and page["more"] is False


@pytest.mark.parametrize("offset,limit", [(-1, 10), (0, 0), (0, entity.PAPERS_PAGE_MAX + 1)])
def test_pages_are_bounded(prolific, offset, limit):
    with pytest.raises(InputError):
        entity.node_papers(prolific, "A1", offset=offset, limit=limit)


def test_a_paper_has_no_papers_page_and_unknown_ids_are_not_found(prolific):
    with pytest.raises(InputError):
        entity.node_papers(prolific, "p001")
    with pytest.raises(NotFound):
        entity.node_papers(prolific, "nobody")
