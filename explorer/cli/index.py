"""``explorer index``: build the related-work index (every paper's most related papers)."""

from __future__ import annotations

import click
from neo4j.exceptions import Neo4jError

from cypher.access.graph import GraphUnavailable
from explorer.cli.base import EXIT_UNAVAILABLE, fail, main, open_graph
from explorer.cli.loading import IndexProgress
from explorer.views import related_index


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
                run = related_index.update(graph, list(paper_ids), k=k, progress=IndexProgress())
            else:
                run = related_index.build(graph, k=k, progress=IndexProgress())
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except Neo4jError as exc:
            fail(f"the graph refused the query: {exc.message}", 1)
    click.echo(f"related-work index: {run['papers']:,} papers, {run['links']:,} links, "
               f"{run['seconds']:.1f} s (reading {run['read_seconds']:.1f} s, scoring "
               f"{run['score_seconds']:.1f} s, writing {run['write_seconds']:.1f} s)")
