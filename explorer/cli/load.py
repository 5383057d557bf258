"""``explorer load``: paper records from files, folders and zip archives into the graph."""

from __future__ import annotations

import sys

import click

from cypher.access.errors import InputError
from explorer.cli.base import EXIT_INPUT, EXIT_REJECTS, fail, main
from explorer.cli.loading import run_load
from loaders import pipeline
from loaders.writer import DEFAULT_BATCH_SIZE


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(pipeline.choices()), default="auto",
              show_default=True, help="input format; auto detects it from the content")
@click.option("--rejects", type=click.Path(dir_okay=False), default=None,
              help="write rejected records here as JSON Lines")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH_SIZE,
              show_default=True)
@click.option("--nodes", type=click.Path(exists=True, dir_okay=False), default=None,
              help="edge lists: a node table (id, year[, title])")
@click.option("--id-prefix", default="", help="edge lists: prefix for the bare ids")
def load(paths, fmt, rejects, batch_size, nodes, id_prefix) -> None:
    """Load paper records from files, directories or zip archives (plain, .gz or .bz2)."""
    try:
        planned, refused = pipeline.plan_usable(list(paths), fmt)
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    for path, detected in planned:
        click.echo(f"{path}: {detected}", err=True)
    if not planned:  # nothing usable at all: unusable input
        for rejection in refused[:-1]:
            click.echo(f"error: {rejection.file}: {rejection.reason}", err=True)
        fail(f"{refused[-1].file}: {refused[-1].reason}", EXIT_INPUT)
    stats = run_load(planned, rejects=rejects, batch_size=batch_size, id_prefix=id_prefix,
                     nodes=nodes, refused=refused)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)
