"""``explorer fetch``: records from an online source (OpenAlex) into the graph."""

from __future__ import annotations

import json
import sys
import time

import click

from cypher.access.errors import InputError
from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_INPUT, EXIT_REJECTS, EXIT_UNAVAILABLE, fail, main, open_graph
from explorer.cli.loading import summary, update_index, write_records
from loaders.writer import BatchFailed


@main.group()
def fetch() -> None:
    """Fetch records from an online source and load them."""


@fetch.command("openalex")
@click.option("--id", "work_ids", multiple=True, help="an OpenAlex work id (W…); repeatable")
@click.option("--doi", default=None, help="a DOI")
@click.option("--search", default=None, help="title and abstract search")
@click.option("--depth", type=click.IntRange(0, 3), default=1, show_default=True,
              help="citation hops around the seeds (what they cite and what cites them)")
@click.option("--max-works", type=click.IntRange(1, 100_000), default=500, show_default=True)
@click.option("--base-url", envvar="OPENALEX_BASE_URL", default="https://api.openalex.org",
              show_default=True)
@click.option("--rejects", type=click.Path(dir_okay=False), default=None)
@click.option("--resolve-stubs", is_flag=True,
              help="fill stub papers (known only as a reference) in place, 50 ids a request")
@click.option("--limit", type=click.IntRange(1, 1_000_000), default=None,
              help="--resolve-stubs: at most this many stubs, most cited first")
def fetch_openalex(work_ids, doi, search, depth, max_works, base_url, rejects,
                   resolve_stubs, limit) -> None:
    """Fetch a paper and its citation neighbourhood from OpenAlex and load them.

    With --resolve-stubs, look up the graph's stub papers instead and fill them in.
    Polite use: set OPENALEX_MAILTO (and OPENALEX_API_KEY if you have one);
    responses are cached under EXPLORER_HOME/openalex-cache.
    """
    import os

    from loaders.openalex_api import OpenAlexClient, OpenAlexError

    named = sum(bool(x) for x in (work_ids, doi, search))
    if resolve_stubs and named:
        fail("--resolve-stubs takes no --id, --doi or --search", EXIT_INPUT)
    if not resolve_stubs and named != 1:
        fail("give exactly one of --id, --doi or --search (or --resolve-stubs)", EXIT_INPUT)
    if limit is not None and not resolve_stubs:
        fail("--limit goes with --resolve-stubs (use --max-works for a fetch)", EXIT_INPUT)
    from cypher.access.settings import load_settings

    cache = load_settings().home / "openalex-cache"
    client = OpenAlexClient(base_url, mailto=os.environ.get("OPENALEX_MAILTO"),
                            api_key=os.environ.get("OPENALEX_API_KEY"), cache_dir=cache)
    if resolve_stubs:
        _resolve_stubs(client, limit=limit, rejects=rejects)
    try:
        if search is not None:
            seeds = [w["id"] for w in client.iter_works(
                filter=f"title_and_abstract.search:{search}", max_results=25)]
        elif doi:
            seeds = [client.get_work(f"doi:{doi}")["id"]]
        else:
            seeds = list(work_ids)
        works = client.snowball(seeds, depth=depth, max_works=max_works)
    except InputError as exc:  # an id or DOI that is none
        fail(str(exc), EXIT_INPUT)
    except OpenAlexError as exc:
        fail(str(exc), EXIT_UNAVAILABLE)
    click.echo(f"fetched {len(works)} works ({client.requests_made} requests)", err=True)
    from loaders.openalex import parse_objects

    records = list(parse_objects(((n, w) for n, w in enumerate(works, 1)), file="openalex-api"))
    stats = write_records(records, rejects=rejects)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)


def _resolve_stubs(client, *, limit: int | None, rejects: str | None) -> None:
    """``fetch openalex --resolve-stubs``: see :mod:`loaders.openalex_stubs`."""
    from loaders.openalex_api import OpenAlexError
    from loaders.openalex_stubs import resolve_stubs

    def show(p) -> None:
        click.echo(f"batch {p.batches}/{p.batches_total}: resolved {p.resolved:,} of "
                   f"{p.asked:,} stubs asked ({p.requests} request"
                   f"{'' if p.requests == 1 else 's'})", err=True)

    started = time.monotonic()
    reject_file = open(rejects, "w", encoding="utf-8") if rejects else None  # noqa: SIM115
    progress = None
    with open_graph(quiet=True) as graph:
        try:
            progress, stats = resolve_stubs(
                graph, client, limit=limit, on_progress=show,
                on_reject=lambda r: reject_file and reject_file.write(
                    json.dumps(r.as_dict(), ensure_ascii=False) + "\n"))
            update_index(graph, stats)  # the stubs filled in are papers now
        except OpenAlexError as exc:
            fail(f"stopped (batches before this one are kept): {exc}", EXIT_UNAVAILABLE)
        except BatchFailed as exc:
            fail(str(exc), 1)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        finally:
            if reject_file:
                reject_file.close()
    if not progress.wanted:
        click.echo("no stub papers with an OpenAlex id to resolve", err=True)
    else:
        click.echo(f"resolved {progress.resolved:,} of {progress.wanted:,} stubs; "
                   f"{progress.not_found:,} not found at OpenAlex", err=True)
    summary(stats, time.monotonic() - started, rejects)
    sys.exit(EXIT_REJECTS if stats.rejected else 0)
