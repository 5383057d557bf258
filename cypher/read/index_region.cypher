// Returns, in one record (`columns`, the names, and `rows`, a list of values a paper:
// Graph.read_table), for each paper of $ids what an incremental index update reads: `id`,
// `stub`, `title`, `abstract`, `venue`, `refs` (every paper it cites: the `ref_ids`
// kept on the paper by write/merge_cites, its links for a paper without), `citers` (at
// most $cap of the papers citing it), `indegree` (how many papers cite it: the stored
// count), `topics` ([topic id, score]) and `authors` (person ids: kept on the paper,
// walked only for a paper loaded before write/summarize_authors).
// The citers are taken in a subquery with LIMIT, so a much-cited paper's citers are
// not all walked to keep $cap of them (2.5x faster on an update's region at 1M papers).
// One record rather than one a paper: the driver decodes a fifth of it (an update's
// region at 1M papers read in half the time).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
CALL {
  WITH p
  MATCH (p)<-[:CITES]-(c:Paper)
  WITH c LIMIT $cap
  RETURN collect(c.id) AS citers
}
WITH p.id AS id, coalesce(p.stub, false) AS stub, p.title AS title,
       p.abstract AS abstract, p.venue AS venue, coalesce(p.indegree, 0) AS indegree,
       CASE WHEN p.ref_ids IS NULL THEN [(p)-[:CITES]->(q:Paper) | q.id]
            ELSE p.ref_ids END AS refs, citers,
       [(p)-[a:ABOUT]->(t:Topic) | [t.id, coalesce(a.score, 1.0)]] AS topics,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN [(p)<-[:AUTHORED]-(x:Person) | x.id]
            ELSE coalesce(p.author_ids, []) END AS authors
RETURN ['id', 'stub', 'title', 'abstract', 'venue', 'indegree', 'refs', 'citers',
        'topics', 'authors'] AS columns,
       collect([id, stub, title, abstract, venue, indegree, refs, citers, topics,
                authors]) AS rows
