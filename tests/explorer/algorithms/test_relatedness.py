"""explorer.algorithms.relatedness: exact evidence on hand-built graphs, and quality on a review."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from explorer.algorithms import relatedness as rel

# a, b: cited together by c and d, both cite the stubs x and y; e cites a and x.
PAPERS = ["a", "b", "c", "d", "e"]
CITES = [("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("e", "a"),
         ("a", "x"), ("b", "x"), ("a", "y"), ("b", "y"), ("e", "x"), ("e", "x")]


def listing(**kw):
    return list(rel.related_papers(PAPERS, CITES, **kw))


def test_counts_in_the_evidence_are_exact():
    by_pair = {(p, q): ev for p, q, _, ev in listing(k=10)}
    ab = by_pair["a", "b"]
    assert (ab["cocited"], ab["coupled"], ab["cites"]) == (2, 2, 0)
    assert (by_pair["a", "e"]["cocited"], by_pair["a", "e"]["coupled"]) == (0, 1)
    assert by_pair["a", "e"]["cites"] == -1  # e cites a
    assert by_pair["e", "a"]["cites"] == 1
    assert by_pair["a", "c"]["cites"] == -1 and by_pair["a", "c"]["coupled"] == 0
    assert (by_pair["c", "d"]["coupled"], by_pair["c", "d"]["cocited"]) == (2, 0)
    # the repeated (e, x) pair counts once
    assert by_pair["e", "b"]["coupled"] == 1


def test_raw_signal_matrices():
    ix = rel.build_index(PAPERS, CITES)
    m = rel.signal_matrices(ix, [0, 2], normalise=False)
    assert m["cocited"].toarray().tolist() == [[0, 2, 0, 0, 0], [0, 0, 0, 0, 0]]
    assert m["direct"].toarray().tolist() == [[0, 0, 1, 1, 1], [1, 1, 0, 0, 0]]
    # a's links: refs x, y + citers c, d, e (5); b's: x, y, c, d (4); shared 4
    assert m["citation_cosine"][0, 1] == pytest.approx(4 / np.sqrt(5 * 4))
    # rarity of x (cited 3 times) and y (twice): 1/log 4 + 1/log 3
    assert m["coupled_rare"][0, 1] == pytest.approx(1 / np.log(4) + 1 / np.log(3))
    normalised = rel.signal_matrices(ix, [0, 2])
    assert all(v.max() <= 1.0 + 1e-12 for v in normalised.values())


def test_lsa_is_a_cosine_not_divided_by_its_rows_largest():
    from tests.explorer.algorithms.test_relatedness_evidence import small_field

    ix = rel.build_index(**small_field())
    rows = list(range(0, len(ix.ids), 7))
    raw, normalised = rel.signal_matrices(ix, rows, normalise=False), \
        rel.signal_matrices(ix, rows)
    assert (raw["lsa"] != normalised["lsa"]).nnz == 0
    assert 0 < normalised["lsa"].max() <= 1 + 1e-9
    assert normalised["lsa"].max(axis=1).toarray().min() < 0.99  # rows whose best is not 1
    assert np.allclose(normalised["text"].max(axis=1).toarray()[
        normalised["text"].getnnz(axis=1) > 0], 1.0)


def test_first_order_leaves_out_only_what_cannot_reach_the_pool():
    """``first_order`` computes LSA only where it can still bring a candidate into the
    pool: the same neighbourhoods as the whole weighted sum's."""
    from tests.explorer.algorithms.test_relatedness_evidence import small_field

    ix = rel.build_index(**small_field(n=300, seed=5))
    rows = list(range(len(ix.ids)))
    for pool, weights in ((5, None), (12, None), (5, {**rel.DEFAULT_WEIGHTS, "lsa": 1.0}),
                          (3, {"text": 0.5, "cocited": 1.0, "lsa": 0.3})):
        whole = rel.weighted(ix, rows, weights=weights)
        some = rel.weighted(ix, rows, weights=weights, pool=pool)
        assert some.nnz < whole.nnz, pool  # something was left out
        ours, expected = rel.first_order(ix, rows, weights=weights, pool=pool), \
            rel.top_rows(whole, pool)
        assert np.array_equal(ours.indptr, expected.indptr)
        assert np.array_equal(ours.indices, expected.indices)
        assert np.allclose(ours.data, expected.data, rtol=0, atol=1e-12)


def test_leaving_out_the_rare_references_changes_no_other_signal():
    """Without ``coupled_rare`` (weighed 0 by default) every other signal is the same:
    its pairs are among the citation cosine's, so the LSA's candidates do not change."""
    from tests.explorer.algorithms.test_relatedness_evidence import small_field

    ix = rel.build_index(**small_field())
    rows = list(range(0, len(ix.ids), 3))
    every, fewer = rel.signal_matrices(ix, rows), rel.signal_matrices(ix, rows, rare=False)
    assert every["coupled_rare"].nnz > 100 and "coupled_rare" not in fewer
    assert list(fewer) == [name for name in every if name != "coupled_rare"]
    for name, m in fewer.items():
        assert (m != every[name]).nnz == 0, name
    assert fewer["lsa"].nnz > 100


def test_stubs_are_never_listed_and_k_is_respected():
    rows = listing(k=2, expand=0)
    assert {q for _, q, _, _ in rows} <= set(PAPERS)
    assert all(p != q for p, q, _, _ in rows)
    per_paper = {p: [q for pp, q, _, _ in rows if pp == p] for p in PAPERS}
    assert all(len(v) <= 2 for v in per_paper.values())
    assert per_paper["a"][0] == "b"  # first order: co-cited twice, the most of any
    for k in (1, 2, 3):
        counts = [len([r for r in listing(k=k) if r[0] == p]) for p in PAPERS]
        assert max(counts) == k
    scores = [s for p, _, s, _ in listing(k=4) if p == "a"]
    assert scores == sorted(scores, reverse=True)


def test_second_order_adds_the_neighbours_neighbourhoods():
    import scipy.sparse as sp

    # neighbourhoods (best = 1): 0 -> {1: 1, 2: .5}; 1 -> {3: 1}; 2 -> {0: 1, 3: .5}
    table = sp.csr_matrix(np.array([[0, 1, .5, 0], [0, 0, 0, 1], [1, 0, 0, .5], [0, 0, 0, 0]]))
    out = rel.second_order(table[[0]], table, [0], expand=2.0).toarray()
    # 0 -> 3 via 1 (1 x 1) and via 2 (.5 x .5): 1.25, normalised to 1; own column dropped
    assert out.tolist() == [[0, 1, .5, 2.0]]
    near = rel.second_order(table[[0]], table[[1, 2]], [0], expand=2.0, near=[1, 2])
    assert near.toarray().tolist() == out.tolist()
    assert rel.second_order(table[[0]], table, [0], expand=0) is not None
    rows = listing(k=10)
    assert all(ev["via"] >= 0 for *_, ev in rows)
    assert any(ev["via"] > 0 for *_, ev in rows)


def test_chunking_gives_the_same_answer_as_one_chunk():
    assert listing(k=3, chunk_size=1) == listing(k=3, chunk_size=2) == listing(k=3,
                                                                               chunk_size=100)


def test_text_and_metadata_alone_relate_papers_without_citations():
    texts = {"p": ("Mesenchymal stem cells for knee osteoarthritis", None),
             "q": ("Stem cells injected in knee osteoarthritis", None),
             "r": ("Hormone replacement therapy and breast cancer", None),
             "s": ("Hormone therapy after menopause", None)}
    venues = {"p": "V1", "q": "V1", "r": "V2", "s": "V3"}
    rows = list(rel.related_papers(list(texts), [], texts, k=1, venues=venues))
    best = {p: (q, ev) for p, q, _, ev in rows}
    assert best["p"][0] == "q" and best["r"][0] == "s"
    assert best["p"][1]["venue"] > 0 and "knee osteoarthritis" in best["p"][1]["terms"]
    assert best["p"][1]["cocited"] == best["p"][1]["coupled"] == 0


def test_related_to_seeds_excludes_seeds_and_ranks_by_summed_scores():
    ix = rel.build_index(PAPERS, CITES)
    ranked = rel.related_to_seeds(ix, ["a", "nope"], k=10, exclude=["e"], expand=0)
    ids = [p for p, _ in ranked]
    assert ids[0] == "b" and "a" not in ids and "e" not in ids
    assert rel.related_to_seeds(ix, ["unknown"]) == []
    both = dict(rel.related_to_seeds(ix, ["a", "b"], k=10, expand=0))
    single = dict(rel.related_to_seeds(ix, ["a"], k=10, expand=0))
    assert both["e"] > single["e"]  # e shares the reference x with a and with b
    # with the second order, the seeds' neighbours' neighbourhoods count too
    assert set(dict(rel.related_to_seeds(ix, ["a"], k=10))) >= set(single)


def test_weights_must_weigh_something():
    with pytest.raises(ValueError):
        listing(weights={})


def _bench():
    path = Path(__file__).resolve().parents[3] / "bench" / "synergy_quality.py"
    spec = importlib.util.spec_from_file_location("synergy_quality", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ranking_beats_the_baselines_on_a_real_review():
    """The index's own top-20 lists (related_papers) against the count and tfidf+count ones."""
    bench = _bench()
    if not (bench.DATA / f"{bench.QUICK}.zip").exists():
        pytest.skip("SYNERGY data not present")
    works, included = bench.load_review(bench.QUICK)
    inp = bench.inputs(works)
    ids = inp["papers"]
    queries = [i for i, p in enumerate(ids) if p in included]
    relevant = np.array([p in included for p in ids])
    index = rel.build_index(**inp)
    top: dict = {}
    for p, q, _, _ in rel.related_papers(None, None, index=index, k=20):
        top.setdefault(p, []).append(q)
    m = min(20, len(included) - 1)
    ours = np.mean([len(set(top.get(ids[i], [])) & (included - {ids[i]})) / m for i in queries])
    base = bench.baselines(inp, queries)
    count = bench.metrics(base["count"], queries, relevant)[:, 0].mean()
    best_simple = bench.metrics(base["tfidf+count"], queries, relevant)[:, 0].mean()
    assert ours > count
    assert ours > best_simple


def _old_top_rows(scores, pool):
    """top_rows as a loop over rows (the reference for the vectorised one)."""
    import scipy.sparse as sp

    m = sp.csr_matrix(scores)
    out = np.zeros(m.shape)
    for i in range(m.shape[0]):
        c, v = m.indices[m.indptr[i]:m.indptr[i + 1]], m.data[m.indptr[i]:m.indptr[i + 1]]
        keep = np.lexsort((c, -v))[:pool]
        keep = keep[v[keep] > 0]
        out[i, c[keep]] = v[keep] / v[keep].max() if len(keep) else 0
    return out


def test_top_rows_keeps_the_best_positive_values_ties_by_column():
    import scipy.sparse as sp

    m = sp.csr_matrix(np.array([[0, 2, 2, 1, -1], [0, 0, 0, 0, 0], [3, -1, 1, 1, 1]], float))
    assert rel.top_rows(m, 2).toarray().tolist() == [[0, 1, 1, 0, 0], [0] * 5,
                                                     [1, 0, 1 / 3, 0, 0]]
    r = sp.random(40, 60, density=0.2, random_state=2, format="csr")
    r.data = np.round(r.data * 4) - 1  # ties and non-positive values
    for pool in (1, 3, 10):
        assert np.array_equal(rel.top_rows(r, pool).toarray(), _old_top_rows(r, pool))


def test_related_rows_equal_the_listing_rows_of_those_papers():
    from tests.explorer.algorithms.test_relatedness_evidence import small_field

    ix = rel.build_index(**small_field())
    everything = list(rel.related_papers(None, (), index=ix, k=6, chunk_size=17))
    papers = ["p7", "p3", "p99", "p3", "nope", "p50"]
    rows = list(rel.related_rows(ix, papers, k=6, chunk_size=2))
    expected = [r for p in ["p7", "p3", "p99", "p50"] for r in everything if r[0] == p]
    assert rows == expected and len(rows) == 24
    assert list(rel.related_rows(ix, [])) == []
    plain = list(rel.related_papers(None, (), index=ix, k=6, expand=0))
    assert list(rel.related_rows(ix, papers, k=6, expand=0)) == \
        [r for p in ["p7", "p3", "p99", "p50"] for r in plain if r[0] == p]
    # the seeds' scorer of one paper ranks as its listing does
    one = [(q, round(s, 6)) for q, s in rel.related_to_seeds(ix, ["p7"], k=6)]
    assert one == [(q, s) for p, q, s, _ in rows if p == "p7"]


def test_scoring_in_forked_processes_gives_the_same_rows_in_the_same_order():
    rng = np.random.default_rng(4)
    papers = [f"p{i}" for i in range(120)]
    cites = [(papers[i], papers[j]) for i in range(120) for j in rng.choice(120, 6)
             if i != j] + [(papers[i], f"stub{i % 7}") for i in range(120)]
    one = list(rel.related_papers(papers, cites, k=5, chunk_size=8))
    assert len(one) > 300
    assert list(rel.related_papers(papers, cites, k=5, chunk_size=8, workers=2)) == one
    ix = rel.build_index(papers, cites)
    some = papers[::2]
    assert list(rel.related_rows(ix, some, k=5, chunk_size=8, near=3, workers=2)) == \
        list(rel.related_rows(ix, some, k=5, chunk_size=8, near=3))


def test_the_links_as_stored_equal_the_listing_written_row_by_row():
    """related_links (the bulk writer's input: tuples, a list a chunk, only the stored
    evidence computed) gives what link_row makes of every related_papers row, in
    order, in one process and in two."""
    from explorer.views.related_index import link_row
    from tests.explorer.algorithms.test_relatedness_evidence import small_field

    ix = rel.build_index(**small_field())
    expected = [tuple(link_row(*row).values())
                for row in rel.related_papers(None, (), index=ix, k=6, chunk_size=16)]
    for workers in (1, 2):
        chunks = list(rel.related_links(ix, k=6, chunk_size=16, workers=workers))
        assert len(chunks) == -(-len(ix.ids) // 16)  # one list a chunk of papers
        assert [link for chunk in chunks for link in chunk] == expected
    assert len(expected) > 300 and any(link[-1] for link in expected)  # shared words too
    # some papers (the update's call): what link_row makes of related_rows, near or not
    some = ["p7", "p3", "nope", "p50", "p3", "p99"]
    for near in (None, 3):
        rows = [tuple(link_row(*row).values())
                for row in rel.related_rows(ix, some, k=6, chunk_size=2, near=near)]
        links = rel.related_links(ix, papers=some, k=6, chunk_size=2, near=near, workers=2)
        assert [link for chunk in links for link in chunk] == rows
        assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=some.index)
    assert rows != [link for link in expected if link[0] in some]  # near changes them
    assert ("src", "dst", *rel.LINK_FIELDS) == tuple(link_row("a", "b", 1.0, {}))


def test_index_workers_come_from_the_environment(monkeypatch):
    from explorer.views.related_index import scoring_workers

    monkeypatch.setenv("EXPLORER_INDEX_WORKERS", "3")
    assert scoring_workers() == 3
    monkeypatch.setenv("EXPLORER_INDEX_WORKERS", "none")
    with pytest.raises(ValueError, match="EXPLORER_INDEX_WORKERS must be a whole number"):
        scoring_workers()
    monkeypatch.delenv("EXPLORER_INDEX_WORKERS")
    assert 1 <= scoring_workers() <= 4
