"""The full-text indexes every backend creates: which labels, which properties.

Each backend creates them its own way and names them its own way
(:meth:`cypher.access.backends.base.Backend.fulltext_index`); the labels here
are a fixed allow-list, so no user input reaches the DDL.

>>> sorted(FULLTEXT_INDEXES)
['Institution', 'Paper', 'Person', 'Topic']
>>> FULLTEXT_INDEXES["Paper"]
('paper_text', ('title', 'abstract'))
"""

from __future__ import annotations

# label -> (the index's own name where a backend names it, indexed properties)
FULLTEXT_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Paper": ("paper_text", ("title", "abstract")),
    "Person": ("person_text", ("name",)),
    "Topic": ("topic_text", ("name",)),
    "Institution": ("institution_text", ("name",)),
}
