"""HTML pages: home, search, one page per node type, the Cypher console, login.

Each page has a JSON twin under ``/api``; the research map and the adjacent
work on entity pages are drawn by ``static/map.js`` from that API.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyvis
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)

from cypher.access.errors import InputError
from explorer.views.adjacent import LISTS as ADJACENT_LISTS
from explorer.views.entity import node_details
from explorer.views.markup import title_parts
from explorer.views.options import NODE_TYPES
from explorer.views.search import SORTS
from explorer.views.search import search as search_graph
from webui import console
from webui.graphdb import get_graph
from webui.params import int_arg
from webui.security import safe_next, token_matches, writes_allowed

bp = Blueprint("pages", __name__)
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
PAGE_TYPES = {"paper": "Paper", "person": "Person", "topic": "Topic",
              "institution": "Institution"}


@bp.get("/")
def index():
    return render_template("index.html")


# results a group shows on the page of every type, and a page of one type
SEARCH_PREVIEW = 10
SEARCH_PAGE = 25


@bp.get("/search")
def search():
    """Every type's best results, or (``type=``) one type's results paged (``page=``) and
    sorted (``sort=``); each group's count links to its own pages."""
    q = request.args.get("q", "").strip()
    if not q:
        return render_template("search.html", q="", result=None)
    only = request.args.get("type", "").strip().capitalize() or None
    if only is not None and only not in NODE_TYPES:
        raise InputError(f"unknown type {only!r}; choose from {', '.join(NODE_TYPES)}")
    sort = request.args.get("sort", "match")
    if sort not in SORTS:
        raise InputError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    page = int_arg(request.args, "page", 1, 1, 10_000) if only else 1
    result = search_graph(get_graph(), q, limit=SEARCH_PAGE if only else SEARCH_PREVIEW,
                          page=page, sort=sort)
    return render_template("search.html", q=q, result=result, only=only, sort=sort,
                           sorts=SORTS)


def _entity(kind: str, node_id: str):
    details = node_details(get_graph(), node_id)
    if details["type"] != PAGE_TYPES[kind]:
        target = url_for("pages.entity_" + details["type"].lower(), node_id=node_id)
        query = request.query_string.decode()
        return redirect(target + ("?" + query if query else ""))
    properties = details["properties"]
    heading = title_parts(properties.get("title") or properties.get("name") or node_id)
    return render_template("entity.html", d=details, p=properties, kind=kind, heading=heading,
                           title_parts=title_parts, adjacent_lists=ADJACENT_LISTS)


@bp.get("/paper/<path:node_id>")
def entity_paper(node_id: str):
    return _entity("paper", node_id)


@bp.get("/person/<path:node_id>")
def entity_person(node_id: str):
    return _entity("person", node_id)


@bp.get("/topic/<path:node_id>")
def entity_topic(node_id: str):
    return _entity("topic", node_id)


@bp.get("/institution/<path:node_id>")
def entity_institution(node_id: str):
    return _entity("institution", node_id)


@bp.get("/cypher")
def cypher():
    examples = [{"name": name, "query": query, "params": json.dumps(params)}
                for name, query, params in console.EXAMPLES]
    return render_template("cypher.html", examples=examples, writes=writes_allowed(),
                           timeout=current_app.config["QUERY_TIMEOUT"],
                           max_rows=current_app.config["MAX_ROWS"])


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico before reading the page's icon link."""
    return send_from_directory(Path(__file__).parent / "static", "favicon.svg",
                               mimetype="image/svg+xml", max_age=86400)


@bp.get("/vendor/<name>")
def vis_asset(name: str):
    """vis-network from the installed pyvis package: no CDN, works offline."""
    if name not in {"vis-network.min.js", "vis-network.css"}:
        abort(404)
    return send_from_directory(VIS_DIR, name, max_age=86400)


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"))
    error = None
    if request.method == "POST":
        if token_matches(request.form.get("token")):
            session.clear()
            session["authenticated"] = True
            return redirect(target)
        error = "wrong token"
    status = 401 if error else 200
    return render_template("login.html", next=target, error=error), status
