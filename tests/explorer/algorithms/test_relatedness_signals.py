"""explorer.algorithms.relatedness_signals: the index built from pairs or from arrays."""

from __future__ import annotations

import os

import numpy as np

from explorer.algorithms import relatedness_signals as signals
from explorer.algorithms.relatedness_signals import build_index, build_index_arrays, hub_cut

PAPERS = ["a", "b", "c", "d"]
CITES = [("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("a", "x"), ("b", "x"), ("b", "y"),
         ("d", "d"), ("c", "a")]
TEXTS = {"a": ("knee cartilage repair", None), "b": ("cartilage repair trial", None)}


def test_arrays_give_the_same_matrices_as_pairs():
    by_pairs = build_index(PAPERS, CITES, texts=TEXTS)
    # positions: papers 0..3, then the stubs x=4, y=5; a repeat and a self-citation kept
    citing = np.array([2, 2, 3, 3, 0, 1, 1, 3, 2])
    cited = np.array([0, 1, 0, 1, 4, 4, 5, 3, 0])
    by_arrays = build_index_arrays(PAPERS, citing, cited, 2,
                                   texts=[TEXTS.get(p, (None, None)) for p in PAPERS])
    for name in ("refs", "citers", "cited_by", "links", "rare", "text"):
        left, right = getattr(by_pairs, name), getattr(by_arrays, name)
        assert left.shape == right.shape, name
        assert abs(left - right).sum() < 1e-12, name
    assert by_arrays.refs.sum() == 7  # the repeat counts once, the self-citation not at all


def test_the_hub_cut_shrinks_only_for_large_fields():
    assert hub_cut(6_000) == hub_cut(100_000) == 2000
    assert hub_cut(1_000_000) == 200 < hub_cut(200_000) < 2000
    assert build_index(PAPERS, CITES).refs.shape == (4, 6)


def test_a_regions_papers_cited_more_often_in_the_field_are_its_hubs():
    """c and d share the reference a: coupled in the region, unless the field's count
    of a's citers (here 5) makes a a hub (cut 3), as a whole build would."""
    region = build_index(PAPERS, CITES, max_degree=3)
    field = build_index(PAPERS, CITES, max_degree=3, cited_counts={"a": 5})
    c, d, a = 2, 3, 0
    assert (region.links[c] @ region.links[d].T).sum() > 0
    assert field.links[:, a].nnz == 0 and region.links[:, a].nnz == 2
    assert (field.links[c] @ field.links[d].T).sum() == \
        (region.links[c] @ region.links[d].T).sum() - (region.links[c, a] * region.links[d, a])
    # counts the region's own citations exceed change nothing
    same = build_index(PAPERS, CITES, max_degree=3, cited_counts={"a": 1, "b": 0})
    assert abs(same.links - region.links).sum() == 0


def test_references_by_paper_give_the_positions_the_pairs_give():
    refs = {"a": ["x"], "b": ["x", "y"], "c": ["a", "b", "a"], "d": ["a", "b", "d"]}
    citing, cited, stubs = signals.citation_positions(
        PAPERS, [r for p in PAPERS for r in refs[p]], [len(refs[p]) for p in PAPERS])
    by_refs = build_index_arrays(PAPERS, citing, cited, stubs,
                                 texts=[TEXTS.get(p, (None, None)) for p in PAPERS])
    by_pairs = build_index(PAPERS, CITES, texts=TEXTS)
    assert stubs == 2
    for name in ("refs", "citers", "cited_by", "links", "rare", "text"):
        assert abs(getattr(by_pairs, name) - getattr(by_refs, name)).sum() < 1e-12, name


def test_the_text_made_in_a_forked_process_is_the_text_made_here(monkeypatch):
    texts = [(f"knee cartilage repair {w}", "a trial of {w} in sport") for w in
             ("graft", "stem", "cell", "scaffold", "meniscus", "ligament")] * 5
    here = signals.text_parts(texts, lsa_dims=4)
    monkeypatch.setattr(signals, "APART_FROM", 1)
    pids = []
    monkeypatch.setattr(signals, "text_parts", lambda t, **o: (pids.append(os.getpid()),
                                                               here)[1])
    assert signals.start_text_parts(texts, lsa_dims=4)() is not here  # pickled back
    assert pids == []  # the call ran in the forked process, not in this one
    monkeypatch.undo()
    monkeypatch.setattr(signals, "APART_FROM", 1)
    there = signals.start_text_parts(texts, lsa_dims=4)()
    assert abs(here[0] - there[0]).sum() == 0 and here[0].nnz > 0
    assert list(here[1]) == list(there[1])
    assert np.array_equal(here[2], there[2])
