"""explorer.algorithms.dot_products: the wanted pairs' products, dense blocks or pair by pair."""

from __future__ import annotations

import numpy as np

from explorer.algorithms import dot_products as dp


def _case(seed: int, papers: int = 400, queries: int = 30, pairs: int = 3000):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(papers, 16)).astype(np.float32)
    r = rng.choice(papers, queries, replace=False)
    rows, cols = rng.integers(0, queries, pairs), rng.integers(0, papers, pairs)
    expected = np.einsum("ij,ij->i", vectors[r[rows]].astype(np.float64),
                         vectors[cols].astype(np.float64))
    return vectors, r, rows, cols, expected


def test_products_are_the_pairs_dot_products_in_any_blocks(monkeypatch):
    for seed in range(3):
        vectors, r, rows, cols, expected = _case(seed)
        answers = []
        for block, density in ((1_000_000, 0.015), (90, 0.015), (90, 2.0), (31, 0.0)):
            monkeypatch.setattr(dp, "DOT_BLOCK", block)  # many blocks; dense or pair by pair
            monkeypatch.setattr(dp, "DOT_DENSITY", density)
            answers.append(dp.pair_dots(vectors, r, rows, cols))
        for got in answers:
            assert got.dtype == np.float64 and np.allclose(got, expected, rtol=0, atol=1e-12)


def test_a_pair_has_the_same_product_alone_or_in_a_chunk():
    vectors, r, rows, cols, _ = _case(5, pairs=500)
    whole = dp.pair_dots(vectors, r, rows, cols)
    for i in (0, 7, 499):
        alone = dp.pair_dots(vectors, r[rows[i]:rows[i] + 1], np.array([0]), cols[i:i + 1])
        assert abs(alone[0] - whole[i]) <= 1e-12
    assert dp.pair_dots(vectors, r, rows[:0], cols[:0]).tolist() == []
