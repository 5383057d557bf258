"""Static bounds for console queries, a second line of defence after the server.

The local server stops a read-only query at its time limit only between rows
of its outer scan; one deep variable-length expansion can run past it. The
console therefore refuses variable-length patterns that are unbounded or
longer than ``EXPLORER_MAX_PATH_LENGTH`` (default 3). This is not what makes
the console read-only: that is the database's own permission check.
"""

from __future__ import annotations

import re

DEFAULT_MAX_PATH_LENGTH = 3

_STRINGS = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_VAR_LENGTH = re.compile(r"\[[^\[\]]*?\*\s*(\d*)\s*(\.\.)?\s*(\d*)\s*(?:\{[^}]*\})?\s*\]")


class PathTooLong(ValueError):
    """A variable-length pattern is unbounded or longer than the limit."""


def strip_literals(text: str) -> str:
    """Remove comments and string literals so they cannot hide or fake patterns.

    >>> strip_literals("RETURN '[*]' // [*]\\n, 1")
    "RETURN '' \\n, 1"
    """
    text = _STRINGS.sub(lambda m: m.group(0)[0] * 2, text)
    return _COMMENTS.sub("", text)


def check_path_lengths(text: str, max_length: int = DEFAULT_MAX_PATH_LENGTH) -> None:
    """Raise :class:`PathTooLong` for a pattern like ``[*]``, ``[*2..]`` or ``[*..9]``.

    >>> check_path_lengths("MATCH (a)-[:CITES*1..2]->(b) RETURN b")
    >>> try:
    ...     check_path_lengths("MATCH p = (a)-[:CITES*]->(b) RETURN p")
    ... except PathTooLong as exc:
    ...     print(str(exc).split("(")[0].strip())
    variable-length patterns need an upper bound of at most 3 hops
    """
    for match in _VAR_LENGTH.finditer(strip_literals(text)):
        low, dots, high = match.groups()
        upper = high if dots else low
        if not upper or int(upper) > max_length:
            shown = "".join(match.group(0).split())
            shown = "[*" + shown.split("*", 1)[1] if "*" in shown else shown
            raise PathTooLong(
                f"variable-length patterns need an upper bound of at most {max_length} hops "
                f"(setting EXPLORER_MAX_PATH_LENGTH); got {shown}")
