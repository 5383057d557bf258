// Returns `id`, `title`, `year`, `stub` of the papers in $ids.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, p.title AS title, p.year AS year, p.stub AS stub
