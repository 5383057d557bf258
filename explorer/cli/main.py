"""The ``explorer`` entry point: the command group with every command registered.

Each command lives in its own module and attaches itself to the group
defined in :mod:`explorer.cli.base`; importing them here is what registers
them. ``serve`` (in :mod:`explorer.cli.serve`) is the only place that composes
the web app.
"""

from __future__ import annotations

from explorer.cli import db, explore, export, fetch, index, load, query, sample, serve
from explorer.cli.base import main

COMMAND_MODULES = (db, explore, export, fetch, index, load, query, sample, serve)

__all__ = ["main"]
