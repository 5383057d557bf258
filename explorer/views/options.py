"""The options every view accepts: node and relationship allow-lists, limits, years.

Labels and relationship types reach Cypher only from these allow-lists; a bad
option raises :class:`cypher.access.errors.InputError` naming it.
"""

from __future__ import annotations

from cypher.access.errors import InputError

NODE_TYPES = ("Paper", "Person", "Topic", "Institution")
RELATIONSHIP_TYPES = ("CITES", "AUTHORED", "AFFILIATED_WITH", "ABOUT", "RELATED_TO", "PART_OF")
MAX_DEPTH = 3
MAX_LIMIT = 3000
DEFAULT_LIMIT = 300
#: kinds of research map: papers by the related-work index, or the graph's own links
MAP_KINDS = ("related", "links")


def parse_types(text: str | None) -> list[str]:
    """Parse ``"Paper,Person"`` into an allow-listed list of labels.

    >>> parse_types("paper, Person"), parse_types(None) == list(NODE_TYPES)
    (['Paper', 'Person'], True)
    """
    if not text:
        return list(NODE_TYPES)
    wanted = []
    for part in text.split(","):
        name = part.strip().capitalize()
        if not name:
            continue
        if name not in NODE_TYPES:
            raise InputError(f"unknown node type {part.strip()!r}; "
                             f"choose from {', '.join(NODE_TYPES)}")
        wanted.append(name)
    return wanted or list(NODE_TYPES)


def parse_years(text: str | None) -> tuple[int | None, int | None] | None:
    """Parse ``"2015:2020"``, ``"2015:"`` or ``":2020"`` into a year range.

    >>> parse_years("2015:2020"), parse_years(":1999"), parse_years(None)
    ((2015, 2020), (None, 1999), None)
    >>> parse_years("99999999999:")
    Traceback (most recent call last):
    ...
    cypher.access.errors.InputError: years must be between -9999 and 9999, got '99999999999:'
    """
    if not text:
        return None
    if ":" not in text:
        raise InputError(f"years must look like 2015:2020, got {text!r}")
    low, high = (part.strip() for part in text.split(":", 1))
    try:
        years = (int(low) if low else None, int(high) if high else None)
    except ValueError:
        raise InputError(f"years must look like 2015:2020, got {text!r}") from None
    if any(y is not None and not -9999 <= y <= 9999 for y in years):
        raise InputError(f"years must be between -9999 and 9999, got {text!r}")
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise InputError(f"the year range {text!r} is empty")
    return years
