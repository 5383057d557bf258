"""The use cases the command line and the web app share, one module each.

Research maps (``neighbourhood``), adjacent work and suggestions, an entity's
page (``entity``), search, exports, the view cache and whole-graph runs; the
options they all accept are in ``options``. Callers import the module they use.
"""
