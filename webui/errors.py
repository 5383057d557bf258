"""Errors as JSON ``{"error": message}`` for the API and exports, as a page elsewhere.

400 the user's input (:class:`cypher.access.errors.InputError`, with its reason),
404 unknown id, 503 graph unavailable, 502 a query the database refused; any other
exception is the product's fault: 500 "internal error" and a log line with the
traceback — never shown to the user.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from werkzeug.exceptions import HTTPException

from cypher.access.errors import InputError, NotFound
from cypher.access.graph import GraphUnavailable
from webui.graphdb import reset_graph

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/export/"))


def error_response(status: int, message: str):
    if wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_response(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound):
        return error_response(404, str(exc))

    @app.errorhandler(InputError)
    def bad_parameter(exc: InputError):
        return error_response(400, " ".join(str(exc).split()) or "bad request")

    @app.errorhandler(OverflowError)
    def too_large(exc: OverflowError):
        return error_response(400, "a number in the request is too large")

    @app.errorhandler(RecursionError)
    def too_deep(exc: RecursionError):
        return error_response(400, "the request is nested too deeply")

    @app.errorhandler(GraphUnavailable)
    @app.errorhandler(ServiceUnavailable)
    @app.errorhandler(SessionExpired)
    def unavailable(exc: Exception):
        reset_graph()
        return error_response(503, "the graph database is unavailable: "
                                   + " ".join(str(exc).split()))

    @app.errorhandler(Neo4jError)
    def refused(exc: Neo4jError):
        log.warning("graph error on %s: %s", request.path, exc)
        return error_response(502, "the graph database refused the request: "
                                   + " ".join(str(exc.message or exc).split()))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s", request.path)
        return error_response(500, "internal error; see the server log")
