"""TF-IDF text similarity on real titles and abstracts (the bundled seed papers)."""

from __future__ import annotations

import json
from pathlib import Path

from explorer.algorithms.text import document, query_terms, rank_by_text

SEEDS = Path(__file__).resolve().parents[3] / "loaders" / "sample" / "seed-papers.jsonl"


def seed_docs() -> dict[str, str]:
    rows = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines()]
    return {r["title"]: document(r["title"], r.get("abstract")) for r in rows}


def test_related_abstracts_rank_above_unrelated_text():
    docs = seed_docs()
    docs["unrelated"] = document("Open-circuit voltage of perovskite solar cells",
                                 "We measure the open-circuit voltage of thin films.")
    seed = "If deep learning is the answer, then what is the question?"
    ranked = rank_by_text(docs, [seed])
    ids = [m.id for m in ranked]
    assert seed not in ids and "unrelated" not in ids  # no shared term: not returned
    assert ids[0] in {"Towards an integration of deep learning and neuroscience",
                      "A deep learning framework for neuroscience", "Deep Learning",
                      "Analyzing biological and artificial neural networks: challenges "
                      "with opportunities for synergy?"}
    assert all(0 < m.score <= 1 for m in ranked)
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)
    framework = next(m for m in ranked if m.id == "A deep learning framework for neuroscience")
    assert "neuroscience" in framework.terms and len(framework.terms) <= 5


def test_exclude_k_and_empty_texts():
    docs = seed_docs()
    docs["empty"] = ""
    seed = "Towards an integration of deep learning and neuroscience"
    top = rank_by_text(docs, [seed], k=2, exclude=["Deep Learning"])
    assert len(top) == 2 and all(m.id not in {"Deep Learning", "empty", seed} for m in top)
    assert rank_by_text({"a": "", "b": "text"}, ["a"]) == []
    assert rank_by_text({"a": "the of and"}, ["a"]) == []


def test_query_terms_are_content_words():
    terms = query_terms([seed_docs()["A deep learning framework for neuroscience"]], 8)
    assert "neuroscience" in terms and "learning" in terms
    assert not {"the", "and", "of", "for"} & set(terms)
