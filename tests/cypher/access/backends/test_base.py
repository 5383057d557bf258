"""The Backend interface (:mod:`cypher.access.backends.base`): what every backend
class must say, and that nothing outside ``cypher/access/backends/`` tells
backends apart by name or reads a backend's private state."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.backends.base import Backend
from cypher.access.backends.neo4j import Neo4jBackend
from cypher.access.backends.registry import BACKENDS, backend_for
from cypher.access.errors import GraphUnavailable
from cypher.access.settings import load_settings

REPO = Path(__file__).resolve().parents[4]
PRODUCT = ("cypher", "explorer", "loaders", "webui")
BACKENDS_DIR = REPO / "cypher" / "access" / "backends"
NAMES = {"neo4j", "arcadedb"}
PRIVATE = {"_reader_auth", "dialect", "backend_of", "fulltext_index_name"}


def backend_name_uses(source: str) -> list[str]:
    """Comparisons with a backend's name (``x == "neo4j"``, ``"arcadedb" in agent``)
    and uses of the old private names, as ``line: text``.

    >>> backend_name_uses('if graph.backend == "neo4j":\\n    pass')
    ["1: graph.backend == 'neo4j'"]
    >>> backend_name_uses('path = home / "arcadedb"')
    []
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Constant) and isinstance(side.value, str)
                   and (side.value.lower() in NAMES or "arcadedb" in side.value.lower())
                   for side in sides):
                found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Attribute) and node.attr in PRIVATE:
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in PRIVATE:
            found.append(f"{node.lineno}: {node.id}")
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in PRIVATE:
            found.append(f"{getattr(node, 'lineno', 0)}: import {node.name}")
    return found


def test_the_scan_finds_what_it_looks_for():
    assert backend_name_uses("if 'ArcadeDB' in agent: pass")
    assert backend_name_uses("x = graph._reader_auth")
    assert backend_name_uses("from cypher.access.backends import dialect")
    assert backend_name_uses("ok = backend.name != 'neo4j'")
    assert not backend_name_uses('DATABASE = "neo4j"\nindex = graph.backend.fulltext_index(l)')


def test_no_module_outside_the_backends_tells_backends_apart_by_name():
    offending = {}
    for package in PRODUCT:
        for path in sorted((REPO / package).rglob("*.py")):
            if BACKENDS_DIR in path.parents:
                continue
            uses = backend_name_uses(path.read_text(encoding="utf-8"))
            if uses:
                offending[str(path.relative_to(REPO))] = uses
    assert offending == {}


class Incomplete(Backend):
    name = "incomplete"

    def recognises(self, agent: str) -> bool:
        return True


def test_the_interface_cannot_be_half_implemented():
    with pytest.raises(TypeError):
        Backend()  # type: ignore[abstract]
    with pytest.raises(TypeError, match="abstract"):
        Incomplete()  # type: ignore[abstract]


@pytest.mark.parametrize("cls", list(BACKENDS.values()), ids=list(BACKENDS))
def test_every_backend_says_what_the_interface_asks(cls):
    assert not inspect.isabstract(cls)
    for attribute in ("name", "kind", "hint", "fulltext_description", "no_gds"):
        value = getattr(cls, attribute)
        assert isinstance(value, str) and value, attribute
    assert cls.__doc__ and inspect.getmodule(cls).__doc__
    for method in ("serves", "open", "recognises", "fulltext_index", "fulltext_steps",
                   "read_limit", "run_read_only", "prepare_console", "gds_version"):
        assert getattr(cls, method).__doc__, f"{cls.__name__}.{method} has no contract"


def test_names_are_unique_and_are_the_registry_keys():
    assert {name: cls.name for name, cls in BACKENDS.items()} == {n: n for n in BACKENDS}


def backends(settings) -> list[Backend]:
    """One instance of each registered backend, opened on nothing."""
    made = {"neo4j": lambda: Neo4jBackend(),
            "arcadedb": lambda: ArcadeDBBackend(settings, 0, ("reader", "unused"))}
    return [made[name]() for name in BACKENDS]


def test_each_backend_names_its_first_load_path(tmp_path):
    """The local server imports a first load by itself; Neo4j takes neo4j-admin files."""
    local = load_settings({"EXPLORER_HOME": str(tmp_path)})
    remote = load_settings({"EXPLORER_HOME": str(tmp_path), "NEO4J_URI": "bolt://x:1"})
    assert [backend_for(s).first_load for s in (local, remote)] == ["import", "files"]
    assert {cls.first_load for cls in BACKENDS.values()} == {"import", "files"}


def test_a_server_of_another_kind_is_refused_with_the_backends_hint(tmp_path):
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    for backend in backends(settings):
        with pytest.raises(GraphUnavailable) as refused:
            backend.check_agent("Other/2", "bolt://h")
        assert str(refused.value) == (f"the graph at bolt://h is not {backend.kind} "
                                      f"(it answers as 'Other/2'); {backend.hint}")
