"""The whole ``explorer load`` a user runs, timed from the command to its end: a fresh
EXPLORER_HOME each time (the local server started by the command, the records read,
the graph written, its constraints and indexes, the related-work index), beside the
same command of another checkout of the product in the same run (``--beside DIR``,
for instance a worktree of an earlier commit), alternating, ``--rounds`` times.

It prints, for each run, the seconds on the clock, works/s over the whole command,
the works loaded and the related-work index line the command printed.

    python bench/load_cli.py ../shared/data/synergy-openalex-2023 [--beside DIR]
        [--rounds 3] [--first-load auto|import|batches]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load_test import load_average  # noqa: E402
from cypher.access.localserver import manager as localserver  # noqa: E402
from cypher.access.settings import load_settings  # noqa: E402

_LOADED = re.compile(r"loaded: ([\d,]+)")
_INDEX = re.compile(r"related-work index: .*")


def run_load(checkout: Path, inputs: list[str], first_load: str) -> dict:
    """One ``explorer load`` of ``inputs`` by ``checkout`` into a fresh home."""
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as home:
        port = str(localserver.free_port())
        env = {**os.environ, "EXPLORER_HOME": home, "EXPLORER_BOLT_PORT": port}
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-m", "explorer", "load", "--first-load", first_load, *inputs],
            cwd=checkout, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        localserver.stop(load_settings({"EXPLORER_HOME": home, "EXPLORER_BOLT_PORT": port}))
    loaded = _LOADED.search(done.stdout)
    index = _INDEX.search(done.stderr)
    if loaded is None:
        raise SystemExit(f"{checkout}: the load failed (exit {done.returncode}):\n"
                         f"{done.stderr[-2000:]}")
    return {"seconds": seconds, "works": int(loaded.group(1).replace(",", "")),
            "index": index.group(0) if index else "no index line", "exit": done.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--beside", type=Path, help="another checkout of the product")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--first-load", default="auto",
                        choices=["auto", "import", "batches"])
    args = parser.parse_args()
    inputs = [str(Path(p).resolve()) for p in args.inputs]
    checkouts = [("this checkout", REPO)] + (
        [(f"beside ({args.beside.name})", args.beside.resolve())] if args.beside else [])
    print(f"load average at start {load_average()}", flush=True)
    print("| round | checkout | seconds | works | works/s | exit | index |")
    print("|---:|---|---:|---:|---:|---:|---|", flush=True)
    for round_ in range(1, args.rounds + 1):
        order = checkouts if round_ % 2 else checkouts[::-1]
        for name, checkout in order:
            r = run_load(checkout, inputs, args.first_load)
            print(f"| {round_} | {name} | {r['seconds']:.1f} | {r['works']:,} | "
                  f"{r['works'] / r['seconds']:,.0f} | {r['exit']} | {r['index']} |",
                  flush=True)
    print(f"\nload average at end {load_average()}")


if __name__ == "__main__":
    main()
