// Returns the neighbours of each node in $ids, one row per (source node,
// relationship type, direction): `source`, `rel`, `outgoing`, `total` (all matching
// neighbours) and `candidates`, a list of [indegree, cited_by_count, year, id] per
// neighbour (stored in-graph citation count, the source's count, year; 0 when
// missing) for the caller to rank. Ranking happens in the caller because sorting
// every neighbour of a hub frontier on the server cost seconds (docs/BENCHMARKS.md).
// $labels and $types come from allow-lists; $year_from / $year_to filter papers
// (null = open; with a range, undated papers are kept only when $keep_undated);
// at most $limit rows.
UNWIND $ids AS id
CALL {
    WITH id MATCH (n:Paper {id: id}) RETURN n
    UNION
    WITH id MATCH (n:Person {id: id}) RETURN n
    UNION
    WITH id MATCH (n:Topic {id: id}) RETURN n
    UNION
    WITH id MATCH (n:Institution {id: id}) RETURN n
}
MATCH (n)-[r]-(m)
WHERE type(r) IN $types AND head(labels(m)) IN $labels
  AND (($year_from IS NULL AND $year_to IS NULL)
       OR (m.year IS NULL AND (head(labels(m)) <> 'Paper' OR $keep_undated))
       OR (m.year IS NOT NULL AND ($year_from IS NULL OR m.year >= $year_from)
           AND ($year_to IS NULL OR m.year <= $year_to)))
WITH id, type(r) AS rel, startNode(r) = n AS outgoing,
     collect([coalesce(m.indegree, 0), coalesce(m.cited_by_count, 0), coalesce(m.year, 0),
              m.id]) AS candidates
RETURN id AS source, rel, outgoing, size(candidates) AS total, candidates
LIMIT $limit
