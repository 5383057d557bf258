"""The one graph writer: batches records into ``UNWIND $rows`` transactions.

Contract:

* the schema is created before the first write;
* each record is checked first (:mod:`loaders.checks`: one type per
  property, 64-bit integers, size) and rejected alone when it fails;
* batches are bounded by bytes as well as rows (well under Bolt's 16 MB
  message limit); each is written in one managed write transaction, all or
  nothing; a batch the server refuses is retried when the refusal is a
  conflict with a concurrent writer, else split in halves until the record
  it cannot take is found, which is rejected with its file, line and the
  server's reason, and the load goes on; the graph going away raises
  :class:`cypher.access.graph.GraphUnavailable`, and no write is waited for
  longer than :data:`WRITE_TIMEOUT`;
* one load at a time into one graph (:mod:`loaders.loadlock`); each paper's
  stored ``indegree`` is counted up in the transaction that creates its
  citations (``write/merge_cites``), so it is exact whenever a batch commits; a
  load that fails or is interrupted still replaces the graph version for what
  it committed;
* one batch is written in the background while the next is built; a batch
  whose identity lookups must read the graph waits for the one in flight, so
  lookups always see every earlier batch;
* writing is idempotent (every statement MERGEs, or creates a citation only
  when it is missing), so loading the same input
  twice, or again after a crash, leaves the same graph;
* identity resolution: a paper whose DOI (or OpenAlex id) is already in the
  graph under another id is written onto that node, so the same DOI from
  several sources is one paper; a person whose ORCID is known is merged the
  same way; people known only by name are one person within one source file
  when their normalised names match, and otherwise kept apart.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from neo4j.exceptions import DriverError, Neo4jError

from cypher.access.graph import Graph, GraphUnavailable
from cypher.access.schema import ensure_schema
from loaders.checks import MAX_BATCH_BYTES, record_bytes, record_problem
from loaders.loadlock import load_lock
from loaders.records import Rejection
from loaders.rows import Batch, Record, RowBuilder

DEFAULT_BATCH_SIZE = 10_000
WRITE_TIMEOUT = 900.0  # seconds one batch may take before the load gives up
CONFLICT_RETRIES = (0.2, 0.5, 1.0, 2.0, 4.0)  # pauses before retrying a conflicting batch
_CONFLICTS = ("duplicated key", "concurrentmodification", "concurrent modification",
              "deadlock", "transient", "already exists", "locked")


class BatchFailed(RuntimeError):
    """A batch could not be written; names its first record."""


TOUCHED_LIMIT = 50_000


@dataclass
class WriteStats:
    """What a load did, for its summary."""

    read: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: int = 0
    nodes_created: dict[str, int] = field(default_factory=dict)
    relationships_created: dict[str, int] = field(default_factory=dict)
    #: ids of the papers the load wrote or gave new citations (for the related-work
    #: index), at most TOUCHED_LIMIT; ``touched_more`` when there were more
    touched: dict[str, None] = field(default_factory=dict)
    touched_more: bool = False

    def touch(self, ids: Iterable[object]) -> None:
        """Note papers the load changed, up to :data:`TOUCHED_LIMIT`."""
        for pid in ids:
            if len(self.touched) >= TOUCHED_LIMIT:
                self.touched_more = True
                return
            self.touched[str(pid)] = None

    def add_counters(self, by_statement: dict[str, dict[str, int]]) -> None:
        for name, counters in by_statement.items():
            label = _STATEMENT_LABEL.get(name)
            if label and counters.get("nodes_created"):
                self.nodes_created[label] = (
                    self.nodes_created.get(label, 0) + counters["nodes_created"])
            rel = _STATEMENT_TYPE.get(name)
            if rel and counters.get("relationships_created"):
                self.relationships_created[rel] = (
                    self.relationships_created.get(rel, 0) + counters["relationships_created"])


_STATEMENT_LABEL = {
    "write/merge_papers": "Paper", "write/merge_stub_papers": "Paper",
    "write/merge_cites": "Paper", "write/merge_related": "Paper",  # the stubs they create
    "write/merge_people": "Person", "write/merge_institutions": "Institution",
    "write/merge_topics": "Topic",
}
_STATEMENT_TYPE = {
    "write/merge_cites": "CITES", "write/merge_related": "RELATED_TO",
    "write/merge_authored": "AUTHORED", "write/merge_affiliated": "AFFILIATED_WITH",
    "write/merge_about": "ABOUT", "write/merge_part_of": "PART_OF",
}

class GraphWriter:
    """Write records to the graph in batches; see the module docstring. Its
    :class:`loaders.rows.RowBuilder` builds each batch's rows; the writer owns
    the batches, the transactions and the load's bookkeeping."""

    def __init__(self, graph: Graph, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 batch_bytes: int = MAX_BATCH_BYTES):
        self.graph = graph
        self.batch_size = max(1, batch_size)
        self.batch_bytes = batch_bytes
        self._on_reject = None
        self.stats = WriteStats()
        self.builder = RowBuilder(self._identities)
        self._schema_ready = False
        self._executor: ThreadPoolExecutor | None = None
        self._pending: tuple[Future, list[Record], Batch] | None = None

    # -- public ------------------------------------------------------------
    def write(self, records: Iterable[Record | Rejection],
              on_reject=None, on_progress=None, on_wait=None) -> WriteStats:
        """Write every record; call ``on_reject(rejection)`` for rejections,
        ``on_progress(records_read)`` after each batch and ``on_wait(message)``
        when another load holds this graph. Returns the stats."""
        settings = self.graph.settings
        with load_lock(settings.home, self.graph.uri, self.graph.database, on_wait):
            return self._write(records, on_reject, on_progress)

    def _write(self, records: Iterable[Record | Rejection], on_reject, on_progress
               ) -> WriteStats:
        self._on_reject = on_reject
        if not self._schema_ready:
            ensure_schema(self.graph)
            self._schema_ready = True
        batch: list[Record] = []
        size = 0
        done = False
        try:
            for record in records:
                if isinstance(record, Rejection):
                    self._reject(record)
                    continue
                self.stats.read += 1
                record_size = record_bytes(record)
                problem = record_problem(record, size=record_size)
                if problem:
                    self._reject_record(record, problem)
                    continue
                batch.append(record)
                size += record_size
                if len(batch) >= self.batch_size or size >= self.batch_bytes:
                    self._flush(batch)
                    batch, size = [], 0
                    if on_progress:
                        on_progress(self.stats.read)
            if batch:
                self._flush(batch)
                if on_progress:
                    on_progress(self.stats.read)
            self._drain()
            done = True
        finally:
            self._abandon()
            self._finish(quietly=not done)
        return self.stats

    def _finish(self, *, quietly: bool) -> None:
        """Replace the graph version for what was committed; after a failure, as far
        as the graph still answers (not at all when it stopped answering a write)."""
        if getattr(self, "_hung", False):
            return
        try:
            self._drain()
            if (self.stats.nodes_created or self.stats.relationships_created
                    or self.stats.loaded or quietly):
                self.graph.mark_changed()
        except (GraphUnavailable, Neo4jError, DriverError, OSError):
            if not quietly:
                raise
        finally:
            self._abandon()

    def _reject(self, rejection: Rejection) -> None:
        self.stats.rejected += 1
        if self._on_reject:
            self._on_reject(rejection)

    def _reject_record(self, record: Record, reason: str) -> None:
        """Reject a record that was counted as read."""
        self.stats.read -= 1
        self._reject(Rejection(getattr(record, "file", None), getattr(record, "line", None),
                               reason, key=getattr(record, "key", None) or _record_id(record)))

    def _identities(self, statement: str, keys: list[str]) -> list[dict]:
        """An identity lookup for the row builder, once every batch built so far is
        written (a lookup must see them all)."""
        self._drain()
        return self.graph.read(statement, keys=keys)

    # -- batches ---------------------------------------------------------------
    def _flush(self, records: list[Record]) -> None:
        """Build the batch's rows (while the previous batch is still being written),
        then hand them to the background writer."""
        batch = self.builder.build(records)
        steps = batch.steps()
        self._drain()
        self._pending = (self._pool().submit(self.graph.write_many, steps), records, batch)

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1,
                                                thread_name_prefix="graph-writer")
        return self._executor

    def _drain(self) -> None:
        """Wait for the batch in flight; account for it, or raise BatchFailed."""
        if self._pending is None:
            return
        future, records, batch = self._pending
        self._pending = None
        try:
            counters = self._wait(future)
        except (GraphUnavailable, DriverError) as exc:
            raise _unavailable(self.graph, exc) from exc
        except Exception as exc:
            if _refuses_every_write(exc):
                first = records[0]
                where = (f"{getattr(first, 'file', None) or '-'}:"
                         f"{getattr(first, 'line', None) or '-'}")
                raise BatchFailed(f"writing the batch that starts at {where} "
                                  f"({len(records)} records) failed: {exc}") from exc
            self._split(records, exc)
            return
        self._account(counters, records, batch)

    def _split(self, records: list[Record], exc: Exception) -> None:
        """Write ``records`` after the server refused them as one batch: retry a
        conflict, else halve until the refused record is found and rejected."""
        for pause in CONFLICT_RETRIES if _is_conflict(exc) else ():
            time.sleep(pause)
            try:
                self._write_now(records)
                return
            except (GraphUnavailable, DriverError) as err:
                raise _unavailable(self.graph, err) from err
            except Exception as err:
                exc = err
                if not _is_conflict(err):
                    break
        if len(records) == 1:
            self._reject_record(records[0], "the graph refused the record: " + _one_line(exc))
            return
        middle = len(records) // 2
        for half in (records[:middle], records[middle:]):
            try:
                self._write_now(half)
            except (GraphUnavailable, DriverError) as err:
                raise _unavailable(self.graph, err) from err
            except Exception as err:
                self._split(half, err)

    def _write_now(self, records: list[Record]) -> None:
        batch = self.builder.build(records)
        self._account(self._bounded(batch.steps()), records, batch)

    def _bounded(self, steps: list) -> dict:
        """Run write steps now, on the writer thread, waiting at most WRITE_TIMEOUT
        (the driver itself would wait for an answer without end)."""
        return self._wait(self._pool().submit(self.graph.write_many, steps))

    def _wait(self, future) -> dict:
        """The counters of a write on the writer thread, or GraphUnavailable at WRITE_TIMEOUT."""
        try:
            return future.result(timeout=WRITE_TIMEOUT)
        except FutureTimeout:
            self._hung = True
            raise GraphUnavailable(f"the graph at {self.graph.uri} did not answer a "
                                   f"write within {WRITE_TIMEOUT:g} s") from None

    def _account(self, counters: dict, records: list[Record], batch: Batch) -> None:
        self.stats.add_counters(counters)
        if any(c.get("nodes_created") or c.get("relationships_created")
               for c in counters.values()):  # a batch that created nothing changed no list
            self.stats.touch(batch.rows.get("write/merge_papers", {}))
            self.stats.touch(src for src, _ in batch.rows.get("write/merge_cites", {}))
        self.builder.written(batch)
        created = counters.get("write/merge_papers", {}).get("nodes_created", 0)
        self.stats.loaded += len(records)
        self.stats.merged += max(0, batch.papers - created)

    def _abandon(self) -> None:
        """After an error: let a batch in flight finish (writes are idempotent, so
        a rerun completes the load) and stop the background writer."""
        hung = getattr(self, "_hung", False)
        if self._pending is not None:
            if not hung:
                self._pending[0].exception(timeout=WRITE_TIMEOUT)
            self._pending = None
        if self._executor is not None:
            self._executor.shutdown(wait=not hung)
            self._executor = None

def _record_id(record: object) -> str | None:
    value = getattr(record, "id", None) or getattr(record, "citing", None)
    return str(value)[:80] if value else None


def _one_line(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(message).split())[:300]


def _is_conflict(exc: Exception) -> bool:
    """True for a refusal caused by a concurrent writer (worth retrying as is)."""
    text = f"{type(exc).__name__} {getattr(exc, 'code', '')} {exc}".lower()
    return any(word in text for word in _CONFLICTS)


def _refuses_every_write(exc: Exception) -> bool:
    """True when the server refuses writes as such (rights, a read-only database):
    no record is to blame, so the load stops instead of splitting the batch."""
    code = str(getattr(exc, "code", "") or "")
    return ".Security." in code or "ReadOnly" in code or "read-only" in str(exc).lower()


def _unavailable(graph: Graph, exc: Exception) -> GraphUnavailable:
    if isinstance(exc, GraphUnavailable):
        return exc
    return GraphUnavailable(f"the graph at {graph.uri} went away: {_one_line(exc)}")


def iter_with_limit(records: Iterable, limit: int | None) -> Iterator:
    """Yield at most ``limit`` records (all when None)."""
    for n, record in enumerate(records):
        if limit is not None and n >= limit:
            return
        yield record
