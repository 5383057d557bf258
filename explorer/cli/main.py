"""The ``explorer`` entry point: the command group with every command registered.

Each command lives in its own module and attaches itself to the group
defined in :mod:`explorer.cli.base`; importing them here is what registers
them. ``serve`` (in :mod:`explorer.cli.web`) is the only place that composes
the web app.
"""

from __future__ import annotations

from explorer.cli import db, explore, fetch, load, query, sample, web
from explorer.cli.base import main

COMMAND_MODULES = (db, explore, fetch, load, query, sample, web)

__all__ = ["main"]
