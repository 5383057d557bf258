"""The JSON API, used by the pages themselves (see README, "JSON API")."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from cypher.access.values import to_plain
from explorer.views.entity import DETAIL_LIMIT, PAPERS_PAGE_MAX, node_details, node_papers
from explorer.views.options import parse_types
from explorer.views.research_map import research_map as read_map
from explorer.views.search import search as search_graph
from explorer.views.suggestions import suggestions as suggest
from webui import console
from webui.graphdb import get_graph
from webui.params import int_arg, map_options_from_query
from webui.security import writes_allowed

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    q = request.args.get("q", "")
    types = request.args.get("type") or request.args.get("types")
    limit = int_arg(request.args, "limit", 20, 1, 100)
    page = int_arg(request.args, "page", 1, 1, 10_000)
    result = search_graph(get_graph(), q, types=parse_types(types) if types else None,
                          limit=limit, page=page, sort=request.args.get("sort", "match"))
    return jsonify(result)


@bp.get("/nodes/<path:node_id>")
def node(node_id: str):
    return jsonify(to_plain(node_details(get_graph(), node_id)))


@bp.get("/node-papers/<path:node_id>")
def papers_of_node(node_id: str):
    """The next page of a person's, topic's or institution's papers (``offset``, ``limit``)."""
    offset = int_arg(request.args, "offset", 0, 0, 10**7)
    limit = int_arg(request.args, "limit", DETAIL_LIMIT, 1, PAPERS_PAGE_MAX)
    return jsonify(to_plain(node_papers(get_graph(), node_id, offset, limit)))


@bp.get("/neighbourhood/<path:node_id>")
def neighbourhood(node_id: str):
    """The map of ``node_id``; with the page's state in the query string (``expand``,
    ``hide``, ``layout``...; what the page's own requests never send) the view on
    screen, as the exports of the same URL hold it (``export_state``)."""
    from explorer.views.export_state import default_state, parse_state, screen_view

    options = map_options_from_query(request.args)
    graph = get_graph()

    def map_of(centre: str, **opts):
        key = ("neighbourhood", centre, *sorted((k, _hashable(v)) for k, v in opts.items()))
        return _cache().get(graph, key, lambda: read_map(graph, centre, **opts))

    state = parse_state(request.args)
    if state != default_state():
        return jsonify(screen_view(map_of, node_id, options, state))
    return jsonify(map_of(node_id, **options))


@bp.get("/suggestions/<path:node_id>")
def suggestions(node_id: str):
    k = int_arg(request.args, "k", 20, 1, 200)
    graph = get_graph()
    return jsonify(_cache().get(graph, ("suggestions", node_id, k),
                                lambda: suggest(graph, [node_id], k=k)))


@bp.get("/adjacent/<path:node_id>")
def adjacent(node_id: str):
    """Prior, derivative and similar work (and people) for any node."""
    from explorer.views.adjacent import adjacent_work

    k = int_arg(request.args, "k", 15, 1, 100)
    graph = get_graph()
    return jsonify(_cache().get(graph, ("adjacent", node_id, k),
                                lambda: adjacent_work(graph, node_id, k=k)))


def _cache():
    return current_app.extensions["view_cache"]


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@bp.post("/cypher")
def cypher():
    config = current_app.config
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        return jsonify(error="the JSON body is nested too deeply"), 400
    slots = current_app.extensions["console_slots"]
    try:
        query, params = console.check_request(body, config["MAX_PARAM_BYTES"])
        with slots:
            result = console.run(get_graph(), query, params, timeout=config["QUERY_TIMEOUT"],
                                 max_rows=config["MAX_ROWS"], allow_writes=writes_allowed(),
                                 max_bytes=config["MAX_RESULT_BYTES"])
    except console.ConsoleRefused as exc:
        return jsonify(error=str(exc)), 400
    except console.ConsoleBusy as exc:
        return jsonify(error=str(exc)), 429, {"Retry-After": "5"}
    return jsonify(result)
