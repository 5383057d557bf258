// Returns every citation edge as `src`, `dst` (streamed; used by whole-graph runs).
MATCH (a:Paper)-[:CITES]->(b:Paper)
RETURN a.id AS src, b.id AS dst
