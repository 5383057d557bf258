"""Load benchmark: OpenAlex 2022 sample and cit-HepPh + cit-HepTh into a fresh server.

Starts a private local graph server in a temporary EXPLORER_HOME, loads
(a) ../shared/data/openalex-works-sample-2022 and (b) the two SNAP citation
graphs through the product's own pipeline and writer, and prints papers/s,
edges/s, seconds and peak memory (this process and the server). With
``--naive N`` it also times the one-row-per-transaction path on the first N
edges, for comparison.

    python bench/load.py [--batch-size 10000] [--naive 5000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data"

from cypher.access.graph import connect  # noqa: E402
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402


def server_rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of the server process in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = {line.split(":")[0]: line.split(":")[1] for line in status.splitlines()}
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def timed_load(graph, planned, *, batch_size, id_prefix="", nodes=None):
    writer = GraphWriter(graph, batch_size=batch_size)
    started = time.perf_counter()
    stats = writer.write(pipeline.iter_records(planned, id_prefix=id_prefix, nodes=nodes))
    return stats, time.perf_counter() - started


def naive(graph, edges_file: Path, count: int) -> float:
    """Seconds per edge for one MERGE-edge transaction per row (stubs included)."""
    from loaders.edges import parse_edges
    from loaders.sources import open_text

    rows = []
    with open_text(edges_file) as lines:
        for record in parse_edges(lines, id_prefix="naive:"):
            rows.append(record)
            if len(rows) >= count:
                break
    started = time.perf_counter()
    for record in rows:
        graph.write_many([
            ("write/merge_stub_papers", [{"id": record.citing, "source": "naive"},
                                         {"id": record.cited, "source": "naive"}]),
            ("write/merge_cites", [{"src": record.citing, "dsts": [record.cited]}]),
        ])
    return (time.perf_counter() - started) / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=3000,
                        help="edges for the one-row-per-transaction comparison (0: skip)")
    args = parser.parse_args()
    snap = DATA / "snap-cit-hep"
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as home:
        settings = load_settings({"EXPLORER_HOME": home,
                                  "EXPLORER_BOLT_PORT": str(localserver.free_port()),
                                  "EXPLORER_HEAP": "2g"})
        state, _ = localserver.start(settings)
        graph = connect(settings, autostart=False)
        try:
            print(f"batch size {args.batch_size}")
            planned = [(DATA / "openalex-works-sample-2022" / "works.jsonl.gz", "openalex")]
            stats, seconds = timed_load(graph, planned, batch_size=args.batch_size)
            rels = sum(stats.relationships_created.values())
            print(f"(a) OpenAlex 2022 sample: {stats.loaded} works in {seconds:.1f} s "
                  f"({stats.loaded / seconds:,.0f} works/s); nodes {stats.nodes_created}; "
                  f"relationships {rels:,} ({rels / seconds:,.0f}/s)")
            total_edges, total_s = 0, 0.0
            for name, prefix, nodes in (
                    ("cit-HepPh-1992-1999.edges.tsv.gz", "hepph:",
                     snap / "cit-HepPh-1992-1999.years.tsv.gz"),
                    ("cit-HepTh.reindexed.edges.tsv.gz", "hepth:", None)):
                stats, seconds = timed_load(graph, [(snap / name, "edges")],
                                            batch_size=args.batch_size, id_prefix=prefix,
                                            nodes=str(nodes) if nodes else None)
                edges = stats.relationships_created.get("CITES", 0)
                total_edges += edges
                total_s += seconds
                print(f"(b) {name}: {edges:,} edges, {stats.nodes_created.get('Paper', 0):,} "
                      f"papers in {seconds:.1f} s ({edges / seconds:,.0f} edges/s)")
            print(f"(b) total: {total_edges:,} citation edges in {total_s:.1f} s "
                  f"({total_edges / total_s:,.0f} edges/s)")
            if args.naive:
                per_edge = naive(graph, snap / "cit-HepTh.reindexed.edges.tsv.gz", args.naive)
                batched = total_s / total_edges
                print(f"naive one-row-per-transaction: {1 / per_edge:,.0f} edges/s "
                      f"over {args.naive} edges; batched is {per_edge / batched:,.0f}x faster")
            rss, peak = server_rss_mb(state.pid)
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"peak memory: loader process {own:,.0f} MB; graph server {peak:,.0f} MB "
                  f"(now {rss:,.0f} MB)")
        finally:
            graph.close()
            localserver.stop(settings)


if __name__ == "__main__":
    main()
