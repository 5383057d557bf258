// Returns papers sharing authors with the seed papers $seeds: `id`, `shared` (number of
// shared authors), `evidence` (up to 3 names); most shared first, at most $limit.
UNWIND $seeds AS sid
MATCH (:Paper {id: sid})<-[:AUTHORED]-(a:Person)-[:AUTHORED]->(c:Paper)
WHERE NOT c.id IN $seeds
RETURN c.id AS id, count(DISTINCT a) AS shared, collect(DISTINCT a.name)[..3] AS evidence
ORDER BY shared DESC, id
LIMIT $limit
