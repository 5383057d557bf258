// Creates (citing)-[:CITES]->(cited) unless that edge is already there (so a second
// load adds nothing), creating either end as a stub paper when it is not in the
// graph (`stub`, `sources`; an edge list's ends as papers, see `listed`), and counts each new edge in the cited paper's stored
// `indegree` in the same transaction (so it stays exact without a recount);
// returns nothing.
// It also keeps on the citing paper `ref_ids`, the ids of every paper it cites (in no
// particular order), so an index update reads a paper's references with the paper
// instead of walking its links (on the local server 3 to 4 times as fast). The new
// ids are appended; a paper that had citations but no `ref_ids` (loaded before the
// property was kept, or written by other statements) has its list read from its links.
// (One group a citing paper: rows naming the same citing paper twice stay exact.)
// $rows: [{src, source, dsts, listed}] — one row per citing paper with the papers it
// cites (grouped so the citing paper is looked up once per batch; docs/BENCHMARKS.md).
// `listed` (an edge list's rows): the ends it creates are papers of the field, without
// properties (`stub: false`, `author_count: 0`), not stubs.
UNWIND $rows AS r
MERGE (a:Paper {id: r.src})
ON CREATE SET a.stub = NOT coalesce(r.listed, false), a.sources = [r.source],
              a.author_count = CASE WHEN r.listed THEN 0 END
WITH a, r, CASE WHEN a.ref_ids IS NOT NULL THEN 0 WHEN EXISTS { (a)-[:CITES]->() } THEN 0
                ELSE 1 END AS fresh
UNWIND r.dsts AS dst
MERGE (b:Paper {id: dst})
ON CREATE SET b.stub = NOT coalesce(r.listed, false), b.sources = [r.source],
              b.author_count = CASE WHEN r.listed THEN 0 END
WITH a, b, fresh
WHERE NOT (a)-[:CITES]->(b)
CREATE (a)-[:CITES]->(b)
SET b.indegree = coalesce(b.indegree, 0) + 1
WITH a, min(fresh) AS fresh, collect(b.id) AS added
SET a.ref_ids = CASE WHEN a.ref_ids IS NOT NULL THEN a.ref_ids + added
                     WHEN fresh = 1 THEN added
                     ELSE [(a)-[:CITES]->(q:Paper) | q.id] END
