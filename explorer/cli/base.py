"""What every ``explorer`` command shares: the group, exit codes, errors, the graph.

Exit status: 0 success, 1 unexpected failure, 2 unusable input or a query the
database refused, 3 a load that rejected some records, 4 the graph is
unavailable.
"""

from __future__ import annotations

import importlib
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


# Each command's module, imported when that command runs (or when ``--help`` lists them
# all): a command does not pay for the others' imports (the web app's, the scoring's),
# about a third of a short command's start. Importing a module attaches its commands
# to ``main`` below; tests/explorer/cli/test_base.py holds this table to what they attach.
COMMAND_MODULES = {
    "adjacent": "explore", "communities": "explore", "db": "db", "export": "export",
    "fetch": "fetch", "index": "index", "load": "load", "neighbourhood": "explore",
    "query": "query",
    "sample": "sample", "search": "explore", "serve": "serve", "suggest": "explore",
}


class CommandGroup(click.Group):
    """The ``explorer`` group: a command's module is imported when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"explorer.cli.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="research-graph-explorer")
def main() -> None:
    """Research Graph Explorer: explore papers, people, topics and institutions as a graph."""
    # The driver's own warnings (retries, failed connections) are not the
    # command's output: failures are reported once, as the "error: ..." line.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
