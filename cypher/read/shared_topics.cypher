// Returns papers sharing topics with the seed papers $seeds: `id`, `shared` (number of
// shared topics), `evidence` (up to 3 topic names); most shared first, at most $limit.
UNWIND $seeds AS sid
MATCH (:Paper {id: sid})-[:ABOUT]->(t:Topic)<-[:ABOUT]-(c:Paper)
WHERE NOT c.id IN $seeds
RETURN c.id AS id, count(DISTINCT t) AS shared, collect(DISTINCT t.name)[..3] AS evidence
ORDER BY shared DESC, id
LIMIT $limit
