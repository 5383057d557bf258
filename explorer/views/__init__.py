"""The use cases the command line and the web app share.

Neighbourhood maps, suggestions, details and search, exports, the view cache,
whole-graph runs; :mod:`service` gathers them in one import.
"""
