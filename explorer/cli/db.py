"""``explorer db``: start, stop, inspect and initialise the local graph server."""

from __future__ import annotations

import json
from typing import Any

import click
from neo4j.exceptions import Neo4jError

from cypher.access.graph import GraphUnavailable, connect
from cypher.access.localserver import manager as localserver
from cypher.access.schema import ensure_schema
from cypher.access.settings import SettingsError, load_settings
from explorer.cli.base import EXIT_INPUT, EXIT_UNAVAILABLE, fail, main, open_graph


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
    with open_graph() as graph:
        try:
            done = ensure_schema(graph)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
    click.echo(f"schema ready ({len(done)} statements)")
