"""``explorer query``: run one Cypher statement and print its rows."""

from __future__ import annotations

import csv
import json
import math
import sys
from typing import Any

import click
from neo4j.exceptions import ClientError, Neo4jError

from cypher.access.errors import InputError
from cypher.access.graph import GraphUnavailable, QueryError, error_message
from cypher.access.values import check_params, check_text, to_plain
from explorer.cli.base import EXIT_INPUT, EXIT_UNAVAILABLE, fail, main, open_graph


def parse_param(text: str) -> tuple[str, Any]:
    """Parse ``k=v``; v is read as JSON when it parses, else as a string. Raise
    :class:`InputError` for what the driver cannot send (see
    :func:`cypher.access.values.check_params`) or JSON nested too deep to read.

    >>> parse_param("limit=5"), parse_param("name=Ada"), parse_param('ids=["a"]')
    (('limit', 5), ('name', 'Ada'), ('ids', ['a']))
    """
    if "=" not in text:
        raise InputError(f"a parameter must look like name=value, got {text[:40]!r}")
    key, value = text.split("=", 1)
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value
    except RecursionError:
        raise InputError(f"the value of parameter {key.strip()[:40]!r} is nested too "
                         "deeply to read") from None
    key = key.strip()
    check_params({key: parsed})
    return key, parsed


def check_timeout(seconds: float | None) -> float | None:
    """``--timeout``: None (the setting's), or seconds from 0.1 to 3600; anything else
    (negative, zero, NaN, infinite) raises :class:`InputError`.

    >>> check_timeout(None), check_timeout(2.5)
    (None, 2.5)
    """
    if seconds is None:
        return None
    if not (math.isfinite(seconds) and 0.1 <= seconds <= 3600):
        raise InputError(f"--timeout must be seconds from 0.1 to 3600, got {seconds}")
    return seconds


@main.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, help="k=v (v as JSON or text)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--write", is_flag=True, help="allow the query to change the graph")
@click.option("--timeout", type=float, default=None,
              help="seconds, 0.1 to 3600 (default: EXPLORER_QUERY_TIMEOUT, 10)")
def query(query: str, params: tuple[str, ...], fmt: str, write: bool, timeout: float) -> None:
    """Run a Cypher QUERY and print the rows (read-only unless --write).

    Every run has a time limit and an answer of at most EXPLORER_MAX_RESULT_BYTES,
    runs in one explicit transaction (never retried), and a malformed parameter or
    time limit exits 2 with one line."""
    try:
        check_text(query, "the query")
        values = dict(parse_param(p) for p in params)
        timeout = check_timeout(timeout)
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    with open_graph(quiet=True) as graph:
        timeout = timeout or graph.settings.query_timeout
        try:
            result = graph.run_text(query, values, timeout=timeout, read_only=not write,
                                    max_bytes=graph.settings.max_result_bytes)
        except QueryError as exc:
            hint = "; add --write to allow changes" if "read-only" in str(exc) else ""
            fail(f"{exc}{hint}", EXIT_INPUT)
        except ClientError as exc:
            fail(error_message(exc), EXIT_INPUT)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except Neo4jError as exc:
            fail(error_message(exc), EXIT_INPUT)
    rows = [{k: to_plain(r[k]) for k in result.keys} for r in result.records]
    _print_rows(result.keys, rows, fmt)


def _print_rows(keys: list[str], rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row[k]) for k in keys])
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*keys, show_lines=False)
        for row in rows:
            table.add_row(*(Text(_cell(row[k])) for k in keys))
        Console(markup=False, emoji=False, highlight=False).print(table)
        click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)
