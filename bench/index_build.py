"""Time and memory of the related-work index: build_index, then the whole listing (k=30).

Fields, each measured in this one process (phases in order, so the peak RSS
of a phase is the process's peak so far):

* ``demo``: the SYNERGY review Jeyaraman_2020 (1,175 papers, titles,
  abstracts, concepts, venues, authors), read from its zip in memory;
* ``--papers N``: a seeded synthetic field of ``bench/synthetic.py``
  (``generate``) with synthetic titles (``title``; ``--no-text``: none), no
  other content. The titles draw 4-8 words from a 40-word vocabulary, so
  text links each paper to thousands of others: a worst case for the first
  order, far denser than real titles.

Phases printed per field: ``inputs`` (making the plain inputs), ``build_index``,
``related_papers`` (every paper's 30 most related, with their evidence,
consumed as the product does), and with ``--subset M`` ``related_rows`` for M
papers (the incremental update's call), with seconds and peak RSS.

    python bench/index_build.py --demo
    python bench/index_build.py --papers 100000 [--papers 1000000] [--subset 1000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import synthetic  # noqa: E402
from bench.synergy_quality import inputs, load_review  # noqa: E402
from explorer.algorithms import relatedness  # noqa: E402

DEMO = "Jeyaraman_2020"
K = 30


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux: ru_maxrss is in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


PROFILE = {"on": False}


def phase(name: str, run: Callable[[], Any]) -> Any:
    """Run ``run``, print its seconds and the peak RSS so far, return its result.

    With ``--profile``, also the functions taking the most time in the phase.
    """
    profiler = cProfile.Profile() if PROFILE["on"] else None
    started = time.perf_counter()
    out = run() if profiler is None else profiler.runcall(run)
    print(f"  {name:<16} {time.perf_counter() - started:8.1f} s   peak RSS {peak_mb():8.0f} MB",
          flush=True)
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    return out


def synthetic_inputs(papers: int, seed: int = 7, text: bool = True) -> dict:
    """Plain inputs of build_index for a generated field: ids, citations, titles (or none)."""
    field = synthetic.generate(papers, seed=seed)
    rng = np.random.default_rng(seed + 1)
    ids = [synthetic.paper_id(i) for i in range(papers)]
    cited = [synthetic.paper_id(b) if b >= 0 else synthetic.outside_id(b)
             for b in field.cited.tolist()]
    citations = list(zip([ids[a] for a in field.citing.tolist()], cited, strict=True))
    texts = {p: (synthetic.title(rng, int(f)), None)
             for p, f in zip(ids, field.fields.tolist(), strict=True)} if text else {}
    return {"papers": ids, "citations": citations, "texts": texts}


def listing(index: relatedness.RelatednessIndex) -> int:
    """Consume every row of the listing (as the index writer does); return how many."""
    return sum(1 for _ in relatedness.related_papers(None, (), index=index, k=K))


def subset_rows(index: relatedness.RelatednessIndex, size: int) -> int:
    """Consume related_rows for ``size`` papers spread over the field."""
    picks = np.linspace(0, len(index.ids) - 1, size).astype(int)
    papers = [index.ids[i] for i in dict.fromkeys(picks.tolist())]
    return sum(1 for _ in relatedness.related_rows(index, papers, k=K))


def measure(name: str, make: Callable[[], dict], subset: int, full: bool = True) -> None:
    print(f"{name}:", flush=True)
    inp = phase("inputs", make)
    print(f"  ({len(inp['papers'])} papers, {len(inp['citations'])} citations)")
    index = phase("build_index", lambda: relatedness.build_index(**inp))
    inp.clear()  # free the inputs before the listing
    if full:
        rows = phase("related_papers", lambda: listing(index))
        print(f"  ({rows} rows)")
    if subset and hasattr(relatedness, "related_rows"):
        phase(f"related_rows {subset}", lambda: subset_rows(index, subset))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--demo", action="store_true", help=f"the SYNERGY review {DEMO}")
    ap.add_argument("--papers", type=int, action="append", default=[],
                    help="a synthetic field of this many papers (repeatable)")
    ap.add_argument("--subset", type=int, default=0,
                    help="also time related_rows for this many papers")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-text", action="store_true", help="synthetic papers without titles")
    ap.add_argument("--no-listing", action="store_true",
                    help="skip the whole listing (with --subset: a sample of it)")
    ap.add_argument("--profile", action="store_true", help="where each phase's time goes")
    args = ap.parse_args(argv)
    PROFILE["on"] = args.profile
    if args.demo or not args.papers:
        measure(f"demo ({DEMO})", lambda: inputs(load_review(DEMO)[0]), args.subset,
                not args.no_listing)
    for n in args.papers:
        measure(f"synthetic {n}{' (no text)' if args.no_text else ''}",
                lambda n=n: synthetic_inputs(n, args.seed, not args.no_text), args.subset,
                not args.no_listing)


if __name__ == "__main__":
    main()
