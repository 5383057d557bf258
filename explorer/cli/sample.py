"""``explorer sample``: the bundled demo (real CC0 OpenAlex works and five seed papers)."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from explorer.cli.base import EXIT_REJECTS, main
from explorer.cli.loading import run_load


def sample_path() -> Path:
    """The bundled sample: the five seed papers as native records."""
    return Path(str(resources.files("loaders") / "sample" / "seed-papers.jsonl"))


def demo_paths() -> list[tuple[Path, str]]:
    """The bundled demo set: real CC0 OpenAlex works, then the five seed papers
    (source and licence in ``loaders/sample/README.md``)."""
    folder = resources.files("loaders") / "sample"
    return [(Path(str(folder / "openalex-demo-works.jsonl.gz")), "openalex"),
            (sample_path(), "native")]


@main.command()
def sample() -> None:
    """Load the bundled demo: 246 real OpenAlex works (CC0) and the five seed papers."""
    stats = run_load(demo_paths(), rejects=None, batch_size=1000)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)
