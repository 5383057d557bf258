"""Running a load for the commands that load (``load``, ``sample``, ``fetch``):
progress on the terminal, rejections on stderr and in the rejects file, the summary."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from neo4j.exceptions import Neo4jError

from cypher.access.errors import InputError
from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_INPUT, EXIT_UNAVAILABLE, fail, open_graph
from loaders import pipeline
from loaders.records import Rejection
from loaders.writer import BatchFailed, GraphWriter, WriteStats

if TYPE_CHECKING:
    from explorer.views.whole_index import WholeIndex


class Rejects:
    """A load's rejections: the first 20 on stderr (file, line, key, reason), every
    one in the rejects file when one is named."""

    def __init__(self, path: str | None):
        self.file = open(path, "w", encoding="utf-8") if path else None  # noqa: SIM115
        self.shown = 0

    def __call__(self, rejection: Rejection) -> None:
        if self.file:
            self.file.write(json.dumps(rejection.as_dict(), ensure_ascii=False) + "\n")
        if self.shown < 20:
            where = rejection.file or "-"
            if rejection.line is not None:
                where += f":{rejection.line}"
            if rejection.key:
                where += f" [{rejection.key}]"
            click.echo(f"rejected {where}: {rejection.reason}", err=True)
        elif self.shown == 20:
            click.echo("more rejections… (see the rejects file)", err=True)
        self.shown += 1

    def close(self) -> None:
        if self.file:
            self.file.close()


def _total(planned) -> int | None:
    """The records to expect (lines of line-based files) on a terminal, else None."""
    if not sys.stderr.isatty():
        return None
    return sum(pipeline.count_lines(p) or 0 for p, _ in planned) or None


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

    total = _total(planned)
    on_reject = Rejects(rejects)
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
            on_reject.close()
        progress.close()
        summary(stats, time.monotonic() - started, rejects)
        update_index(graph, stats)
    return stats


class IndexProgress:
    """A line on stderr at most every 5 s while the related-work index is written:
    papers done, rate and time left (nothing for a run shorter than that); then, as
    :meth:`lists`, the same for the topics' and institutions' kept lists. The rate is the
    last minute's (:data:`WINDOW`) once the lines span 10 s: a first load's index starts
    slowly, and the rate since the start said three hours when twenty minutes remained."""

    WINDOW = 60.0

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.start = self.last = clock()
        self.what = "indexed {done:,} of {total:,} papers"
        self.seen: list[tuple[float, int]] = [(self.start, 0)]

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.last < 5 and (done < total or now - self.start < 5):
            return  # short runs print nothing; the summary line follows
        self.last = now
        self.seen = [(t, n) for t, n in self.seen if now - t <= self.WINDOW] or self.seen[-1:]
        since, then = self.seen[0]
        if now - since >= 10 and done > then:
            rate = (done - then) / (now - since)
        else:
            rate = done / max(now - self.start, 1e-6)
        self.seen.append((now, done))
        left = (total - done) / rate if rate else 0
        click.echo(f"{self.what.format(done=done, total=total)} "
                   f"({rate:,.{0 if rate >= 10 else 1}f}/s, about {left:,.0f} s left)",
                   err=True)

    def lists(self, done: int, total: int) -> None:
        """Progress of the lists kept on topics and institutions
        (:func:`explorer.views.entity_leads.build`), timed from its first call."""
        if self.what.endswith("papers"):
            self.what = "kept {done:,} of {total:,} lists of topics and institutions"
            self.start = self.clock()
            self.seen = [(self.start, 0)]
        self(done, total)


def update_index(graph, stats: WriteStats, *, imported: WholeIndex | None = None) -> None:
    """Bring the related-work index up to date after a load (one line on stderr), or,
    after an import that wrote it with the graph (``imported``), record its run; a
    failure here leaves the load in place and says how to finish (``explorer index``)."""
    from explorer.views import related_index

    try:
        run = (imported.record(graph) if imported is not None else
               related_index.after_load(graph, stats, progress=IndexProgress()))
    except (GraphUnavailable, Neo4jError, RuntimeError) as exc:
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


#: inputs of this many bytes or more go into an empty local graph by import
IMPORT_FROM = 5 * 2**20


def wants_import(planned, mode: str, *, any_size: bool = False) -> bool:
    """Whether a load of ``planned`` files should be an import (``--first-load``):
    ``import`` always, ``batches`` never, ``auto`` into the local server when it does
    not run yet and has no database (a new home), or when the input files add up to
    :data:`IMPORT_FROM` bytes or more (``any_size``: whatever their size)."""
    from cypher.access.backends.registry import backend_for
    from cypher.access.settings import SettingsError, load_settings

    if mode == "batches":
        return False
    try:
        settings = load_settings()
    except SettingsError as exc:
        fail(str(exc), EXIT_INPUT)
    if backend_for(settings).first_load != "import":
        if mode == "import":
            fail("--first-load import writes the local server's files; for Neo4j use "
                 "--bulk DIR (files for neo4j-admin database import)", EXIT_INPUT)
        return False
    if mode == "import":
        return True
    from cypher.access.localserver import manager
    from loaders.bulk_local import database_dir

    if manager.running_state(settings.home) is None:
        # a graph made before: the import would learn so only after reading; else a new
        # home, where the import starts the server once and disconnects no one
        return not database_dir(settings.home, settings.database).exists()
    if any_size:
        return True
    files = {getattr(path, "archive", path) for path, _ in planned}  # a zip counts once
    size = 0
    for file in files:
        try:
            size += Path(file).stat().st_size
        except OSError:
            pass
    return size >= IMPORT_FROM


def import_load(planned, *, rejects: str | None, batch_size: int, id_prefix: str = "",
                nodes: str | None = None, refused: list[Rejection] | None = None
                ) -> WriteStats | None:
    """A first load into the empty local graph as an import (:mod:`loaders.bulk_local`):
    the records are read, checked and merged in memory as a load would, then written
    with the server stopped for that moment, the related-work index with them (scored
    here meanwhile); constraints and indexes follow. Print what a load prints; return
    the stats, or None (having written nothing) when the graph is not empty, so that
    the caller loads in batches."""
    import itertools
    import signal

    from cypher.access.localserver import manager
    from cypher.access.schema import ensure_schema
    from cypher.access.settings import load_settings
    from explorer.views import entity_leads
    from explorer.views.field_arrays import from_bulk
    from explorer.views.whole_index import WholeIndex
    from loaders import bulk_local
    from loaders.bulk import BulkGraph
    from loaders.loadlock import load_lock

    settings = load_settings()
    started = time.monotonic()
    if manager.running_state(settings.home) is not None:
        with open_graph() as graph:
            if graph.read("read/any_paper", limit=1):
                return None
    elif not manager.port_free(settings.bolt_port):
        # the import starts the server at its end: say so now, not after the work
        fail(f"port {settings.bolt_port} is already in use on 127.0.0.1, so the local server "
             "could not start after the load; set EXPLORER_BOLT_PORT to a free port (or "
             "stop what uses it); nothing was loaded", EXIT_UNAVAILABLE)
    on_reject = Rejects(rejects)
    progress = Progress(_total(planned))
    counts: dict[str, int] | None = None
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with load_lock(settings.home, settings.local_uri, settings.database,
                       lambda message: click.echo(message, err=True)):
            bulk = BulkGraph(batch_size=batch_size, on_reject=on_reject)
            try:
                bulk.add(itertools.chain(refused or [], pipeline.read_ahead(
                    lambda: pipeline.iter_records(planned, id_prefix=id_prefix, nodes=nodes))),
                    on_progress=progress.update)
                built = bulk.finish()
            except (OSError, InputError) as exc:
                progress.close()
                fail(f"stopped: {exc}; nothing was written", EXIT_INPUT)
            finally:
                progress.close()
                on_reject.close()
            node_counts, link_counts = bulk.counts()
            click.echo(f"read {built.read + built.rejected:,} records in "
                       f"{time.monotonic() - started:.1f} s; importing "
                       f"{sum(node_counts.values()):,} nodes and "
                       f"{sum(link_counts.values()):,} relationships into the empty local "
                       "graph with its related-work index (its server stops meanwhile)",
                       err=True)
            step_start = time.monotonic()

            def on_step(what: str, count: int) -> None:
                if count:
                    click.echo(f"  {what} {count:,} ({time.monotonic() - step_start:.1f} s)",
                               err=True)

            # the index of the field in memory, scored while the import writes the graph
            whole: WholeIndex | None = WholeIndex(from_bulk(bulk), progress=IndexProgress())
            entity_leads.set_in_bulk(bulk)  # the topics' and institutions' leading papers
            try:
                counts = bulk_local.import_first_load(settings, bulk, database=settings.database,
                                                      on_step=on_step, links=whole.chunks)
            except bulk_local.NotEmpty as exc:
                click.echo(f"{exc}: loading in batches instead", err=True)
                return None
            except bulk_local.LinksFailed as exc:
                click.echo(f"the related-work index was not written ({exc}); "
                           "run: explorer index", err=True)
                counts, whole = exc.counts, None
            except manager.ServerError as exc:
                fail(f"the graph was written, but its server did not start again: {exc}; "
                     "then `explorer db start`, `explorer db init` (its indexes) and "
                     "`explorer index` (its related-work index)", EXIT_UNAVAILABLE)
            del bulk
    except KeyboardInterrupt as exc:
        progress.close()
        if isinstance(exc, bulk_local.GraphKept) or counts is not None:
            fail("interrupted after the graph was written: the graph is loaded, its "
                 "related-work index partly or not recorded; `explorer db init` makes its "
                 "indexes and `explorer index` its related-work index", 1)
        fail("interrupted; nothing was written: the local graph is as it was", 1)
    finally:
        signal.signal(signal.SIGTERM, previous)
    stats = WriteStats(read=built.read, loaded=built.loaded, merged=built.merged,
                       rejected=built.rejected)
    stats.nodes_created = {k: v for k, v in counts.items() if k in bulk_local.LABELS}
    stats.relationships_created = {k: v for k, v in counts.items()
                                   if k not in bulk_local.LABELS and k != "RELATED"}
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with open_graph() as graph:
            schema_start = time.monotonic()
            ensure_schema(graph)
            click.echo(f"constraints and indexes made "
                       f"({time.monotonic() - schema_start:.1f} s)", err=True)
            summary(stats, time.monotonic() - started, rejects)
            if whole is not None:
                update_index(graph, stats, imported=whole)
    except KeyboardInterrupt:
        fail("interrupted after the import: the graph is loaded; `explorer db init` makes "
             "its indexes and `explorer index` its related-work index", 1)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return stats
