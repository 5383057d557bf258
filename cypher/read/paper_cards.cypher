// Returns what a list or a label shows of each paper in $ids: `id`, `title`, `year`,
// `venue`, `doi`, `openalex`, `stub`, `indegree`, `cited_by_count`, `first_author`
// (the name at the lowest author position, or null) and `authors` (how many).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (p)<-[a:AUTHORED]-(x:Person)
WITH p, x, coalesce(a.position, 1000000) AS position
ORDER BY position
WITH p, collect(x.name) AS names
RETURN p.id AS id, p.title AS title, p.year AS year, p.venue AS venue, p.doi AS doi,
       p.openalex AS openalex, coalesce(p.stub, false) AS stub,
       coalesce(p.indegree, 0) AS indegree, p.cited_by_count AS cited_by_count,
       names[0] AS first_author, size(names) AS authors
