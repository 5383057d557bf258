// Returns the text and card of each paper in $ids: `id`, `title`, `abstract`, `year`,
// `venue`, `stub`, `first_author` (the name at the lowest author position, or null).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (p)<-[a:AUTHORED]-(x:Person)
WITH p, x, coalesce(a.position, 1000000) AS position
ORDER BY position
WITH p, collect(x.name) AS names
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.year AS year,
       p.venue AS venue, coalesce(p.stub, false) AS stub, names[0] AS first_author
