// Returns the OpenAlex ids of stub papers (known only as a reference): `id`,
// `cited` (citing papers inside the graph), most cited first, at most $limit.
MATCH (p:Paper)
WHERE p.stub = true AND p.id STARTS WITH 'W'
RETURN p.id AS id, coalesce(p.indegree, 0) AS cited
ORDER BY cited DESC, id
LIMIT $limit
