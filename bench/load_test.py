"""HTTP load test: the web app under concurrent clients on a loaded graph.

Starts a private local graph server in a temporary EXPLORER_HOME (or reuses a
loaded one given with ``--home``), loads cit-HepPh + cit-HepTh and the OpenAlex
2022 sample through the product's own pipeline and writer, serves the app with
waitress (8 threads) on 127.0.0.1, and drives three requests

* ``/api/neighbourhood/<id>?depth=1&limit=100``
* ``/api/neighbourhood/<id>?depth=2&limit=300``
* ``/paper/<id>``

from ``--clients`` threads (default 16) for ``--seconds`` (default 60) over a
fixed, seeded sample of paper ids (the most cited papers and ordinary ones).
It prints requests/s, p50/p95/p99 latency per endpoint and overall, and the
errors. Loopback only; it stops by itself.

    python bench/load_test.py [--clients 16] [--seconds 60] [--home DIR]
                              [--ordinary 90] [--view-cache N]

The app keeps computed maps while the graph is unchanged (EXPLORER_VIEW_CACHE);
``--view-cache 0`` measures every request computed afresh, and a large
``--ordinary`` sample makes most requests miss the cache.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SNAP = DATA / "snap-cit-hep"
OPENALEX = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
LOADED_MARK = "bench-loaded"

from cypher.access.graph import Graph, connect  # noqa: E402
from cypher.access.localserver import manager as localserver
from cypher.access.settings import Settings, load_settings  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402

ENDPOINTS = {
    "nbhd d1 l100": "/api/neighbourhood/{id}?depth=1&limit=100",
    "nbhd d2 l300": "/api/neighbourhood/{id}?depth=2&limit=300",
    "paper page": "/paper/{id}",
}


# -- the loaded graph ---------------------------------------------------------
def load_all(graph: Graph, *, batch_size: int = 10_000, say=print) -> None:
    """Load cit-HepPh (with years), cit-HepTh and the OpenAlex 2022 sample."""
    plan = [
        ([(SNAP / "cit-HepPh-1992-1999.edges.tsv.gz", "edges")], "hepph:",
         str(SNAP / "cit-HepPh-1992-1999.years.tsv.gz")),
        ([(SNAP / "cit-HepTh.reindexed.edges.tsv.gz", "edges")], "hepth:", None),
        ([(OPENALEX, "openalex")], "", None),
    ]
    for planned, prefix, nodes in plan:
        started = time.perf_counter()
        writer = GraphWriter(graph, batch_size=batch_size)
        stats = writer.write(pipeline.iter_records(planned, id_prefix=prefix, nodes=nodes))
        say(f"  loaded {planned[0][0].name}: {stats.loaded:,} records, "
            f"{sum(stats.relationships_created.values()):,} relationships, "
            f"{stats.rejected} rejected in {time.perf_counter() - started:.1f} s")


@contextmanager
def loaded_server(home: str | None = None, *, heap: str = "2g", say=print):
    """Yield (settings, graph) for a private server holding the benchmark data.

    With ``home`` the server's data is kept there and loaded only once (a mark
    file records a finished load); without it a temporary home is used.
    """
    with tempfile.TemporaryDirectory(prefix="explorer-loadtest-") as tmp:
        where = Path(home).resolve() if home else Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        env = {"EXPLORER_HOME": str(where), "EXPLORER_BOLT_PORT": str(localserver.free_port()),
               "EXPLORER_HEAP": heap}
        settings = load_settings(env)
        started = time.perf_counter()
        state, _ = localserver.start(settings)
        settings = Settings(**{**settings.__dict__, "bolt_port": state.bolt_port})
        say(f"local graph server up in {time.perf_counter() - started:.1f} s "
            f"(home {where}, heap {heap})")
        graph = connect(settings, autostart=False)
        try:
            if not (where / LOADED_MARK).exists():
                say("loading cit-HepPh, cit-HepTh and the OpenAlex 2022 sample ...")
                load_all(graph, say=say)
                (where / LOADED_MARK).write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))
            counts = graph.counts()
            say(f"graph: {counts['labels']}; {counts['relationships']}")
            yield settings, graph
        finally:
            graph.close()
            localserver.stop(settings)


def all_paper_ids(graph: Graph) -> list[str]:
    rows = graph.run_text("MATCH (p:Paper) RETURN p.id AS id").records
    return sorted(r["id"] for r in rows if r["id"])


def hub_ids(graph: Graph, n: int) -> list[str]:
    """The ``n`` papers cited most often in the graph."""
    rows = graph.run_text("MATCH (p:Paper)<-[:CITES]-() WITH p, count(*) AS c "
                          "RETURN p.id AS id, c ORDER BY c DESC, id LIMIT $n", {"n": n}).records
    return [r["id"] for r in rows]


def sample_ids(graph: Graph, *, seed: int, ordinary: int, hubs: int) -> list[str]:
    """A fixed sample: ``hubs`` most cited papers and ``ordinary`` seeded random papers."""
    top = hub_ids(graph, hubs) if hubs else []
    rest = [i for i in all_paper_ids(graph) if i not in set(top)]
    return top + random.Random(seed).sample(rest, ordinary)


# -- statistics ---------------------------------------------------------------
def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def summary_row(name: str, values: list[float], seconds: float | None = None) -> str:
    ms = sorted(v * 1000 for v in values)
    rate = f"{len(ms) / seconds:8.1f}" if seconds else "        "
    return (f"| {name:<14} | {len(ms):6d} | {rate} | {percentile(ms, 50):8.1f} | "
            f"{percentile(ms, 95):8.1f} | {percentile(ms, 99):8.1f} | "
            f"{(ms[-1] if ms else float('nan')):8.1f} |")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


# -- serving ------------------------------------------------------------------
class AppServer:
    """The web app under waitress on a free loopback port, in a thread."""

    def __init__(self, settings: Settings, threads: int = 8, view_cache: int | None = None):
        import waitress

        from webui.app import create_app

        overrides = {"SETTINGS": settings, "GRAPH_AUTOSTART": False}
        if view_cache is not None:
            overrides["VIEW_CACHE"] = view_cache
        self.app = app = create_app(overrides)
        self.server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads,
                                             ident="loadtest", connection_limit=256)
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="waitress")
        self.thread.start()

    def close(self) -> None:
        from waitress import wasyncore

        self.server.task_dispatcher.shutdown(timeout=10)
        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        self.thread.join(10)
        # an open Bolt connection keeps the local server from exiting on SIGTERM (60 s)
        self.app.extensions["explorer_graph"].close()


def client_loop(port: int, ids: list[str], seed: int, deadline: float, results: list,
                errors: Counter, timeout: float) -> None:
    """One client: random (endpoint, id) requests on a keep-alive connection."""
    rng = random.Random(seed)
    names = list(ENDPOINTS)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        while time.monotonic() < deadline:
            name = rng.choice(names)
            path = ENDPOINTS[name].format(id=ids[rng.randrange(len(ids))])
            started = time.monotonic()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                errors[(name, type(exc).__name__)] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                continue
            elapsed = time.monotonic() - started
            if status != 200:
                errors[(name, f"HTTP {status}")] += 1
            results.append((name, elapsed, status, time.monotonic() < deadline))
    finally:
        conn.close()


def drive(port: int, ids: list[str], *, clients: int, seconds: float, seed: int,
          timeout: float) -> tuple[list, Counter, float]:
    results: list = []
    errors: Counter = Counter()
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    threads = [threading.Thread(target=client_loop, daemon=True,
                                args=(port, ids, seed * 1000 + n, deadline, results, errors,
                                      timeout)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + timeout + 5)
    return results, errors, time.monotonic() - started


def report(results: list, errors: Counter, wall: float, seconds: float) -> None:
    print(f"\nwall {wall:.1f} s (window {seconds:.0f} s); load average after: {load_average()}")
    print("| endpoint       |   reqs |  req/s   | p50 ms   | p95 ms   | p99 ms   | max ms   |")
    print("|----------------|-------:|---------:|---------:|---------:|---------:|---------:|")
    by_name: dict[str, list[float]] = defaultdict(list)
    for name, elapsed, status, _ in results:
        if status == 200:
            by_name[name].append(elapsed)
    for name in ENDPOINTS:
        print(summary_row(name, by_name[name], wall))
    print(summary_row("overall", [e for v in by_name.values() for e in v], wall))
    total_errors = sum(errors.values())
    print(f"\nerrors: {total_errors}" + ("" if not errors else " — " + ", ".join(
        f"{name}: {kind} x{n}" for (name, kind), n in sorted(errors.items()))))
    late = sum(1 for *_, in_window in results if not in_window)
    print(f"requests finishing after the window: {late} (counted above)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5,
                        help="seconds of the same load before measuring (not counted)")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hubs", type=int, default=10, help="most cited papers in the sample")
    parser.add_argument("--ordinary", type=int, default=90, help="random papers in the sample")
    parser.add_argument("--timeout", type=float, default=60, help="client timeout per request")
    parser.add_argument("--home", help="keep the loaded server's data here and reuse it")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--view-cache", type=int, default=None,
                        help="views the app keeps (default: the app's, 256; 0: none)")
    args = parser.parse_args()
    print(f"load average before: {load_average()}; nproc {os.cpu_count()}")
    with loaded_server(args.home, heap=args.heap) as (settings, graph):
        ids = sample_ids(graph, seed=args.seed, ordinary=args.ordinary, hubs=args.hubs)
        print(f"sample: {len(ids)} papers (hubs: {', '.join(ids[:args.hubs])})")
        server = AppServer(settings, threads=args.threads, view_cache=args.view_cache)
        try:
            print(f"app on http://127.0.0.1:{server.port}/ (waitress, {args.threads} threads); "
                  f"{args.clients} clients")
            if args.warmup:
                drive(server.port, ids, clients=args.clients, seconds=args.warmup,
                      seed=args.seed + 1, timeout=args.timeout)
            results, errors, wall = drive(server.port, ids, clients=args.clients,
                                          seconds=args.seconds, seed=args.seed,
                                          timeout=args.timeout)
            report(results, errors, wall, args.seconds)
            cache = server.app.extensions["view_cache"]
            print(f"view cache (size {cache.size}; warm-up included): {cache.stats()}")
        finally:
            server.close()


if __name__ == "__main__":
    main()
