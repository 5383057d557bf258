// Returns the topics of paper $id: `id`, `name`, `score`, best first, at most $limit.
MATCH (p:Paper {id: $id})-[a:ABOUT]->(t:Topic)
RETURN t.id AS id, t.name AS name, a.score AS score
ORDER BY coalesce(a.score, 0) DESC, name
LIMIT $limit
