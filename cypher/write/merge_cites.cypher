// Creates (citing)-[:CITES]->(cited) between existing papers unless that edge is
// already there (so a second load adds nothing); returns nothing.
// $rows: [{src, dsts}] — one row per citing paper with the papers it cites
// (grouped so the citing paper is looked up once per batch; measured about 1.4x
// faster than one MERGE per edge on the local server, docs/BENCHMARKS.md).
UNWIND $rows AS r
MATCH (a:Paper {id: r.src})
UNWIND r.dsts AS dst
MATCH (b:Paper {id: dst})
WHERE NOT (a)-[:CITES]->(b)
CREATE (a)-[:CITES]->(b)
