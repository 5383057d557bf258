"""``explorer neighbourhood``, ``communities``, ``adjacent``, ``suggest`` and ``search``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click
from neo4j.exceptions import Neo4jError

from cypher.access.errors import InputError, NotFound
from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_INPUT, EXIT_UNAVAILABLE, fail, main, open_graph
from explorer.views.options import (
    DEFAULT_LIMIT,
    MAP_KINDS,
    MAX_DEPTH,
    MAX_LIMIT,
    parse_types,
    parse_years,
)


def map_option_flags(command):
    """Click decorator: the research map's options (--kind, --depth, --limit, --types, --years,
    --resolution, --seed) as flags of a command."""
    options = [
        click.option("--kind", type=click.Choice(MAP_KINDS), default="related", show_default=True,
                     help="related: the most related papers (index); links: what lies "
                          "within --depth links"),
        click.option("--depth", type=click.IntRange(1, MAX_DEPTH), default=1,
                     show_default=True),
        click.option("--limit", type=click.IntRange(1, MAX_LIMIT),
                     default=DEFAULT_LIMIT, show_default=True,
                     help="maximum nodes in the view"),
        click.option("--types", default=None, help="node types, e.g. Paper,Person"),
        click.option("--years", default=None, help="year range of papers, e.g. 2015:2020"),
        click.option("--resolution", type=float, default=1.0, show_default=True,
                     help="Louvain resolution (higher: smaller communities)"),
        click.option("--seed", type=int, default=42, show_default=True),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def compute_view(node_id: str, depth: int, limit: int, types: str | None,
                 years: str | None, resolution: float, seed: int,
                 kind: str = "related") -> dict[str, Any]:
    """Run :func:`neighbourhood` with CLI error handling."""
    # the map's code (numpy, scipy, networkx) is loaded when a map is asked for, not
    # by every command: it is a fifth of a second of each `explorer` run's start
    from explorer.views.research_map import research_map as read_map

    try:
        type_list = parse_types(types) if types else None  # the page's default: papers
        year_range = parse_years(years)
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    with open_graph(quiet=True) as graph:
        try:
            return read_map(graph, node_id, kind=kind, depth=depth, limit=limit,
                                         types=type_list, years=year_range,
                                         resolution=resolution, seed=seed)
        except NotFound as exc:
            fail(str(exc), EXIT_INPUT)
        except InputError as exc:
            fail(str(exc), EXIT_INPUT)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except Neo4jError as exc:
            fail(f"the graph refused the query: {exc.message}", 1)
    raise AssertionError("unreachable")


@main.command()
@click.argument("node_id")
@map_option_flags
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def neighbourhood(node_id, kind, depth, limit, types, years, resolution, seed, fmt) -> None:
    """Print the bounded neighbourhood (research map) of NODE_ID."""
    view = compute_view(node_id, depth, limit, types, years, resolution, seed, kind)
    if fmt == "json":
        click.echo(json.dumps(view, indent=2, ensure_ascii=False))
        return
    click.echo(f"{view['center']}: {view['shown_nodes']} nodes, {len(view['edges'])} edges "
               f"(of about {view['total_nodes']} nearby)")
    width = min(48, max((len(str(n["label"])) for n in view["nodes"]), default=0))
    for node in view["nodes"]:
        year = node["year"] or ""
        click.echo(f"  [{node['community']:>2}] {node['type']:<12}{str(year):<6}"
                   f"{str(node['label']):<{width}}  {node['id']}")
    for cut in view["truncated"]:
        click.echo(f"  note: {cut['message']}")


@main.command()
@click.argument("node_id", required=False)
@map_option_flags
@click.option("--all", "whole", is_flag=True, help="partition the whole citation graph")
@click.option("--algorithm", type=click.Choice(["leiden", "louvain"]), default="leiden",
              show_default=True, help="with --all")
@click.option("--engine", type=click.Choice(["auto", "gds", "in-process"]), default="auto",
              show_default=True,
              help="with --all: where to partition (auto: Neo4j GDS when present)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def communities(node_id, kind, depth, limit, types, years, resolution, seed, whole, algorithm,
                engine, fmt) -> None:
    """Print the communities of NODE_ID's neighbourhood, or (--all) of the whole graph."""
    if whole:
        from cypher.access.gds import GdsUnavailable
        from explorer.views.whole_graph import run_whole_graph

        with open_graph(quiet=True) as graph:
            try:
                run = run_whole_graph(graph, algorithm=algorithm, resolution=resolution,
                                      seed=seed, engine=engine)
            except GraphUnavailable as exc:
                fail(str(exc), EXIT_UNAVAILABLE)
            except GdsUnavailable as exc:
                fail(f"--engine gds: {exc}", EXIT_INPUT)
        if fmt == "json":
            click.echo(json.dumps(run, indent=2))
        else:
            if run.get("note"):
                click.echo(f"note: {run['note']}")
            click.echo(f"{run['algorithm']} ({run['engine']}): {run['communities']} "
                       f"communities over {run['nodes']} papers, modularity "
                       f"{run['modularity']:.3f} ({run['seconds']:.1f} s); stored as "
                       f"Paper.community")
        return
    if not node_id:
        fail("give a NODE_ID or --all", EXIT_INPUT)
    view = compute_view(node_id, depth, limit, types, years, resolution, seed, kind)
    if fmt == "json":
        click.echo(json.dumps({k: view[k] for k in ("center", "communities", "modularity",
                                                    "resolution", "seed")}, indent=2,
                              ensure_ascii=False))
        return
    click.echo(f"modularity {view['modularity']:.3f} (resolution {resolution}, seed {seed})")
    for community in view["communities"]:
        click.echo(f"  {community['id']:>3}  {community['size']:>5}  {community['label']}")


def _answer(work: Callable[[Any], dict[str, Any]], fmt: str) -> dict[str, Any] | None:
    """``work(graph)``'s answer, or None once printed as JSON (``fmt``); a bad id or
    input exits 2, an unreachable graph 3, each with its one error line."""
    with open_graph(quiet=True) as graph:
        try:
            result = work(graph)
        except (NotFound, InputError) as exc:
            fail(str(exc), EXIT_INPUT)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return None
    return result


@main.command()
@click.argument("node_id")
@click.option("-k", type=click.IntRange(1, 100), default=15, show_default=True,
              help="items a list")
@click.option("--list", "only", type=click.Choice(["prior", "derivative", "similar", "people"]),
              default=None, help="one list only (default: every list)")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def adjacent(node_id, k, only, fmt) -> None:
    """Prior, derivative and similar work of NODE_ID (a paper, person, topic or
    institution), with the evidence for each item in words: the page's lists."""
    from explorer.views.adjacent import LISTS, adjacent_work, stubs_note

    result = _answer(lambda graph: adjacent_work(graph, node_id, k=k), fmt)
    if result is None:
        return
    for name, text in LISTS:
        if (only or name) != name or (name == "people" and result["kind"] == "Paper"):
            continue
        click.echo(f"{text} {len(result[name])} listed.")
        for rank, item in enumerate(result[name], 1):
            facts = [str(item[key]) for key in ("short", "venue") if item.get(key)]
            if item.get("citations") is not None:
                facts.append(f"{item['citations']:,} citations")
            click.echo(f"  {rank:>3}. {item['id']}  {item.get('title') or item['id']}"
                       + (f" ({', '.join(facts)})" if facts else ""))
            for sentence in item.get("evidence") or []:
                click.echo(f"        {sentence}")
    if only in (None, "prior", "derivative") and (note := stubs_note(result["left_out_stubs"])):
        click.echo(note)


@main.command()
@click.argument("node_ids", nargs=-1, required=True)
@click.option("-k", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def suggest(node_ids, k, fmt) -> None:
    """Suggest adjacent work for one or more seed papers (or a person, topic, institution)."""
    from explorer.views.suggestions import suggestions

    result = _answer(lambda graph: suggestions(graph, list(node_ids), k=k), fmt)
    if result is None:
        return
    for rank, item in enumerate(result["suggestions"], 1):
        click.echo(f"{rank:>3}. {item['score']:.3f}  {item['id']}  {item['title']}")
        for sentence in item["explanation"]:
            click.echo(f"        {sentence}")
    if not result["suggestions"]:
        click.echo("no suggestions: the seeds have no neighbours in the graph yet")


@main.command()
@click.argument("text")
@click.option("--types", default=None, help="node types, e.g. Paper,Person (default: all)")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True,
              help="results a type, a page")
@click.option("--page", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--sort", type=click.Choice(["match", "citations", "year", "title"]),
              default="match", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def search(text, types, limit, page, sort, fmt) -> None:
    """Search paper titles and abstracts and the names of people, topics and
    institutions (the web app's search): each type's best matches, with their ids."""
    from explorer.views.options import parse_types
    from explorer.views.search import search as search_graph

    result = _answer(lambda graph: search_graph(
        graph, text, types=parse_types(types) if types else None, limit=limit, page=page,
        sort=sort), fmt)
    if result is None:
        return
    shown = [result["groups"][t] for t in result["order"] if result["groups"][t]["items"]]
    if not shown:
        click.echo(f"nothing matches {text!r}")
    for group in shown:
        more = "+" if group["capped"] else ""
        click.echo(f"{group['count_text']}{more} (page {group['page']} of {group['pages']})")
        for rank, item in enumerate(group["items"], (group["page"] - 1) * limit + 1):
            facts = [str(item[k]) for k in ("year", "first_author") if item.get(k)]
            if item["type"] == "Paper":
                facts.append(f"{item['citations'] or 0:,} citations")
            details = f" ({', '.join(facts)})" if facts else ""
            click.echo(f"  {rank:>3}. {item['id']}  {item['title']}{details}")
