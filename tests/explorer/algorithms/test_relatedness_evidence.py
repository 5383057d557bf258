"""explorer.algorithms.relatedness_evidence: vectorised evidence equals the pair-by-pair one."""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from explorer.algorithms import relatedness as rel
from explorer.algorithms import relatedness_evidence as re_
from explorer.algorithms.sparse_rows import best_entries

WORDS = ("knee cartilage stem cell therapy trial cohort graph citation network model survey "
         "hormone menopause cancer review outcome protein signal layout").split()


def small_field(n: int = 120, seed: int = 3) -> dict:
    """A random field: citations among papers and to stubs, titles, venues, authors, topics."""
    rng = np.random.default_rng(seed)
    ids = [f"p{i}" for i in range(n)]
    cites = [(ids[i], ids[j] if rng.random() < 0.7 else f"x{j % 15}")
             for i in range(n) for j in rng.integers(0, n, rng.integers(0, 8)) if i != j]
    cites += [(ids[0], ids[1]), (ids[1], ids[0])]  # a mutual pair
    texts = {p: (" ".join(rng.choice(WORDS, rng.integers(2, 7))),
                 " ".join(rng.choice(WORDS, rng.integers(0, 12))) or None)
             for p in ids if rng.random() < 0.9}
    venues = {p: f"v{rng.integers(6)}" for p in ids}
    authors = {p: [f"a{x}" for x in rng.integers(0, 30, 2)] for p in ids}
    concepts = {p: [(f"c{x}", float(rng.random())) for x in rng.integers(0, 10, 3)] for p in ids}
    return dict(papers=ids, citations=cites, texts=texts, venues=venues, authors=authors,
                concepts=concepts)


def reference_evidence(ix, i: int, j: int, terms: int = 5) -> dict:
    """The evidence as it was computed pair by pair before vectorising (dense rows)."""
    refs, cited_by, text = (m.toarray() for m in (ix.refs, ix.cited_by, ix.text))
    out_, in_ = refs[i, j] != 0, refs[j, i] != 0
    t = float(text[i] @ text[j])
    ev = {"cocited": int(((cited_by[i] != 0) & (cited_by[j] != 0)).sum()),
          "coupled": int(((refs[i] != 0) & (refs[j] != 0)).sum()),
          "cites": 2 if out_ and in_ else 1 if out_ else -1 if in_ else 0,
          "text": round(t, 4), "lsa": round(max(float(ix.lsa[i] @ ix.lsa[j]), 0.0), 4)}
    for name, bag in ix.bags.items():
        b = bag.toarray()
        ev[name] = round(float(b[i] @ b[j]), 4)
    prod = text[i] * text[j]
    top = prod.max()  # products within 2 ** -40 of the largest of each other are tied
    order = sorted((math.floor((1 - v / top) * 2 ** 40), str(ix.terms[c]))
                   for c, v in enumerate(prod) if v > 0)
    ev["terms"] = [w for _, w in order[:terms]] if t > 0 else []
    return ev


def test_pair_evidence_equals_the_pair_by_pair_evidence():
    ix = rel.build_index(**small_field())
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(ix.ids), 400), rng.integers(0, len(ix.ids), 400)
    i[:2], j[:2] = [0, 1], [1, 0]
    batch = re_.pair_evidence(ix, i, j)
    assert batch == [reference_evidence(ix, a, b) for a, b in zip(i, j, strict=True)]
    assert batch[0]["cites"] == batch[1]["cites"] == 2
    assert re_.evidence(ix, int(i[5]), int(j[5])) == batch[5]
    assert re_.pair_evidence(ix, [], []) == []
    assert [len(e["terms"]) for e in re_.pair_evidence(ix, i, j, terms=2)] == \
        [min(2, len(e["terms"])) for e in batch]


def test_listing_evidence_equals_the_pair_by_pair_evidence():
    ix = rel.build_index(**small_field())
    rows = list(rel.related_papers(None, (), index=ix, k=8))
    assert len(rows) > 100
    for p, q, _, ev in rows:
        expected = reference_evidence(ix, ix.position[p], ix.position[q])
        assert {k: v for k, v in ev.items() if k != "via"} == expected


def test_overlap_batches_do_not_change_the_answer():
    m = sp.random(50, 40, density=0.3, random_state=1, format="csr")
    i, j = np.arange(50), np.arange(50)[::-1]
    whole = re_.pair_products(m, i, m, j)
    small = re_.pair_products(m, i, m, j, limit=5)
    assert all(np.array_equal(a, b) for a, b in zip(whole, small, strict=True))
    dense = m.toarray()
    expected = [(p, c, dense[a, c] * dense[b, c]) for p, (a, b) in enumerate(zip(i, j, strict=True))
                for c in range(40) if dense[a, c] * dense[b, c] != 0]
    assert [(int(p), int(c), float(v)) for p, c, v in zip(*whole, strict=True)] == expected
    counts = re_.pair_counts(m, i, m, j)
    assert counts.tolist() == [int(((dense[a] != 0) & (dense[b] != 0)).sum())
                               for a, b in zip(i, j, strict=True)]


def test_cocitation_counts_are_the_same_in_any_batches_and_order(monkeypatch):
    """Cocitations come from one sparse product a batch of first papers: cut down to a
    few references a batch, with the pairs shuffled and repeated, every count is the
    dense one, a hub cited by most papers included."""
    field = small_field(n=150, seed=7)
    hub = field["papers"][4]
    field["citations"] += [(p, hub) for p in field["papers"][10:]]
    ix = rel.build_index(**field)
    cited_by = ix.cited_by.toarray() != 0
    rng = np.random.default_rng(2)
    i, j = rng.integers(0, 150, 600), rng.integers(0, 150, 600)
    i[:3], j[:3] = 4, [4, 9, 4]
    dense = [int((cited_by[a] & cited_by[b]).sum()) for a, b in zip(i, j, strict=True)]
    assert max(dense) > 50 and re_._cocited(ix, i, j).tolist() == dense
    monkeypatch.setattr(re_, "BATCH_ENTRIES", 7)
    assert re_._cocited(ix, i, j).tolist() == dense
    assert re_._cocited(ix, i[:0], j[:0]).tolist() == []


def test_cocitations_from_either_product_are_the_dense_counts():
    """A batch takes the cheaper product: its first papers' citers' references when those
    are fewer than its partners' citers (first papers cited a few times, partners
    often), else their citers against their partners' (much-cited first papers). Both
    give the dense counts."""
    field = small_field(n=150, seed=7)
    hubs = field["papers"][4:7]
    field["citations"] += [(p, h) for p in field["papers"][10:] for h in hubs]
    ix = rel.build_index(**field)
    cited_by = ix.cited_by.toarray() != 0
    work, cited = re_._citers_references(ix), cited_by.sum(axis=1)
    few = np.flatnonzero((cited > 0) & (cited <= 3))[:8]
    for i, j in ((np.repeat(few, 3), np.tile([4, 5, 6], len(few))),  # few citers, hubs
                 (np.tile([4, 5, 6], len(few)), np.repeat(few, 3))):  # hubs, few citers
        path_of_references = work[np.unique(i)].sum() <= cited[np.unique(j)].sum()
        assert path_of_references == (i[0] != 4)  # each branch taken once
        dense = [int((cited_by[a] & cited_by[b]).sum()) for a, b in zip(i, j, strict=True)]
        assert min(dense) < max(dense) and re_._cocited(ix, i, j).tolist() == dense


def _signals_link(signals: dict, i: int, j: int, weights: dict) -> bool:
    """Whether some positively weighed signal other than LSA is positive for the pair,
    from the full signal matrices of every paper (as ``weighted`` sees them)."""
    return any(signals[name][i, j] > 0 for name, w in weights.items() if w > 0 and name != "lsa")


def test_pair_support_equals_the_signals_whatever_the_row_lengths(monkeypatch):
    """The shorter row of each pair is looked up among the other's (a hub's long rows
    cost nothing): the same answer as the signals, pair by pair, for each weight set,
    with the batches cut down to a few entries."""
    field = small_field(n=160, seed=5)
    hub = field["papers"][7]  # cited by most papers: a long row of citers
    field["citations"] += [(p, hub) for p in field["papers"][::2] if p != hub]
    ix = rel.build_index(**field)
    rng = np.random.default_rng(2)
    i, j = rng.integers(0, len(ix.ids), 600), rng.integers(0, len(ix.ids), 600)
    i[:40] = ix.position[hub]
    keep = i != j
    i, j = i[keep], j[keep]
    weight_sets = [rel.DEFAULT_WEIGHTS, {"cocited": 1.0}, {"coupled_rare": 1.0},
                   {"direct": 1.0, "venue": 1.0}, {"authors": 1.0, "concepts": 1.0}]
    signals = {name: m.toarray() for name, m in
               rel.signal_matrices(ix, range(len(ix.ids)), normalise=False).items()}
    for weights in weight_sets:
        expected = [_signals_link(signals, int(a), int(b), weights)
                    for a, b in zip(i, j, strict=True)]
        assert re_.pair_support(ix, i, j, weights).tolist() == expected, weights
        assert any(expected) and not all(expected), weights
    monkeypatch.setattr(re_, "BATCH_ENTRIES", 7)
    fresh = rel.build_index(**field)
    re_.prepare(fresh, rel.DEFAULT_WEIGHTS)  # the keys made before any search
    assert re_.pair_support(fresh, i, j, rel.DEFAULT_WEIGHTS).tolist() == \
        re_.pair_support(ix, i, j, rel.DEFAULT_WEIGHTS).tolist()


def test_the_second_order_gate_equals_masking_with_the_signals(monkeypatch):
    """The listing keeps each row's best second-order entries that some weighed signal
    other than LSA links, testing its first entries pair by pair, then more, then
    recomputing the row's signals: whatever the widths tested, the rows masked with
    their signals."""
    ix = rel.build_index(**small_field(n=150, seed=11))
    rows = np.arange(len(ix.ids))
    table = rel.first_order(ix, rows, pool=12)
    first = table[rows]
    scores = rel.second_order(first, table, rows, expand=8.0)
    others = {name: w for name, w in rel.DEFAULT_WEIGHTS.items() if name != "lsa"}
    masked = rel.second_order(first, table, rows, expand=8.0,
                              support=rel.weighted(ix, rows, weights=others))
    expected = [x.tolist() for x in best_entries(masked, 6)]
    for widths in ((2, 8), (1,), (1, 2, 100), (40,)):
        monkeypatch.setattr(rel, "GATE_WIDTHS", widths)
        got = rel._best_supported(ix, rows, first, scores, 6, None)
        assert [x.tolist() for x in got] == expected, widths
    assert masked.nnz < scores.nnz  # the gate had entries to drop


def test_a_pair_linked_by_an_unweighed_author_alone_is_not_linked_either_way(monkeypatch):
    """Two papers sharing only an author (weight 0) get an LSA value (computed where any
    signal links), but no weighed signal links them: the gate drops the pair whether the
    row is tested pair by pair or masked with its recomputed signals."""
    field = small_field(n=60, seed=13)
    field["papers"] += ["q1", "q2"]
    field["texts"].update({"q1": ("knee cartilage trial", None), "q2": ("cell therapy", None)})
    field["authors"].update({"q1": ["solo"], "q2": ["solo"]})
    ix = rel.build_index(**field)
    q1, q2 = ix.position["q1"], ix.position["q2"]
    signals = rel.signal_matrices(ix, [q1], normalise=False)
    assert signals["lsa"][0, q2] > 0 and signals["authors"][0, q2] > 0
    assert not any(signals[name][0, q2] for name, w in rel.DEFAULT_WEIGHTS.items()
                   if w > 0 and name != "lsa")
    others = [j for j in range(60) if not re_.pair_support(ix, [q1], [j], rel.DEFAULT_WEIGHTS)[0]]
    row = [q2, *others[:3]]
    scores = sp.csr_matrix((np.array([5.0, 4.0, 3.0, 2.0]), (np.zeros(4, dtype=int), row)),
                           shape=(1, len(ix.ids)))
    first = sp.csr_matrix((1, len(ix.ids)))
    for widths in ((1,), (40,)):
        monkeypatch.setattr(rel, "GATE_WIDTHS", widths)
        local, cols, _ = rel._best_supported(ix, np.array([q1]), first, scores, 2, None)
        assert cols.tolist() == [], widths
