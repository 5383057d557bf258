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

from explorer.views.entity import node_details
from explorer.views.search import search as search_graph
from webui import console
from webui.graphdb import get_graph
from webui.security import safe_next, token_matches, writes_allowed

bp = Blueprint("pages", __name__)
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
PAGE_TYPES = {"paper": "Paper", "person": "Person", "topic": "Topic",
              "institution": "Institution"}


@bp.get("/")
def index():
    return render_template("index.html")


@bp.get("/search")
def search():
    q = request.args.get("q", "").strip()
    if not q:
        return render_template("search.html", q="", result=None)
    return render_template("search.html", q=q, result=search_graph(get_graph(), q))


def _entity(kind: str, node_id: str):
    details = node_details(get_graph(), node_id)
    if details["type"] != PAGE_TYPES[kind]:
        target = url_for("pages.entity_" + details["type"].lower(), node_id=node_id)
        query = request.query_string.decode()
        return redirect(target + ("?" + query if query else ""))
    return render_template("entity.html", d=details, p=details["properties"], kind=kind)


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
