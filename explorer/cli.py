"""The ``explorer`` command line.

Exit status: 0 success, 1 unexpected failure, 2 unusable input or a query the
database refused, 3 a load that rejected some records, 4 the graph is
unavailable.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click
from neo4j.exceptions import ClientError, Neo4jError

from explorer import localserver
from explorer.graph import Graph, GraphUnavailable, QueryError, connect, error_message
from explorer.settings import SettingsError, load_settings

EXIT_INPUT = 2
EXIT_REJECTS = 3
EXIT_UNAVAILABLE = 4


def fail(message: str, status: int = 1) -> None:
    """Print one line to stderr and exit with ``status``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


def open_graph(*, quiet: bool = False) -> Graph:
    """Connect or exit with a one-line message."""
    try:
        return connect(load_settings(), quiet=quiet)
    except SettingsError as exc:
        fail(str(exc), EXIT_INPUT)
    except localserver.ServerError as exc:
        fail(str(exc), EXIT_UNAVAILABLE)
    except GraphUnavailable as exc:
        fail(str(exc), EXIT_UNAVAILABLE)
    raise AssertionError("unreachable")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="research-graph-explorer")
def main() -> None:
    """Research Graph Explorer: explore papers, people, topics and institutions as a graph."""


# --- db ---------------------------------------------------------------------
@main.group()
def db() -> None:
    """Manage the local graph server (used when NEO4J_URI is not set)."""


def _local_settings():
    try:
        settings = load_settings()
    except SettingsError as exc:
        fail(str(exc), EXIT_INPUT)
    if not settings.uses_local_server:
        fail(f"NEO4J_URI is set ({settings.uri}); the local graph server is not used",
             EXIT_INPUT)
    return settings


@db.command("start")
def db_start() -> None:
    """Start the local graph server in the background (idempotent)."""
    settings = _local_settings()
    try:
        state, started = localserver.start(settings)
    except localserver.ServerError as exc:
        fail(str(exc), EXIT_UNAVAILABLE)
    verb = "started" if started else "already running"
    click.echo(f"{verb}: {state.uri} (pid {state.pid}, data in {settings.home})")


@db.command("stop")
def db_stop() -> None:
    """Stop the local graph server; its data stays."""
    settings = _local_settings()
    state = localserver.stop(settings)
    if state is None:
        click.echo(f"not running (EXPLORER_HOME={settings.home})")
    else:
        click.echo(f"stopped (pid {state.pid})")


@db.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def db_status(fmt: str) -> None:
    """Show whether the graph runs, where, and what it holds."""
    settings = load_settings()
    info: dict[str, Any] = {"data_directory": str(settings.home)}
    if settings.uses_local_server:
        state = localserver.running_state(settings.home)
        info.update(running=state is not None, pid=state.pid if state else None,
                    uri=state.uri if state else settings.local_uri)
    else:
        info.update(running=None, pid=None, uri=settings.uri)
    if info["running"] is not False:
        try:
            with connect(settings, autostart=False) as graph:
                info["counts"] = graph.counts()
                info["running"] = True
        except (GraphUnavailable, Neo4jError) as exc:
            info["error"] = str(exc)
            info["running"] = False
    if fmt == "json":
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"running:        {'yes' if info['running'] else 'no'}")
    if info.get("pid"):
        click.echo(f"pid:            {info['pid']}")
    click.echo(f"uri:            {info['uri']}")
    click.echo(f"data directory: {info['data_directory']}")
    if "error" in info:
        click.echo(f"error:          {info['error']}")
    counts = info.get("counts")
    if counts:
        click.echo("nodes:")
        for label, n in sorted(counts["labels"].items()):
            click.echo(f"  {label:<24}{n:>10,}")
        click.echo("relationships:")
        for rel, n in sorted(counts["relationships"].items()):
            click.echo(f"  {rel:<24}{n:>10,}")


@db.command("init")
def db_init() -> None:
    """Create the constraints and indexes (idempotent)."""
    from explorer.schema import ensure_schema

    with open_graph() as graph:
        try:
            done = ensure_schema(graph)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
    click.echo(f"schema ready ({len(done)} statements)")


# --- query ------------------------------------------------------------------
def parse_param(text: str) -> tuple[str, Any]:
    """Parse ``k=v``; v is read as JSON when it parses, else as a string.

    >>> parse_param("limit=5"), parse_param("name=Ada"), parse_param('ids=["a"]')
    (('limit', 5), ('name', 'Ada'), ('ids', ['a']))
    """
    if "=" not in text:
        raise click.BadParameter(f"expected k=v, got {text!r}")
    key, value = text.split("=", 1)
    try:
        return key.strip(), json.loads(value)
    except json.JSONDecodeError:
        return key.strip(), value


def to_plain(value: Any) -> Any:
    """Turn driver values (nodes, relationships, paths, dates) into JSON values."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": to_plain(dict(value))}
    if isinstance(value, Relationship):
        return {"type": value.type, "start": value.start_node.get("id"),
                "end": value.end_node.get("id"), "properties": to_plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


@main.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, help="k=v (v as JSON or text)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--write", is_flag=True, help="allow the query to change the graph")
@click.option("--timeout", type=float, default=None,
              help="seconds (default: EXPLORER_QUERY_TIMEOUT, 10)")
def query(query: str, params: tuple[str, ...], fmt: str, write: bool, timeout: float) -> None:
    """Run a Cypher QUERY and print the rows (read-only unless --write)."""
    values = dict(parse_param(p) for p in params)
    with open_graph(quiet=True) as graph:
        timeout = timeout or graph.settings.query_timeout
        try:
            result = graph.run_text(query, values, timeout=timeout, read_only=not write)
        except QueryError as exc:
            hint = "; add --write to allow changes" if "read-only" in str(exc) else ""
            fail(f"{exc}{hint}", EXIT_INPUT)
        except ClientError as exc:
            fail(error_message(exc), EXIT_INPUT)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except Neo4jError as exc:
            fail(error_message(exc), EXIT_INPUT)
    rows = [{k: to_plain(r[k]) for k in result.keys} for r in result.records]
    _print_rows(result.keys, rows, fmt)


def _print_rows(keys: list[str], rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row[k]) for k in keys])
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*keys, show_lines=False)
        for row in rows:
            table.add_row(*(Text(_cell(row[k])) for k in keys))
        Console(markup=False, emoji=False, highlight=False).print(table)
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


# Register the command modules (they import `main` from here).
from explorer import cli_explore, cli_load, cli_web  # noqa: E402,F401,I001
