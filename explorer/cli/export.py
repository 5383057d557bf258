"""``explorer export``: the research map of a node written as a file, with its provenance.

The ``--format`` choices and the formats named in the help come from the
registry, :mod:`explorer.views.export_formats`.
"""

from __future__ import annotations

from pathlib import Path

import click

from explorer.cli.base import EXIT_INPUT, fail, main
from explorer.cli.explore import map_option_flags
from explorer.views import export_formats, export_state


def _help() -> str:
    """The command's help, naming every registered format."""
    labels = [f.label for f in export_formats.formats()]
    listed = ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]
    return (f"Export the research map of NODE_ID as {listed}, with the provenance that "
            "rebuilds it.")


@main.command("export", help=_help())
@click.argument("node_id")
@click.option("--format", "fmt", type=click.Choice(export_formats.names()), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="file to write (for csv: a zip of nodes.csv and edges.csv)")
@map_option_flags
@click.option("--undated", type=click.Choice(["drop", "keep"]), default="drop",
              show_default=True, help="with --years: keep papers without a year")
@click.option("--expand", default="", metavar="IDS",
              help="comma-separated nodes whose own related papers are merged in (as on the page)")
@click.option("--add", "add_ids", default="", metavar="IDS", help="comma-separated nodes added")
@click.option("--hide", default="", metavar="IDS", help="comma-separated nodes left out")
@click.option("--pin", default="", metavar="IDS", help="pinned nodes (kept in the provenance)")
@click.option("--stubs", type=click.Choice(["hide", "show"]), default="hide", show_default=True,
              help="papers known only by id (unresolved references)")
@click.option("--colour", type=click.Choice(export_state.COLOURS), default="year",
              show_default=True)
@click.option("--layout", type=click.Choice(export_state.LAYOUTS), default="structure",
              show_default=True)
@click.option("--size", type=click.Choice(["on", "off"]), default="on", show_default=True,
              help="papers sized by citations")
@click.option("--labels", type=click.Choice(export_state.LABELS), default="more",
              show_default=True, help="label density of the HTML export")
@click.option("--community", default="", metavar="KEY", help="highlighted community (its key)")
def export_command(node_id, fmt, output, kind, depth, limit, types, years, resolution, seed,
                   undated, expand, add_ids, hide, pin, stubs, colour, layout, size, labels,
                   community) -> None:
    """Write the export (see :func:`_help`); exit 2 on unusable input, 4 without a graph.

    The view is the page's with the same state: the flags after ``--undated`` are the
    page URL's keys (``explorer.views.export_state``)."""
    from neo4j.exceptions import Neo4jError

    from cypher.access.errors import InputError, NotFound
    from cypher.access.graph import GraphUnavailable
    from explorer.cli.base import EXIT_UNAVAILABLE, open_graph
    from explorer.views import export
    from explorer.views.options import parse_types, parse_years

    try:
        options = {"kind": kind, "depth": depth, "limit": limit, "types": parse_types(types)
                   if types else None, "years": parse_years(years),
                   "resolution": resolution, "seed": seed}
        if undated == "keep":
            options["keep_undated"] = True
        state = export_state.parse_state({
            "expand": expand, "add": add_ids, "hide": hide, "pin": pin, "stubs": stubs,
            "colour": colour, "layout": layout, "size": size, "labels": labels,
            "community": community})
    except InputError as exc:
        fail(str(exc), EXIT_INPUT)
    with open_graph(quiet=True) as graph:
        try:
            body, view, _ = export.export_view(graph, node_id, fmt, output=str(output),
                                               state=state, **options)
        except (NotFound, InputError) as exc:
            fail(str(exc), EXIT_INPUT)
        except GraphUnavailable as exc:
            fail(str(exc), EXIT_UNAVAILABLE)
        except Neo4jError as exc:
            fail(f"the graph refused the query: {exc.message}", 1)
    try:
        output.write_bytes(body)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}", EXIT_INPUT)
    note = ""
    if export_formats.get(fmt).bibliographic:
        from explorer.views.export_biblio import left_out_note

        note = " " + left_out_note(view) if left_out_note(view) else ""
    click.echo(f"wrote {output} ({len(view['nodes'])} nodes, {len(view['edges'])} edges)"
               + note)
