"""``explorer sample``: the bundled demo (a real CC0 field of OpenAlex works, five seeds)."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from explorer.cli.base import EXIT_REJECTS, main
from explorer.cli.loading import import_load, run_load, wants_import


def sample_path() -> Path:
    """The bundled sample: the five seed papers as native records."""
    return Path(str(resources.files("loaders") / "sample" / "seed-papers.jsonl"))


def demo_paths() -> list[tuple[Path, str]]:
    """The bundled demo set: the 1,175 OpenAlex works of one systematic review's search
    (SYNERGY, Jeyaraman 2020; CC0), then the five seed papers (source and licence in
    ``loaders/sample/README.md``)."""
    folder = resources.files("loaders") / "sample"
    return [(Path(str(folder / "jeyaraman-2020-works.jsonl.gz")), "openalex"),
            (sample_path(), "native")]


@main.command()
def sample() -> None:
    """Load the bundled demo: a real field of 1,175 OpenAlex works (CC0) and five seed papers."""
    planned = demo_paths()
    # into an empty local graph as an import (the graph and its related-work index
    # written at once: about a third faster than in batches); else in batches
    stats = import_load(planned, rejects=None, batch_size=1000) \
        if wants_import(planned, "auto", any_size=True) else None
    if stats is None:
        stats = run_load(planned, rejects=None, batch_size=1000)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)
