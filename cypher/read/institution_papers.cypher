// Returns the central papers of institution $id (in-degree inside the graph):
// `id`, `title`, `year`, `indegree`, at most $limit.
MATCH (:Institution {id: $id})<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(p:Paper)
WITH DISTINCT p
WITH p, COUNT { (p)<-[:CITES]-() } AS indegree
RETURN p.id AS id, p.title AS title, p.year AS year, indegree
ORDER BY indegree DESC, coalesce(p.year, 0) DESC
LIMIT $limit
