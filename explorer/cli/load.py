"""``explorer load`` and ``explorer sample``: records into the graph."""

from __future__ import annotations

import json
import sys
import time
from importlib import resources
from pathlib import Path

import click

from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_INPUT, EXIT_REJECTS, EXIT_UNAVAILABLE, fail, main, open_graph
from loaders import pipeline
from loaders.records import Rejection
from loaders.writer import DEFAULT_BATCH_SIZE, BatchFailed, GraphWriter, WriteStats


class _Progress:
    """Records/s and ETA on a terminal; a line every 10 s otherwise."""

    def __init__(self, total: int | None):
        self.total = total
        self.start = time.monotonic()
        self.last_line = self.start
        self.tty = sys.stderr.isatty()
        self._bar = None
        if self.tty:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("loading"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]} records/s"),
                                 TimeRemainingColumn(), transient=True)
            self._task = self._bar.add_task("load", total=total, rate="-")
            self._bar.start()

    def update(self, done: int) -> None:
        elapsed = max(time.monotonic() - self.start, 1e-6)
        rate = done / elapsed
        if self._bar is not None:
            self._bar.update(self._task, completed=done, rate=f"{rate:,.0f}")
        elif time.monotonic() - self.last_line >= 10:
            self.last_line = time.monotonic()
            click.echo(f"loaded {done:,} records ({rate:,.0f}/s)", err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _summary(stats: WriteStats, seconds: float, rejects_path: str | None) -> None:
    click.echo(f"records read: {stats.read + stats.rejected:,}  loaded: {stats.loaded:,}  "
               f"merged into existing papers: {stats.merged:,}  rejected: {stats.rejected:,}  "
               f"({seconds:.1f} s)")
    if stats.nodes_created:
        click.echo("nodes created: " + ", ".join(
            f"{k} {v:,}" for k, v in sorted(stats.nodes_created.items())))
    else:
        click.echo("nodes created: none")
    if stats.relationships_created:
        click.echo("relationships created: " + ", ".join(
            f"{k} {v:,}" for k, v in sorted(stats.relationships_created.items())))
    if stats.rejected and rejects_path:
        click.echo(f"rejected records written to {rejects_path}")


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run_load(planned, *, rejects: str | None, batch_size: int, id_prefix: str = "",
             nodes: str | None = None, quiet: bool = False,
             refused: list[Rejection] | None = None) -> WriteStats:
    """Load the planned files; print rejections (``refused`` files first) and a
    summary; return stats. SIGTERM ends the load like Ctrl-C: what was committed
    stays, its ``indegree`` and the graph version are refreshed, exit 1."""
    import itertools
    import signal

    total = None
    if sys.stderr.isatty():
        total = sum(pipeline.count_lines(p) or 0 for p, _ in planned) or None
    reject_file = open(rejects, "w", encoding="utf-8") if rejects else None  # noqa: SIM115
    shown = 0

    def on_reject(rejection: Rejection) -> None:
        nonlocal shown
        if reject_file:
            reject_file.write(json.dumps(rejection.as_dict(), ensure_ascii=False) + "\n")
        if shown < 20:
            where = rejection.file or "-"
            if rejection.line is not None:
                where += f":{rejection.line}"
            if rejection.key:
                where += f" [{rejection.key}]"
            click.echo(f"rejected {where}: {rejection.reason}", err=True)
        elif shown == 20:
            click.echo("more rejections… (see the rejects file)", err=True)
        shown += 1

    progress = _Progress(total)
    started = time.monotonic()
    with open_graph(quiet=quiet) as graph:
        writer = GraphWriter(graph, batch_size=batch_size)
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            records = itertools.chain(refused or [], pipeline.iter_records(
                planned, id_prefix=id_prefix, nodes=nodes))
            stats = writer.write(records, on_reject=on_reject, on_progress=progress.update,
                                 on_wait=lambda message: click.echo(message, err=True))
        except KeyboardInterrupt:
            progress.close()
            _summary(writer.stats, time.monotonic() - started, rejects)
            fail("interrupted; what was loaded so far stays (load again to complete it)", 1)
        except BatchFailed as exc:
            progress.close()
            fail(str(exc), 1)
        except GraphUnavailable as exc:
            progress.close()
            fail(str(exc), EXIT_UNAVAILABLE)
        except (OSError, pipeline.InputError) as exc:
            progress.close()
            _summary(writer.stats, time.monotonic() - started, rejects)
            fail(f"stopped: {exc}", EXIT_INPUT)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if reject_file:
                reject_file.close()
    progress.close()
    _summary(stats, time.monotonic() - started, rejects)
    return stats


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(pipeline.FORMATS), default="auto",
              show_default=True, help="input format; auto detects it from the content")
@click.option("--rejects", type=click.Path(dir_okay=False), default=None,
              help="write rejected records here as JSON Lines")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH_SIZE,
              show_default=True)
@click.option("--nodes", type=click.Path(exists=True, dir_okay=False), default=None,
              help="edge lists: a node table (id, year[, title])")
@click.option("--id-prefix", default="", help="edge lists: prefix for the bare ids")
def load(paths, fmt, rejects, batch_size, nodes, id_prefix) -> None:
    """Load paper records from files or directories (plain, .gz or .bz2)."""
    try:
        planned, refused = pipeline.plan_usable(list(paths), fmt)
    except pipeline.InputError as exc:
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


@main.group()
def fetch() -> None:
    """Fetch records from an online source and load them."""


@fetch.command("openalex")
@click.option("--id", "work_ids", multiple=True, help="an OpenAlex work id (W…); repeatable")
@click.option("--doi", default=None, help="a DOI")
@click.option("--search", default=None, help="title and abstract search")
@click.option("--depth", type=click.IntRange(0, 3), default=1, show_default=True,
              help="citation hops around the seeds (what they cite and what cites them)")
@click.option("--max-works", type=click.IntRange(1, 100_000), default=500, show_default=True)
@click.option("--base-url", envvar="OPENALEX_BASE_URL", default="https://api.openalex.org",
              show_default=True)
@click.option("--rejects", type=click.Path(dir_okay=False), default=None)
@click.option("--resolve-stubs", is_flag=True,
              help="fill stub papers (known only as a reference) in place, 50 ids a request")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=None,
              help="--resolve-stubs: at most this many stubs, most cited first")
def fetch_openalex(work_ids, doi, search, depth, max_works, base_url, rejects,
                   resolve_stubs, limit) -> None:
    """Fetch a paper and its citation neighbourhood from OpenAlex and load them.

    With --resolve-stubs, look up the graph's stub papers instead and fill them in.
    Polite use: set OPENALEX_MAILTO (and OPENALEX_API_KEY if you have one);
    responses are cached under EXPLORER_HOME/openalex-cache.
    """
    import os

    from loaders.openalex_api import OpenAlexClient, OpenAlexError

    named = sum(bool(x) for x in (work_ids, doi, search))
    if resolve_stubs and named:
        fail("--resolve-stubs takes no --id, --doi or --search", EXIT_INPUT)
    if not resolve_stubs and named != 1:
        fail("give exactly one of --id, --doi or --search (or --resolve-stubs)", EXIT_INPUT)
    if limit is not None and not resolve_stubs:
        fail("--limit goes with --resolve-stubs (use --max-works for a fetch)", EXIT_INPUT)
    from cypher.access.settings import load_settings

    cache = load_settings().home / "openalex-cache"
    client = OpenAlexClient(base_url, mailto=os.environ.get("OPENALEX_MAILTO"),
                            api_key=os.environ.get("OPENALEX_API_KEY"), cache_dir=cache)
    if resolve_stubs:
        _resolve_stubs(client, limit=limit, rejects=rejects)
    try:
        if search is not None:
            seeds = [w["id"] for w in client.iter_works(
                filter=f"title_and_abstract.search:{search}", max_results=25)]
        elif doi:
            seeds = [client.get_work(f"doi:{doi}")["id"]]
        else:
            seeds = list(work_ids)
        works = client.snowball(seeds, depth=depth, max_works=max_works)
    except OpenAlexError as exc:
        fail(str(exc), EXIT_UNAVAILABLE)
    click.echo(f"fetched {len(works)} works ({client.requests_made} requests)", err=True)
    from loaders.openalex import parse_objects

    records = list(parse_objects(((n, w) for n, w in enumerate(works, 1)), file="openalex-api"))
    stats = _load_records(records, rejects=rejects)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)


def _resolve_stubs(client, *, limit: int | None, rejects: str | None) -> None:
    """``fetch openalex --resolve-stubs``: see :mod:`loaders.openalex_stubs`."""
    from loaders.openalex_api import OpenAlexError
    from loaders.openalex_stubs import resolve_stubs

    def show(p) -> None:
        click.echo(f"batch {p.batches}/{p.batches_total}: resolved {p.resolved:,} of "
                   f"{p.asked:,} stubs asked ({p.requests} request"
                   f"{'' if p.requests == 1 else 's'})", err=True)

    started = time.monotonic()
    reject_file = open(rejects, "w", encoding="utf-8") if rejects else None  # noqa: SIM115
    progress = None
    with open_graph(quiet=True) as graph:
        try:
            progress, stats = resolve_stubs(
                graph, client, limit=limit, on_progress=show,
                on_reject=lambda r: reject_file and reject_file.write(
                    json.dumps(r.as_dict(), ensure_ascii=False) + "\n"))
        except OpenAlexError as exc:
            fail(f"stopped (batches before this one are kept): {exc}", EXIT_UNAVAILABLE)
        except BatchFailed as exc:
            fail(str(exc), 1)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        finally:
            if reject_file:
                reject_file.close()
    if not progress.wanted:
        click.echo("no stub papers with an OpenAlex id to resolve", err=True)
    else:
        click.echo(f"resolved {progress.resolved:,} of {progress.wanted:,} stubs; "
                   f"{progress.not_found:,} not found at OpenAlex", err=True)
    _summary(stats, time.monotonic() - started, rejects)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)


def _load_records(records, *, rejects: str | None) -> WriteStats:
    started = time.monotonic()
    reject_file = open(rejects, "w", encoding="utf-8") if rejects else None  # noqa: SIM115
    with open_graph(quiet=True) as graph:
        writer = GraphWriter(graph)
        try:
            stats = writer.write(records, on_reject=lambda r: reject_file and reject_file.write(
                json.dumps(r.as_dict(), ensure_ascii=False) + "\n"))
        except BatchFailed as exc:
            fail(str(exc), 1)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        finally:
            if reject_file:
                reject_file.close()
    _summary(stats, time.monotonic() - started, rejects)
    return stats
