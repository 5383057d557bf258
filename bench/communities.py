"""Whole-graph community detection on the SNAP citation graphs.

Partitions cit-HepTh, cit-HepPh and both together (disjoint id spaces) with
python-louvain, networkx ``louvain_communities`` and
:func:`explorer.algorithms.communities.partition_whole_graph` (igraph Leiden with 2
iterations - the default - or until stable, and igraph Louvain). Every
partition is scored by igraph's modularity on the same simple undirected
graph (no self-loops, no repeated edges), so the numbers are comparable.
Each method runs in a fresh subprocess so that its peak memory
(``ru_maxrss``) is its own; times exclude reading the edge file.

Usage::

    python bench/communities.py [--seed 42] [--repeat 1] [--graphs hepth hepph both]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "snap-cit-hep"
FILES = {
    "hepth": [DATA / "cit-HepTh.reindexed.edges.tsv.gz"],
    "hepph": [DATA / "cit-HepPh-1992-1999.edges.tsv.gz"],
    "both": [DATA / "cit-HepTh.reindexed.edges.tsv.gz",
             DATA / "cit-HepPh-1992-1999.edges.tsv.gz"],
}
METHODS = ["python-louvain", "networkx-louvain", "igraph-louvain", "igraph-leiden",
           "igraph-leiden-stable"]


def read_edges(graph: str) -> list[tuple[str, str]]:
    """Citation pairs of the named graph; ids prefixed by file so the graphs stay disjoint."""
    edges = []
    for i, path in enumerate(FILES[graph]):
        with gzip.open(path, "rt") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 2:
                    edges.append((f"{i}:{parts[0]}", f"{i}:{parts[1]}"))
    return edges


def run_one(graph: str, method: str, seed: int) -> dict:
    """Run one method in this process and return its measurements."""
    import networkx as nx

    from explorer.algorithms.communities import _igraph_from_edges, partition_whole_graph

    edges = read_edges(graph)
    g, ids = _igraph_from_edges(edges)
    index = {n: i for i, n in enumerate(ids)}
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    if method == "networkx-louvain":
        nxg = nx.Graph()
        nxg.add_nodes_from(range(g.vcount()))
        nxg.add_edges_from(g.get_edgelist())
        parts = nx.community.louvain_communities(nxg, seed=seed)
        membership = {ids[n]: c for c, part in enumerate(parts) for n in part}
    else:
        algorithm = {"python-louvain": "python-louvain", "igraph-louvain": "louvain",
                     "igraph-leiden": "leiden", "igraph-leiden-stable": "leiden"}[method]
        n_iterations = -1 if method == "igraph-leiden-stable" else 2
        membership = partition_whole_graph(edges, algorithm=algorithm, seed=seed,
                                           n_iterations=n_iterations).membership
    seconds = time.perf_counter() - t0
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    labels = [0] * g.vcount()
    for node, cid in membership.items():
        labels[index[node]] = cid
    return {
        "graph": graph, "method": method, "nodes": g.vcount(), "edges": g.ecount(),
        "seconds": seconds, "communities": len(set(labels)),
        "modularity": g.modularity(labels), "peak_rss_mb": peak_rss / 1024,
        "rss_growth_mb": (peak_rss - base_rss) / 1024,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--graphs", nargs="+", default=["hepth", "hepph", "both"], choices=FILES)
    ap.add_argument("--methods", nargs="+", default=METHODS, choices=METHODS)
    ap.add_argument("--one", nargs=2, metavar=("GRAPH", "METHOD"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], args.seed)))
        return
    print(f"seed {args.seed}; modularity by igraph on the simple undirected graph\n")
    print("| graph | nodes | edges | method | seconds | communities | modularity "
          "| peak RSS MB | growth MB |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for graph in args.graphs:
        for method in args.methods:
            out = subprocess.run(
                [sys.executable, __file__, "--seed", str(args.seed), "--one", graph, method],
                check=True, capture_output=True, text=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"| {r['graph']} | {r['nodes']:,} | {r['edges']:,} | {r['method']} "
                  f"| {r['seconds']:.2f} | {r['communities']:,} | {r['modularity']:.4f} "
                  f"| {r['peak_rss_mb']:.0f} | {r['rss_growth_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
