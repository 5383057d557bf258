"""Hand-built views for the export tests: hostile text in every field, bibliographic details."""

from __future__ import annotations

from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "graphml" / "graphml.xsd"
SCRIPT = "<script>alert(1)</script>"
AUTHORS = ["Ada Lovelace", "Ludwig van Beethoven", "Gabriel García\u00a0Márquez", "Plato",
           f"Eve {SCRIPT}"]


def hostile_view() -> dict:
    ids = ["name:manuel lopez ibanez|bibtex|articles.bib", "doi:10.1002/mcda.70036",
           "W1", "arxiv:2001.00001", "T1", "=cmd|' /C calc'!A0"]
    nodes = [{"id": nid, "type": "Person" if nid.startswith("name:") else
              "Topic" if nid == "T1" else "Paper", "label": f"{SCRIPT} {n}",
              "title": f"{SCRIPT} The {{RNA}} world & 50% {n} \x01 ]]> --> \"q\" 'a'",
              "year": 2000 + n if n != 2 else None, "cited_by_count": 10 * n,
              "indegree": n, "community": n % 3, "x": -1.5 * n, "y": 2.25 * n,
              "stub": n == 3, "hop": min(n, 2), "topics": ["+SUM(A1)", "t"]}
             for n, nid in enumerate(ids)]
    edges = [{"source": ids[0], "target": ids[1], "type": "AUTHORED", "weight": 1.0},
             {"source": ids[1], "target": ids[2], "type": "CITES", "weight": 1.0},
             {"source": ids[1], "target": ids[2], "type": "RELATED_TO", "weight": 0.5},
             {"source": ids[2], "target": ids[4], "type": "ABOUT", "weight": 0.9},
             {"source": ids[3], "target": ids[5], "type": "CITES", "weight": 1.0}]
    return {"center": ids[1], "center_title": f"{SCRIPT} centre", "depth": 2, "nodes": nodes,
            "edges": edges, "communities": [{"id": 0, "label": SCRIPT, "size": 2}],
            "modularity": 0.25, "resolution": 1.0, "seed": 42, "total_nodes": 9,
            "truncated": [{"message": f"3 more {SCRIPT}"}]}


DETAILS = {
    "doi:10.1002/mcda.70036": {"doi": "10.1002/mcda.70036", "venue": "J {Decision} & Co",
                               "kind": "article", "authors": AUTHORS[:3],
                               "abstract": "An {unbalanced abstract", "keywords": ["k1"]},
    "W1": {"kind": "book-chapter", "authors": AUTHORS[3:], "venue": "Handbook"},
    "arxiv:2001.00001": {"kind": "preprint", "arxiv": "2001.00001", "authors": ["Ada Lovelace"]},
    "=cmd|' /C calc'!A0": {"kind": "dissertation", "authors": ["Ada Lovelace"]},
}
