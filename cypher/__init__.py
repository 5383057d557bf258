"""Named Cypher statements.

Every statement the product runs lives in this package as one ``.cypher``
file, grouped by use (``read/``, ``write/``, ``schema/``). A file's name,
without the extension, is the statement's name (``read/node_by_id``); the
comment lines at the top (``// …``) are its documentation and say what it
returns. Values are passed only as ``$parameters``.

>>> q = get("read/node_by_id")
>>> q.name, "$id" in q.text
('read/node_by_id', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Query:
    """A named Cypher statement and its documentation."""

    name: str
    text: str
    doc: str


class UnknownQuery(KeyError):
    """No statement of that name exists."""


def _parse(name: str, source: str) -> Query:
    doc_lines: list[str] = []
    body_lines: list[str] = []
    for line in source.splitlines():
        stripped = line.strip()
        if not body_lines and stripped.startswith("//"):
            doc_lines.append(stripped[2:].strip())
        elif stripped or body_lines:
            body_lines.append(line)
    return Query(name, "\n".join(body_lines).strip(), " ".join(doc_lines).strip())


@lru_cache(maxsize=1)
def all_queries() -> dict[str, Query]:
    """Return every statement, keyed by name."""
    found: dict[str, Query] = {}
    root = resources.files(__name__)
    for group in ("read", "write", "schema", "gds"):
        folder = root / group
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".cypher"):
                name = f"{group}/{entry.name[: -len('.cypher')]}"
                found[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return found


def get(name: str) -> Query:
    """Return the statement called ``name`` (e.g. ``"read/node_by_id"``)."""
    try:
        return all_queries()[name]
    except KeyError:
        raise UnknownQuery(name) from None
