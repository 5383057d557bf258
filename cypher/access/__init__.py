"""Graph access: the only package that opens a driver.

Settings, the connection (:mod:`graph`), the schema, the console guard,
Graph Data Science calls, the per-backend differences (:mod:`backends`) and
the local server's process management (:mod:`localserver`). Loaders and
explorer import from here; nothing here imports them.
"""
