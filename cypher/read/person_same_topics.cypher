// Returns people who write on the topics of person $id: `id`, `name`, `shared`
// (number of shared topics), `evidence` (up to 3 topic names); at most $limit.
MATCH (me:Person {id: $id})-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
WITH me, collect(DISTINCT t)[..30] AS topics
UNWIND topics AS t
MATCH (t)<-[:ABOUT]-(:Paper)<-[:AUTHORED]-(x:Person)
WHERE x <> me
RETURN x.id AS id, x.name AS name, count(DISTINCT t) AS shared,
       collect(DISTINCT t.name)[..3] AS evidence
ORDER BY shared DESC, name
LIMIT $limit
