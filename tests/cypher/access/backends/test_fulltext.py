"""The full-text allow-list (:mod:`cypher.access.backends.fulltext`): the labels a
search covers, their properties, and one index name per backend and label."""

from __future__ import annotations

import re

import pytest

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.backends.fulltext import FULLTEXT_INDEXES
from cypher.access.backends.neo4j import Neo4jBackend
from cypher.access.settings import load_settings
from explorer.views.options import NODE_TYPES

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def test_every_node_type_a_search_covers_has_an_index():
    assert set(NODE_TYPES) <= set(FULLTEXT_INDEXES)


def test_labels_properties_and_names_are_plain_identifiers():
    """They are written into DDL text, so they must be names and nothing else."""
    for label, (name, props) in FULLTEXT_INDEXES.items():
        assert NAME.fullmatch(label) and NAME.fullmatch(name) and props
        assert all(NAME.fullmatch(p) for p in props)
    names = [name for name, _ in FULLTEXT_INDEXES.values()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("label", sorted(FULLTEXT_INDEXES))
def test_each_backend_names_each_index_its_own_way(label, tmp_path):
    local = ArcadeDBBackend(load_settings({"EXPLORER_HOME": str(tmp_path)}), 0, ("r", "x"))
    name, props = FULLTEXT_INDEXES[label]
    assert Neo4jBackend().fulltext_index(label) == name
    assert local.fulltext_index(label) == f"{label}[{','.join(props)}]"
