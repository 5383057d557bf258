"""The app factory: research maps, entity pages, a Cypher console and exports.

``create_app(test_config=None)`` builds the Flask app (flaskr style). Settings
come from the environment (see :mod:`webui.config`); ``test_config`` overrides
them. The graph connection is opened on first use and closed at exit
(:mod:`webui.graphdb`).
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the app; raise ``webui.config.ConfigError`` on bad settings."""
    from webui import api, config, errors, exports, graphdb, pages, security

    app = Flask(__name__)
    from explorer.views.palette import page_palette

    app.jinja_env.globals["palette"] = page_palette()  # base.html's data-palette
    app.config.from_mapping(config.from_environ())
    if test_config:
        app.config.update(test_config)
    config.check(app.config)
    from explorer.views.cache import ViewCache

    app.extensions["view_cache"] = ViewCache(app.config["VIEW_CACHE"])
    from webui.console import Slots

    app.extensions["console_slots"] = Slots(app.config["CONSOLE_CONCURRENCY"])
    security.init_app(app)
    graphdb.init_app(app)
    errors.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(exports.bp)
    return app
