"""Running a load for the commands that load (``load``, ``sample``, ``fetch``):
progress on the terminal, rejections on stderr and in the rejects file, the summary."""

from __future__ import annotations

import json
import sys
import time

import click
from neo4j.exceptions import Neo4jError

from cypher.access.errors import InputError
from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_INPUT, EXIT_UNAVAILABLE, fail, open_graph
from loaders import pipeline
from loaders.records import Rejection
from loaders.writer import BatchFailed, GraphWriter, WriteStats


class Progress:
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


def summary(stats: WriteStats, seconds: float, rejects_path: str | None) -> None:
    """Print what a load did: records read, loaded, merged and rejected, what it
    created, and where the rejections went."""
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

    progress = Progress(total)
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
            summary(writer.stats, time.monotonic() - started, rejects)
            fail("interrupted; what was loaded so far stays (load again to complete it)", 1)
        except BatchFailed as exc:
            progress.close()
            fail(str(exc), 1)
        except GraphUnavailable as exc:
            progress.close()
            fail(str(exc), EXIT_UNAVAILABLE)
        except (OSError, InputError) as exc:
            progress.close()
            summary(writer.stats, time.monotonic() - started, rejects)
            fail(f"stopped: {exc}", EXIT_INPUT)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if reject_file:
                reject_file.close()
        progress.close()
        summary(stats, time.monotonic() - started, rejects)
        update_index(graph, stats)
    return stats


class IndexProgress:
    """A line on stderr at most every 5 s while the related-work index is written:
    papers done, rate and time left (nothing for a run shorter than that)."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 5 and (done < total or now - self.start < 5):
            return  # short runs print nothing; the summary line follows
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        left = (total - done) / rate if rate else 0
        click.echo(f"indexed {done:,} of {total:,} papers ({rate:,.0f}/s, about "
                   f"{left:,.0f} s left)", err=True)


def update_index(graph, stats: WriteStats) -> None:
    """Bring the related-work index up to date after a load (one line on stderr); a
    failure here leaves the load in place and says how to finish (``explorer index``)."""
    from explorer.views import related_index

    try:
        run = related_index.after_load(graph, stats, progress=IndexProgress())
    except (GraphUnavailable, Neo4jError) as exc:
        click.echo(f"the related-work index was not updated ({exc}); run: explorer index",
                   err=True)
        return
    if run is not None:
        click.echo(f"related-work index: {run['papers']:,} papers "
                   f"{'indexed' if run['scope'] == 'all' else 'updated'}, "
                   f"{run['links']:,} links ({run['seconds']:.1f} s)", err=True)


def write_records(records, *, rejects: str | None) -> WriteStats:
    """Write records already in hand (a fetch's) with the rejects file and the
    summary; exit 1 when a batch fails, 4 when the graph is unavailable."""
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
        summary(stats, time.monotonic() - started, rejects)
        update_index(graph, stats)
    return stats
