"""The product's error types, one per kind of failure, shared by every layer.

* :class:`InputError` — the user's input cannot be used (a file, a parameter,
  a query, a setting); the message says what and why. The web app answers 400
  with the message, the command line exits 2.
* :class:`NotFound` — no node has the id asked for (404).
* :class:`GraphUnavailable` — the graph database cannot be reached (503, exit 4).

Any other exception is a fault of the product: the web app answers 500 and
logs it, the command line exits 1. A plain ``ValueError`` is such a fault.

>>> issubclass(InputError, ValueError), issubclass(NotFound, LookupError)
(True, True)
"""

from __future__ import annotations


class InputError(ValueError):
    """The user's input cannot be used; the message names it and says why."""


class NotFound(LookupError):
    """No node has this id."""


class GraphUnavailable(RuntimeError):
    """The graph database cannot be reached; the message says which and why."""
