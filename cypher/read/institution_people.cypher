// Returns the people of institution $id with their paper counts: `id`, `name`,
// `papers`, most papers first, at most $limit.
MATCH (:Institution {id: $id})<-[:AFFILIATED_WITH]-(person:Person)
RETURN person.id AS id, person.name AS name, COUNT { (person)-[:AUTHORED]->() } AS papers
ORDER BY papers DESC, name
LIMIT $limit
