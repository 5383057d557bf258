"""The product's error types, one per kind of failure, shared by every layer.

* :class:`InputError` — the user's input cannot be used (a file, a parameter,
  a query, a setting); the message says what and why. The web app answers 400
  with the message, the command line exits 2. :class:`QueryError` (a query the
  database or the console refused) and its kinds :class:`WriteRefused` and
  :class:`QueryTimeout` are input errors: the query is the user's.
* :class:`NotFound` — no node has the id asked for (404).
* :class:`GraphUnavailable` — the graph database cannot be reached (503, exit 4).

Any other exception is a fault of the product: the web app answers 500 and
logs it, the command line exits 1. A plain ``ValueError`` is such a fault.

>>> issubclass(InputError, ValueError), issubclass(NotFound, LookupError)
(True, True)
>>> str(QueryTimeout.at(2.5))
'the query was stopped at the time limit of 2.5 s (setting EXPLORER_QUERY_TIMEOUT)'
"""

from __future__ import annotations

READ_ONLY_MESSAGE = ("the graph is read-only here: this query would change it, so it was "
                     "refused and nothing was changed")


class InputError(ValueError):
    """The user's input cannot be used; the message names it and says why."""


class NotFound(LookupError):
    """No node has this id."""


class GraphUnavailable(RuntimeError):
    """The graph database cannot be reached; the message says which and why."""


class QueryError(InputError):
    """A query was refused by the database or the console (syntax, parameters, limits)."""


class WriteRefused(QueryError):
    """A read-only query tried to change the graph; nothing was changed."""

    def __init__(self, message: str = READ_ONLY_MESSAGE) -> None:
        super().__init__(message)


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped by the server."""

    @classmethod
    def at(cls, limit: float) -> QueryTimeout:
        """The error for a query stopped at ``limit`` seconds, naming the setting."""
        return cls(f"the query was stopped at the time limit of {limit:g} s "
                   "(setting EXPLORER_QUERY_TIMEOUT)")
