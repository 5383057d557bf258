"""``explorer load``: paper records from files, folders and zip archives into the graph
(or, with ``--bulk DIR``, into files for ``neo4j-admin database import``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from cypher.access.errors import InputError
from explorer.cli.base import EXIT_INPUT, EXIT_REJECTS, fail, main
from explorer.cli.loading import Rejects, import_load, run_load, wants_import
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
@click.option("--bulk", "bulk_dir", type=click.Path(file_okay=False), default=None,
              help="write files for neo4j-admin database import into this new folder "
                   "instead of loading (first load into an empty Neo4j)")
@click.option("--first-load", "first_load", type=click.Choice(["auto", "import", "batches"]),
              default="auto", show_default=True,
              help="into an empty local graph: 'import' writes the whole graph at once with "
                   "the local server stopped for that moment, 'batches' loads through Cypher "
                   "as into any graph; 'auto' imports into a new home (no database yet, "
                   "no server running) and inputs of 5 MB or more")
def load(paths, fmt, rejects, batch_size, nodes, id_prefix, bulk_dir, first_load) -> None:
    """Load paper records from files, directories or zip archives (plain, .gz or .bz2)."""
    if bulk_dir and Path(bulk_dir).exists() and (
            not Path(bulk_dir).is_dir() or any(Path(bulk_dir).iterdir())):
        fail(f"{bulk_dir}: the bulk folder must be new or empty", EXIT_INPUT)
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
    if bulk_dir:
        _bulk(planned, refused, Path(bulk_dir), rejects, batch_size, id_prefix, nodes)
    if wants_import(planned, first_load):
        imported = import_load(planned, rejects=rejects, batch_size=batch_size,
                               id_prefix=id_prefix, nodes=nodes, refused=refused)
        if imported is not None:
            sys.exit(EXIT_REJECTS if imported.rejected else 0)
        if first_load == "import":
            click.echo("the local graph is not empty: loading in batches", err=True)
    stats = run_load(planned, rejects=rejects, batch_size=batch_size, id_prefix=id_prefix,
                     nodes=nodes, refused=refused)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)


def _bulk(planned, refused, folder: Path, rejects, batch_size, id_prefix, nodes) -> None:
    """``--bulk``: the same records, batches and checks as a load, written as import
    files (:mod:`loaders.bulk`, :mod:`loaders.bulk_csv`); exit like a load."""
    import itertools

    from explorer.cli.loading import IndexProgress
    from explorer.views import entity_leads, whole_index
    from explorer.views.field_arrays import from_bulk
    from loaders.bulk import BulkGraph
    from loaders.bulk_csv import write_bulk

    started = time.monotonic()
    on_reject = Rejects(rejects)

    try:
        graph = BulkGraph(batch_size=batch_size, on_reject=on_reject)
        graph.add(itertools.chain(refused, pipeline.read_ahead(
            lambda: pipeline.iter_records(planned, id_prefix=id_prefix, nodes=nodes))))
        stats = graph.finish()
        entity_leads.set_in_bulk(graph)  # the topics' and institutions' leading papers
        manifest = write_bulk(graph, folder)
        field = from_bulk(graph)  # what the index reads of the graph
        del graph
    except (OSError, InputError) as exc:
        fail(f"stopped: {exc}", EXIT_INPUT)
    finally:
        on_reject.close()
    click.echo(f"records read: {stats.read + stats.rejected:,}  loaded: {stats.loaded:,}  "
               f"merged into existing papers: {stats.merged:,}  rejected: {stats.rejected:,}  "
               f"({time.monotonic() - started:.1f} s)")
    try:
        run = whole_index.build_into_files(field, manifest, progress=IndexProgress())
    except OSError as exc:
        fail(f"stopped while writing the related-work index: {exc}", EXIT_INPUT)
    click.echo(f"related-work index: {run['papers']:,} papers indexed, {run['links']:,} "
               f"links ({run['seconds']:.1f} s)", err=True)
    click.echo("nodes: " + ", ".join(f"{k} {v:,}" for k, v in manifest.node_counts.items()))
    click.echo("relationships: " + ", ".join(
        f"{k} {v:,}" for k, v in manifest.relationship_counts.items()))
    click.echo(f"bulk files in {folder}; with Neo4j stopped, run there:")
    click.echo(manifest.command())
    click.echo("then start Neo4j and run `explorer db init`; the related-work index is in "
               f"the files (see {folder / 'README.md'})")
    sys.exit(EXIT_REJECTS if stats.rejected else 0)
