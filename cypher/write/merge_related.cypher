// Creates (paper)-[:RELATED_TO]->(paper) links asserted by a source unless present,
// creating a missing target as a stub paper (`stub`, `sources`); returns nothing.
// $rows: [{src, source, dsts}] — one row per paper with the papers it names related
// (grouped, as write/merge_cites, so the paper is looked up once per batch).
UNWIND $rows AS r
MATCH (a:Paper {id: r.src})
UNWIND r.dsts AS dst
MERGE (b:Paper {id: dst})
ON CREATE SET b.stub = true, b.sources = [r.source]
WITH a, b
WHERE NOT (a)-[:RELATED_TO]->(b)
CREATE (a)-[:RELATED_TO]->(b)
