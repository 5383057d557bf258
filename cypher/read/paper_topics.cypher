// Returns the topic names of each paper in $ids: `id`, `topics` (at most 5, best score first).
UNWIND $ids AS id
MATCH (p:Paper {id: id})-[a:ABOUT]->(t:Topic)
WITH id, t, coalesce(a.score, 0.0) AS score
ORDER BY score DESC
RETURN id, collect(t.name)[..5] AS topics
