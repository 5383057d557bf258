"""The web app: research maps, entity pages, a Cypher console and exports.

The app factory is :func:`webui.app.create_app`; each module below owns one
part (pages, JSON API, exports, console, security, settings, the graph
connection). This package sits on top: it imports explorer's views and the
graph access, and nothing below imports it.
"""
