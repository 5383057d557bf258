// Returns the relationships among the nodes of a view, one row per node that has
// any: `source` and `out`, a list of [target, type, weight] (weight: the ABOUT
// score or 1.0). The nodes come as $ids and again split by label ($papers,
// $people, $topics, $institutions) so each is found by one index lookup; rows
// (not per-row edges, which cost more over Bolt) are capped at $limit. $types is an
// allow-list.
CALL {
    UNWIND $papers AS id MATCH (n:Paper {id: id}) RETURN n
    UNION
    UNWIND $people AS id MATCH (n:Person {id: id}) RETURN n
    UNION
    UNWIND $topics AS id MATCH (n:Topic {id: id}) RETURN n
    UNION
    UNWIND $institutions AS id MATCH (n:Institution {id: id}) RETURN n
}
MATCH (n)-[r]->(m)
WHERE type(r) IN $types AND m.id IN $ids
WITH n, collect([m.id, type(r), coalesce(r.score, 1.0)]) AS out
RETURN n.id AS source, out
LIMIT $limit
