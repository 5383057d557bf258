// Returns one page of the papers of person $id: `id`, `title`, `year`, `indegree`, most
// cited in the graph first (then newest, then by id, so pages never overlap), skipping
// $skip and returning at most $limit.
MATCH (:Person {id: $id})-[:AUTHORED]->(p:Paper)
WITH p, COUNT { (p)<-[:CITES]-() } AS indegree
RETURN p.id AS id, p.title AS title, p.year AS year, indegree
ORDER BY indegree DESC, coalesce(p.year, 0) DESC, p.id
SKIP $skip
LIMIT $limit
