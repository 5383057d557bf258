"""loaders.related_lists: a paper's related-work list as one node's text."""

from __future__ import annotations

import json

from loaders.related_lists import ENTRY, links_text, list_rows, read_links


def test_a_list_round_trips_awkward_words_and_exact_numbers():
    entries = [["W1", 0.123456, 7, 0, -1, 'knee, "cartilage"; ü\\n'],
               ["a,b:c", 3.5e-06, 0, 12, 1, ""]]
    text = links_text(entries)
    assert read_links(text) == entries
    assert "\n" not in text  # one line: a CSV cell of the bulk files needs no multiline
    assert read_links(None) == [] and read_links("[]") == []
    assert len(entries[0]) == len(ENTRY)


def test_list_rows_give_one_row_a_paper_in_the_order_scored():
    links = [("a", "b", 0.9, 2, 0, 0, 0.4, "knee"), ("a", "c", 0.5, 0, 3, 1, 0.0, ""),
             ("d", "a", 0.7, 1, 1, -1, 0.2, "repair")]
    rows = list(list_rows(links))
    assert [row["id"] for row in rows] == ["a", "d"]
    assert json.loads(rows[0]["links"]) == [["b", 0.9, 2, 0, 0, "knee"], ["c", 0.5, 0, 3, 1, ""]]
    assert read_links(rows[1]["links"]) == [["a", 0.7, 1, 1, -1, "repair"]]  # no text score
    assert list(list_rows([])) == []
