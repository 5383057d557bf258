"""webui.errors: the user's mistakes answer 400 with the reason; our faults answer 500 and log."""

from __future__ import annotations

import logging

import pytest
from flask import Blueprint

from cypher.access.errors import InputError, NotFound
from webui.app import create_app


@pytest.fixture
def app():
    bp = Blueprint("faults", __name__)

    @bp.get("/api/input")
    def input_error():
        raise InputError("years must look like 2015:2020, got 'x'")

    @bp.get("/api/bug")
    def bug():
        raise ValueError("an internal mistake, not the user's")

    @bp.get("/api/missing")
    def missing():
        raise NotFound("no node with id 'W1'")

    @bp.get("/page-bug")
    def page_bug():
        raise ValueError("an internal mistake on a page")

    application = create_app({"TESTING": False, "GRAPH": object()})
    application.register_blueprint(bp)
    return application


def test_an_input_error_is_a_400_with_its_reason(app):
    response = app.test_client().get("/api/input")
    assert response.status_code == 400
    assert response.get_json() == {"error": "years must look like 2015:2020, got 'x'"}


def test_an_internal_value_error_is_a_500_logged_not_blamed_on_the_user(app, caplog):
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/api/bug")
    assert response.status_code == 500
    assert "internal mistake" not in response.get_data(as_text=True)
    assert any("/api/bug" in record.getMessage() for record in caplog.records)
    page = app.test_client().get("/page-bug")
    assert page.status_code == 500 and "internal mistake" not in page.get_data(as_text=True)


def test_an_unknown_id_is_a_404(app):
    response = app.test_client().get("/api/missing")
    assert response.status_code == 404 and "W1" in response.get_json()["error"]
