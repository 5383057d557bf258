"""Names shared by every backend: which server is which, and the full-text indexes.

>>> sorted(FULLTEXT_INDEXES)
['Institution', 'Paper', 'Person', 'Topic']
"""

from __future__ import annotations

NEO4J = "neo4j"
ARCADEDB = "arcadedb"

# label -> (index name on Neo4j, properties); fixed allow-list.
FULLTEXT_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Paper": ("paper_text", ("title", "abstract")),
    "Person": ("person_text", ("name",)),
    "Topic": ("topic_text", ("name",)),
    "Institution": ("institution_text", ("name",)),
}


def backend_of(agent: str) -> str:
    """Name the backend from the server agent string.

    >>> backend_of("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)")
    'arcadedb'
    >>> backend_of("Neo4j/5.24.0")
    'neo4j'
    """
    return ARCADEDB if "arcadedb" in agent.lower() else NEO4J


def fulltext_index_name(backend: str, label: str) -> str:
    """Return the name to pass to ``db.index.fulltext.queryNodes``.

    >>> fulltext_index_name("arcadedb", "Paper")
    'Paper[title,abstract]'
    >>> fulltext_index_name("neo4j", "Person")
    'person_text'
    """
    name, props = FULLTEXT_INDEXES[label]
    return f"{label}[{','.join(props)}]" if backend == ARCADEDB else name
