"""The product's error types (:mod:`cypher.access.errors`): what each one is a kind
of, and so how the web app and the command line answer it."""

from __future__ import annotations

import pytest

from cypher.access import graph
from cypher.access.console_guard import GuardRefused, PathTooLong
from cypher.access.errors import (
    READ_ONLY_MESSAGE,
    GraphUnavailable,
    InputError,
    NotFound,
    QueryError,
    QueryTimeout,
    WriteRefused,
)
from cypher.access.settings import SettingsError


@pytest.mark.parametrize("kind", [QueryError, WriteRefused, QueryTimeout, SettingsError,
                                  GuardRefused, PathTooLong])
def test_the_users_mistakes_are_input_errors(kind):
    """Answered 400 on the web and exit 2 on the command line, never 500."""
    assert issubclass(kind, InputError) and issubclass(kind, ValueError)


def test_the_other_kinds_are_not_input_errors():
    assert not issubclass(GraphUnavailable, ValueError)
    assert not issubclass(NotFound, ValueError)
    assert not issubclass(InputError, (GraphUnavailable, NotFound))


def test_a_refused_write_says_nothing_was_changed():
    assert str(WriteRefused()) == READ_ONLY_MESSAGE
    assert "read-only" in READ_ONLY_MESSAGE and "nothing was changed" in READ_ONLY_MESSAGE
    assert str(WriteRefused("other")) == "other"


def test_a_timeout_names_its_limit_and_the_setting():
    assert str(QueryTimeout.at(1)) == ("the query was stopped at the time limit of 1 s "
                                       "(setting EXPLORER_QUERY_TIMEOUT)")
    assert isinstance(QueryTimeout.at(0.5), QueryTimeout)


def test_the_old_import_path_names_the_same_classes():
    """``from cypher.access.graph import GraphUnavailable`` keeps working for the
    packages that have not moved to this module yet."""
    assert graph.GraphUnavailable is GraphUnavailable
    assert (graph.QueryError, graph.WriteRefused, graph.QueryTimeout) == (
        QueryError, WriteRefused, QueryTimeout)
