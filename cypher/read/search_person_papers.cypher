// Returns the loaded papers written by the people $ids (people a search matched by name):
// `id`, `title`, `name` (null), `year`, `citations` (the source's count, else citations in
// the graph), `author` (the matching person's name), most cited first, at most $limit.
UNWIND $ids AS pid
MATCH (a:Person {id: pid})-[:AUTHORED]->(p:Paper)
WHERE p.title IS NOT NULL
RETURN DISTINCT p.id AS id, p.title AS title, null AS name, p.year AS year,
       coalesce(p.cited_by_count, p.indegree) AS citations, a.name AS author
ORDER BY citations DESC
LIMIT $limit
