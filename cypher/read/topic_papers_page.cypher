// Returns one page of the central papers of topic $id (in-degree inside the graph, then
// score, then id, so pages never overlap): `id`, `title`, `year`, `indegree`, skipping
// $skip and returning at most $limit.
MATCH (:Topic {id: $id})<-[a:ABOUT]-(p:Paper)
WITH p, a, COUNT { (p)<-[:CITES]-() } AS indegree
RETURN p.id AS id, p.title AS title, p.year AS year, indegree
ORDER BY indegree DESC, coalesce(a.score, 0) DESC, p.id
SKIP $skip
LIMIT $limit
