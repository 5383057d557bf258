// Returns the people with most papers on topic $id: `id`, `name`, `papers`, at most $limit.
MATCH (:Topic {id: $id})<-[:ABOUT]-(p:Paper)<-[:AUTHORED]-(person:Person)
RETURN person.id AS id, person.name AS name, count(DISTINCT p) AS papers
ORDER BY papers DESC, name
LIMIT $limit
