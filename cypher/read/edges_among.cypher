// Returns the relationships among the nodes in $ids: `source`, `target`, `type`,
// `weight` (the ABOUT score or 1.0), at most $limit rows. $types is an allow-list.
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
MATCH (n)-[r]->(m)
WHERE type(r) IN $types AND m.id IN $ids
RETURN n.id AS source, m.id AS target, type(r) AS type, coalesce(r.score, 1.0) AS weight
LIMIT $limit
