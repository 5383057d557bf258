// Returns papers whose authors share institutions with the seed papers' authors: `id`,
// `shared` (number of shared institutions), `evidence` (up to 3 names); at most $limit.
UNWIND $seeds AS sid
MATCH (:Paper {id: sid})<-[:AUTHORED]-(:Person)-[:AFFILIATED_WITH]->(i:Institution)
WITH DISTINCT i LIMIT 50
MATCH (i)<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(c:Paper)
WHERE NOT c.id IN $seeds
RETURN c.id AS id, count(DISTINCT i) AS shared, collect(DISTINCT i.name)[..3] AS evidence
ORDER BY shared DESC, id
LIMIT $limit
