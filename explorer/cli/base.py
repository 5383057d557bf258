"""What every ``explorer`` command shares: the group, exit codes, errors, the graph.

Exit status: 0 success, 1 unexpected failure, 2 unusable input or a query the
database refused, 3 a load that rejected some records, 4 the graph is
unavailable.
"""

from __future__ import annotations

import logging
import sys

import click

from cypher.access.graph import Graph, GraphUnavailable, connect
from cypher.access.localserver import manager as localserver
from cypher.access.settings import SettingsError, load_settings

EXIT_INPUT = 2
EXIT_REJECTS = 3
EXIT_UNAVAILABLE = 4


def fail(message: str, status: int = 1) -> None:
    """Print one line to stderr and exit with ``status``.

    Driver messages span lines ("Couldn't connect …:\nFailed to establish …");
    they are joined so that the error stays one line and the last one.
    """
    one_line = " ".join(part.strip() for part in message.splitlines() if part.strip())
    click.echo(f"error: {one_line}", err=True)
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
    # The driver's own warnings (retries, failed connections) are not the
    # command's output: failures are reported once, as the "error: ..." line.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
