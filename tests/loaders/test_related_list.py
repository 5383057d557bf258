"""loaders.related_list: a paper's index list as the properties kept on it."""

from __future__ import annotations

import json

import numpy as np

from loaders import related_list


def test_a_list_is_best_first_plain_values_and_keeps_text_as_it_is():
    links = [("W2", np.float64(0.25), np.int64(1), 0, 0, 0.0, ""),
             ("W3", 1.5, 2, np.int32(3), -1, np.float32(0.5), 'knee "cartilage"\t</script>'),
             ("W4", 0.25, 0, 1, 1, 0.125, None)]
    made = related_list.lists(links)
    assert made["related_ids"] == ["W3", "W2", "W4"]  # equal scores keep their order
    assert made["related_scores"] == [1.5, 0.25, 0.25]
    assert all(type(s) is float for s in made["related_scores"])  # no numpy value left
    entries = list(zip(*made.values(), strict=True))
    assert related_list.evidence_of(entries[0]) == {
        "cocited": 2, "coupled": 3, "cites": -1, "shared": 'knee "cartilage"\t</script>'}
    assert related_list.evidence_of(entries[2])["shared"] == ""
    # a link read from the graph gives the same evidence as the stored list
    assert related_list.evidence_of(["W3", 1.5, 2, 3, -1, 0.5, "x"])["coupled"] == 3
    assert related_list.lists(iter(())) is None


def test_lists_are_made_per_paper_from_a_chunk_of_links_one_line_each():
    chunk = [("a", "b", 1.0, 1, 0, 0, 0.0, ""), ("a", "c", 3.0, 0, 1, 0, 0.0, "a\nb\tc"),
             ("b", "a", 1.0, 1, 0, 0, 0.0, "x"), ("c", "a", 2.0, 0, 0, 1, 0.1, "")]
    made = dict(related_list.by_paper(chunk))
    assert list(made) == ["a", "b", "c"]
    lines = {paper: related_list.line(value) for paper, value in made.items()}
    assert not any("\n" in v or "\t" in v for v in lines.values())  # one line a paper
    assert json.loads(lines["a"]) == made["a"] and made["a"]["related_ids"] == ["c", "b"]
    assert json.loads(made["a"]["related_evidence"][0])[4] == "a\nb\tc"
    assert made["c"] == related_list.lists([("a", 2.0, 0, 0, 1, 0.1, "")])
    assert list(related_list.by_paper([])) == []
