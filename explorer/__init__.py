"""Research Graph Explorer: the research map and everything built on the graph.

Packages: :mod:`explorer.algorithms` (pure), :mod:`explorer.views` (use cases),
:mod:`explorer.cli` (commands). Graph access lives in :mod:`cypher.access`.
"""
