"""Graph access: the only package that opens a driver.

Settings, the errors, the connection (:mod:`graph`), the schema, the console
guard, Graph Data Science calls, what differs between servers (:mod:`backends`:
the ``Backend`` interface and one class per server) and the local server's
process management (:mod:`localserver`). Loaders and explorer import from
here; nothing here imports them.
"""
