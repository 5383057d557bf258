// Returns the ranked neighbours of each node in $ids, one row per (source node,
// relationship type, direction): `source`, `rel`, `outgoing`, `total` (all matching
// neighbours) and `kept` (at most $per_node maps {id, type, title, name, year,
// cited_by_count, stub, indegree}, most cited in the graph first (the stored
// `indegree`), then by
// source citation count, then newest). $labels and $types come from allow-lists;
// $year_from / $year_to filter papers (null = open).
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
  AND (m.year IS NULL OR (($year_from IS NULL OR m.year >= $year_from)
                          AND ($year_to IS NULL OR m.year <= $year_to)))
WITH id, type(r) AS rel, startNode(r) = n AS outgoing, m,
     coalesce(m.indegree, 0) AS indegree
ORDER BY indegree DESC, coalesce(m.cited_by_count, 0) DESC, coalesce(m.year, 0) DESC, m.id
WITH id, rel, outgoing, count(m) AS total,
     collect(m {.id, type: head(labels(m)), .title, .name, .year, .cited_by_count, .stub,
                indegree: indegree}) AS ranked
RETURN id AS source, rel, outgoing, total, ranked[..$per_node] AS kept
LIMIT $limit
