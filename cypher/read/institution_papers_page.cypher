// Returns one page of the central papers of institution $id (in-degree inside the graph,
// then newest, then id, so pages never overlap): `id`, `title`, `year`, `indegree`,
// skipping $skip and returning at most $limit.
MATCH (:Institution {id: $id})<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(p:Paper)
WITH DISTINCT p
WITH p, COUNT { (p)<-[:CITES]-() } AS indegree
RETURN p.id AS id, p.title AS title, p.year AS year, indegree
ORDER BY indegree DESC, coalesce(p.year, 0) DESC, p.id
SKIP $skip
LIMIT $limit
