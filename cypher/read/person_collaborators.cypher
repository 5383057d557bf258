// Returns co-authors of person $id: `id`, `name`, `shared` (papers written together),
// most shared first, at most $limit.
MATCH (me:Person {id: $id})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(other:Person)
WHERE other <> me
RETURN other.id AS id, other.name AS name, count(DISTINCT p) AS shared
ORDER BY shared DESC, name
LIMIT $limit
