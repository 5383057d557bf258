"""``explorer index``: build the related-work index (every paper's most related papers)."""

from __future__ import annotations

import time

import click
from neo4j.exceptions import Neo4jError

from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_UNAVAILABLE, fail, main, open_graph
from explorer.views import related_index


class _Rate:
    """A line on stderr at most every 5 s: papers done, rate and time left."""

    def __init__(self) -> None:
        self.start = self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 5 and done < total:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        left = (total - done) / rate if rate else 0
        click.echo(f"indexed {done:,} of {total:,} papers ({rate:,.0f}/s, about "
                   f"{left:,.0f} s left)", err=True)


@main.command("index")
@click.argument("paper_ids", nargs=-1)
@click.option("-k", type=click.IntRange(5, 100), default=related_index.DEFAULT_K,
              show_default=True, help="related papers kept for each paper")
def index_command(paper_ids, k) -> None:
    """Build the related-work index: for every loaded paper (or, given PAPER_IDS, for
    those papers and their citation neighbours) its K most related papers, with the
    evidence for each. Loads keep it up to date; run this after changing K."""
    with open_graph(quiet=True) as graph:
        try:
            if paper_ids:
                run = related_index.update(graph, list(paper_ids), k=k, progress=_Rate())
            else:
                run = related_index.build(graph, k=k, progress=_Rate())
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except Neo4jError as exc:
            fail(f"the graph refused the query: {exc.message}", 1)
    click.echo(f"related-work index: {run['papers']:,} papers, {run['links']:,} links, "
               f"{run['seconds']:.1f} s")
