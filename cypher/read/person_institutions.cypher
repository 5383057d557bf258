// Returns the institutions of person $id: `id`, `name`, `country`, at most $limit.
MATCH (:Person {id: $id})-[:AFFILIATED_WITH]->(i:Institution)
RETURN i.id AS id, i.name AS name, i.country AS country
ORDER BY name
LIMIT $limit
