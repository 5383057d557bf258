"""loaders.related_list: a paper's index list as the JSON kept on it."""

from __future__ import annotations

import json

import numpy as np

from loaders import related_list


def test_a_list_is_best_first_plain_json_and_keeps_text_as_it_is():
    links = [("W2", np.float64(0.25), np.int64(1), 0, 0, 0.0, ""),
             ("W3", 1.5, 2, np.int32(3), -1, np.float32(0.5), 'knee "cartilage"\t</script>'),
             ("W4", 0.25, 0, 1, 1, 0.125, None)]
    value = related_list.list_json(links)
    assert "\n" not in value and "\t" not in value  # one line of the import's list file
    entries = related_list.entries(value)
    assert [e[0] for e in entries] == ["W3", "W2", "W4"]  # equal scores keep their order
    assert entries[0] == ["W3", 1.5, 2, 3, -1, 0.5, 'knee "cartilage"\t</script>']
    assert entries[2][6] == "" and json.loads(value) == entries
    assert related_list.entries(None) == [] and related_list.list_json(iter(())) is None


def test_lists_are_made_per_paper_from_a_chunk_of_links():
    chunk = [("a", "b", 1.0, 1, 0, 0, 0.0, ""), ("a", "c", 3.0, 0, 1, 0, 0.0, ""),
             ("b", "a", 1.0, 1, 0, 0, 0.0, "x"), ("c", "a", 2.0, 0, 0, 1, 0.1, "")]
    made = dict(related_list.by_paper(chunk))
    assert list(made) == ["a", "b", "c"]
    assert [e[0] for e in related_list.entries(made["a"])] == ["c", "b"]
    assert related_list.entries(made["c"]) == [["a", 2.0, 0, 0, 1, 0.1, ""]]
    assert list(related_list.by_paper([])) == []
