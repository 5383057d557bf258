"""The ``explorer`` entry point: the command group of :mod:`explorer.cli.base`.

Each command lives in its own module and attaches itself to that group when
imported; the group imports a command's module only when the command is asked
for (``COMMAND_MODULES``). ``serve`` (in :mod:`explorer.cli.serve`) is the only
place that composes the web app.
"""

from __future__ import annotations

from explorer.cli.base import main

__all__ = ["main"]
