"""explorer.algorithms.sparse_rows: each row's best entries and entries by place, against loops."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from explorer.algorithms import sparse_rows as sr


def _random(seed: int, shape=(30, 25), density=0.4) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    m = sp.random(*shape, density=density, random_state=seed, format="csr")
    m.data = rng.choice([-0.5, 0.25, 0.5, 1.0, 2.0], len(m.data))  # ties and negatives
    return m


def test_best_entries_are_each_rows_largest_positive_values_ties_by_column():
    for seed in range(5):
        m = _random(seed)
        for count in (1, 3, 8, 30):
            rows, cols, vals = sr.best_entries(m, count)
            dense = m.toarray()
            expected = [(r, c, dense[r, c]) for r in range(m.shape[0])
                        for _, c in sorted((-dense[r, c], c) for c in range(m.shape[1])
                                           if dense[r, c] > 0)[:count]]
            assert list(zip(rows.tolist(), cols.tolist(), vals.tolist(), strict=True)) == \
                expected


def test_top_rows_are_max_normalised():
    m = _random(7)
    top = sr.top_rows(m, 4).toarray()
    assert (np.count_nonzero(top, axis=1) <= 4).all()
    filled = top.max(axis=1) > 0
    assert np.allclose(top.max(axis=1)[filled], 1.0) and filled.sum() > 20


def test_values_at_reads_stored_entries_and_zero_elsewhere():
    m = _random(3)
    dense = m.toarray()
    rng = np.random.default_rng(1)
    rows, cols = rng.integers(0, 30, 200), rng.integers(0, 25, 200)
    assert sr.values_at(m, rows, cols, integer=False).tolist() == dense[rows, cols].tolist()
    assert sr.values_at(m * 4, rows, cols).tolist() == (dense[rows, cols] * 4).astype(int).tolist()
    assert sr.values_at(sp.csr_matrix((3, 3)), np.array([1]), np.array([2])).tolist() == [0]


def test_within_reach_keeps_what_an_addition_up_to_the_margin_can_bring_into_the_best():
    rng = np.random.default_rng(4)
    for seed in range(5):
        m = _random(seed, density=0.6)
        m.data = np.abs(m.data) + rng.random(len(m.data))  # positive, few ties
        for count, margin in ((1, 0.0), (3, 0.3), (8, 1.0), (40, 0.5)):
            near = sr.within_reach(m, count, margin)
            dense, kept = m.toarray(), near.toarray()
            for r in range(m.shape[0]):
                row = dense[r][dense[r] > 0]
                floor = np.sort(row)[-count] - margin if len(row) > count else -np.inf
                assert sorted(kept[r][kept[r] > 0]) == sorted(row[row >= floor])
            assert near.nnz < m.nnz or count == 40  # something dropped but for wide pools
            # whatever is added (0 to margin), the best `count` are found among those kept
            extra = sp.csr_matrix((rng.random(m.nnz) * margin, m.indices, m.indptr),
                                  shape=m.shape)
            raised = (m + extra).toarray()
            raised_kept = np.where(kept > 0, raised, 0)
            assert np.array_equal(sr.top_rows(sp.csr_matrix(raised), count).toarray(),
                                  sr.top_rows(sp.csr_matrix(raised_kept), count).toarray())
