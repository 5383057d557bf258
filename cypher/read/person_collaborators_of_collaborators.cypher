// Returns people two co-authorship steps from person $id who have not written with
// them: `id`, `name`, `via` (number of shared collaborators), `evidence` (up to 3
// collaborator names); most shared first, at most $limit.
MATCH (me:Person {id: $id})-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(c:Person)
WHERE c <> me
WITH me, collect(DISTINCT c) AS direct
UNWIND direct AS c
MATCH (c)-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(x:Person)
WHERE x <> me AND NOT x IN direct
RETURN x.id AS id, x.name AS name, count(DISTINCT c) AS via,
       collect(DISTINCT c.name)[..3] AS evidence
ORDER BY via DESC, name
LIMIT $limit
