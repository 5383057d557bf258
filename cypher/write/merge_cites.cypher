// Creates (citing)-[:CITES]->(cited) unless that edge is already there (so a second
// load adds nothing), creating either end as a stub paper when it is not in the
// graph (`stub`, `sources`), and counts each new edge in the cited paper's stored
// `indegree` in the same transaction (so it stays exact without a recount);
// returns nothing.
// $rows: [{src, source, dsts}] — one row per citing paper with the papers it cites
// (grouped so the citing paper is looked up once per batch; docs/BENCHMARKS.md).
UNWIND $rows AS r
MERGE (a:Paper {id: r.src})
ON CREATE SET a.stub = true, a.sources = [r.source]
WITH a, r
UNWIND r.dsts AS dst
MERGE (b:Paper {id: dst})
ON CREATE SET b.stub = true, b.sources = [r.source]
WITH a, b
WHERE NOT (a)-[:CITES]->(b)
CREATE (a)-[:CITES]->(b)
SET b.indegree = coalesce(b.indegree, 0) + 1
