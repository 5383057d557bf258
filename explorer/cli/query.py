"""``explorer query``: run one Cypher statement and print its rows."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click
from neo4j.exceptions import ClientError, Neo4jError

from cypher.access.graph import GraphUnavailable, QueryError, error_message
from cypher.access.values import to_plain
from explorer.cli.base import EXIT_INPUT, EXIT_UNAVAILABLE, fail, main, open_graph


def parse_param(text: str) -> tuple[str, Any]:
    """Parse ``k=v``; v is read as JSON when it parses, else as a string.

    >>> parse_param("limit=5"), parse_param("name=Ada"), parse_param('ids=["a"]')
    (('limit', 5), ('name', 'Ada'), ('ids', ['a']))
    """
    if "=" not in text:
        raise click.BadParameter(f"expected k=v, got {text!r}")
    key, value = text.split("=", 1)
    try:
        return key.strip(), json.loads(value)
    except json.JSONDecodeError:
        return key.strip(), value


@main.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, help="k=v (v as JSON or text)")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--write", is_flag=True, help="allow the query to change the graph")
@click.option("--timeout", type=float, default=None,
              help="seconds (default: EXPLORER_QUERY_TIMEOUT, 10)")
def query(query: str, params: tuple[str, ...], fmt: str, write: bool, timeout: float) -> None:
    """Run a Cypher QUERY and print the rows (read-only unless --write)."""
    values = dict(parse_param(p) for p in params)
    with open_graph(quiet=True) as graph:
        timeout = timeout or graph.settings.query_timeout
        try:
            result = graph.run_text(query, values, timeout=timeout, read_only=not write)
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
