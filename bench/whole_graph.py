"""Whole-graph communities end to end: read the citation graph from the graph
server, partition it, write the community ids back.

Loads cit-HepPh + cit-HepTh into a fresh private local server, then runs
``explorer.views.whole_graph.run_whole_graph`` with each algorithm and prints total
seconds (read / partition / write), peak memory of this process and modularity.

    python bench/whole_graph.py [--algorithms leiden,louvain,python-louvain] [--home DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import DATA, timed_load  # noqa: E402
from cypher.access.graph import connect  # noqa: E402
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings  # noqa: E402
from explorer.views.whole_graph import run_whole_graph  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--algorithms", default="leiden,louvain,python-louvain")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--home", type=Path, default=None,
                        help="run on the graph of this local-server home (a kept field, e.g. "
                             "bench/related_maps.py --work DIR's DIR/home) instead of "
                             "loading cit-HepPh + cit-HepTh into a fresh one")
    args = parser.parse_args()
    if args.home:
        from bench.related_maps import kept_arcadedb

        with kept_arcadedb(args.home, "4g") as graph:
            measure(graph, args)
        return
    snap = DATA / "snap-cit-hep"
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as home:
        settings = load_settings({"EXPLORER_HOME": home,
                                  "EXPLORER_BOLT_PORT": str(localserver.free_port())})
        localserver.start(settings)
        graph = connect(settings, autostart=False)
        try:
            timed_load(graph, [(snap / "cit-HepPh-1992-1999.edges.tsv.gz", "edges")],
                       batch_size=10_000, id_prefix="hepph:")
            timed_load(graph, [(snap / "cit-HepTh.reindexed.edges.tsv.gz", "edges")],
                       batch_size=10_000, id_prefix="hepth:")
            measure(graph, args)
        finally:
            graph.close()
            localserver.stop(settings)


def measure(graph, args) -> None:
    """Run each algorithm on the whole graph and print its figures."""
    print("algorithm        total s  read s  partition s  write s  modularity  "
          "communities  peak MB", flush=True)
    for algorithm in args.algorithms.split(","):
        run = run_whole_graph(graph, algorithm=algorithm, seed=args.seed)
        write_s = run["seconds"] - run["read_seconds"] - run["partition_seconds"]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{algorithm:<16}{run['seconds']:>8.1f}{run['read_seconds']:>8.1f}"
              f"{run['partition_seconds']:>13.1f}{write_s:>9.1f}"
              f"{run['modularity']:>12.4f}{run['communities']:>13}{peak:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
