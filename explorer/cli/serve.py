"""``explorer serve``: the web app through waitress (the only command that composes webui).

Waitress reads requests on one thread and hands complete ones to ``--threads``
workers, so a client that sends half a request holds a connection slot, not a
worker. :func:`server_options` gives it enough slots for a few hundred such
clients (:data:`CONNECTION_LIMIT`, polled with ``poll()``, not ``select()``,
whose sets stop at 1,024 descriptors; the process's open-file limit raised to
match) and closes a connection that has sent nothing for :data:`IDLE_TIMEOUT`
seconds, a half-sent header or body included.
"""

from __future__ import annotations

import ipaddress
import os
import resource
import sys
import threading
from typing import Any

import click

from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_INPUT, fail, main


def is_loopback(host: str) -> bool:
    """True for addresses that only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


CONNECTION_LIMIT = 1000
IDLE_TIMEOUT = 20  # seconds without a byte from the client: its connection is closed
CLEANUP_INTERVAL = 5  # how often idle connections are looked for


def server_options(threads: int) -> dict[str, Any]:
    """The waitress settings ``explorer serve`` runs with (see the module's docstring).

    >>> server_options(8)["connection_limit"], server_options(8)["channel_timeout"]
    (1000, 20)
    """
    return {"threads": threads, "connection_limit": CONNECTION_LIMIT,
            "channel_timeout": IDLE_TIMEOUT, "cleanup_interval": CLEANUP_INTERVAL,
            "asyncore_use_poll": True, "ident": "explorer"}


def raise_open_files(wanted: int = CONNECTION_LIMIT + 200) -> int:
    """Raise this process's soft limit on open files to ``wanted`` (or the hard
    limit, if lower); return the soft limit in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def _warm_up(app) -> None:
    """In the background: load the text-similarity library (a second on first
    use), start the console's own graph server (local server only) and build a few
    maps, so that the first maps asked for are as quick as the rest
    (:func:`explorer.views.research_map.warm_up`)."""
    import sklearn.feature_extraction.text  # noqa: F401 - loaded now, used by similar work

    from explorer.views.research_map import warm_up
    from webui.graphdb import get_graph

    with app.app_context():
        try:
            graph = get_graph()
            graph.prepare_console()
        except GraphUnavailable:
            return  # the first page says so
        try:
            warm_up(graph)
        except Exception:  # noqa: BLE001 - a speed-up only: a map that fails here fails
            pass  # again when it is asked for, and says why then


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on; anything but loopback needs EXPLORER_TOKEN")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True)
def serve(host: str, port: int, threads: int) -> None:
    """Run the web app (research maps, Cypher console, exports)."""
    if not is_loopback(host) and not os.environ.get("EXPLORER_TOKEN"):
        click.echo(f"error: refusing to listen on {host}: set EXPLORER_TOKEN first "
                   "(anyone who can reach this address could use the app)", err=True)
        sys.exit(EXIT_INPUT)
    import waitress

    from webui.app import create_app
    from webui.config import ConfigError

    try:
        app = create_app()
    except ConfigError as exc:
        fail(str(exc), EXIT_INPUT)
    if not is_loopback(host) and host not in ("0.0.0.0", "::"):  # noqa: S104 - a name to answer to
        # the address the app listens on is a name it answers to (other names: 421)
        name = f"[{host.lower().strip('[]')}]" if ":" in host else host.lower()
        app.config["ALLOWED_HOSTS"] = [*app.config.get("ALLOWED_HOSTS", []), name]
    threading.Thread(target=_warm_up, args=(app,), name="warm-up",
                     daemon=True).start()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Research Graph Explorer on http://{shown}:{port}/  (Ctrl+C to stop)")
    raise_open_files()
    waitress.serve(app, host=host, port=port, **server_options(threads))
