"""First draw of the research map in headless Chromium, labels on.

Starts a private local server (or reuses ``--home``), loads two dense real
fields when the graph is empty (the bundled demo, SYNERGY Jeyaraman_2020, and
SYNERGY Nelson_2002 from ../shared/data) and builds the related-work index,
serves the app in this process and opens paper pages at 1400x900 with
``limit=300`` (depth 2) and ``limit=1000`` (depth 3) on the best-connected
papers. For each page it reports the map's own ``drawMs`` (from the request
for the view to the first frame with labels placed, as the page measures it)
the part spent drawing once the data arrived (``renderMs``), and the
number of nodes and labels drawn; median and max over ``--runs``
page loads each. Targets: 300 nodes within 0.6 s, 1,000 within 1.0 s.

    python bench/map_draw.py [--runs 5] [--home DIR] [--paper ID ...]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cypher.access.graph import connect
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings
from loaders import pipeline
from loaders.writer import GraphWriter

DATA = ROOT.parent / "shared" / "data"
FILES = [ROOT / "loaders" / "sample" / "jeyaraman-2020-works.jsonl.gz",
         DATA / "synergy-openalex-2023" / "Nelson_2002.zip"]
TARGETS = {300: 0.6, 1000: 1.0}


def _graph(home: Path):
    running = localserver.running_state(home)
    port = running.uri.rsplit(":", 1)[1] if running else str(localserver.free_port())
    env = {"EXPLORER_HOME": str(home), "EXPLORER_BOLT_PORT": port, "EXPLORER_HEAP": "2g"}
    settings = load_settings(env)
    if localserver.running_state(home) is None:
        localserver.start(settings)
    graph = connect(settings, autostart=False)
    if not graph.counts()["labels"].get("Paper"):
        writer = GraphWriter(graph)
        writer.write(pipeline.iter_records(pipeline.plan([str(f) for f in FILES])))
    if not graph.counts()["relationships"].get("RELATED"):
        from explorer.views import related_index

        related_index.build(graph)
    return settings, graph


def _papers(graph, n: int = 3) -> list[str]:
    rows = graph.run_text(
        "MATCH (p:Paper) WHERE p.title IS NOT NULL "
        "RETURN p.id AS id ORDER BY COUNT { (p)--() } DESC, id LIMIT $n", {"n": n}).records
    return [r["id"] for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--paper", action="append", default=[],
                        help="open this paper's page (repeatable; default: the three "
                             "best-connected papers)")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="map-draw-"))
    settings, graph = _graph(home)
    import waitress
    from playwright.sync_api import sync_playwright

    from webui.app import create_app

    app = create_app({"GRAPH": graph, "VIEW_CACHE": 0})
    import sklearn.feature_extraction.text  # noqa: F401 - as `explorer serve` loads it at start

    # the server `explorer serve` runs (waitress), as a user gets it
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    papers = args.paper or _papers(graph)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for limit, depth in ((300, 2), (1000, 3)):
            times, renders, sizes = [], [], []
            for run in range(args.runs):
                paper = papers[run % len(papers)]
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{base}/paper/{paper}?depth={depth}&limit={limit}&stubs=show")
                deadline = time.monotonic() + 60
                while not page.evaluate("window.__mapStats && window.__mapStats.drawn"):
                    if time.monotonic() > deadline:
                        raise SystemExit(f"map of {paper} not drawn in 60 s")
                    page.wait_for_timeout(50)
                stats = page.evaluate("window.__mapStats")
                times.append(stats["drawMs"] / 1000)
                renders.append(stats["renderMs"] / 1000)
                sizes.append((stats["nodes"], stats["labels"]))
                page.close()
            nodes = statistics.median(n for n, _ in sizes)
            labels = statistics.median(lab for _, lab in sizes)
            print(f"limit {limit:>5} (depth {depth}): {nodes:.0f} nodes, {labels:.0f} labels; "
                  f"first draw median {statistics.median(times):.2f} s, max {max(times):.2f} s "
                  f"(target {TARGETS[limit]} s); of which drawing in the page (data received "
                  f"to first frame with labels) median {statistics.median(renders):.2f} s, "
                  f"max {max(renders):.2f} s")
        browser.close()
    server.close()
    graph.close()
    if args.home is None:
        localserver.stop(settings)


if __name__ == "__main__":
    main()
