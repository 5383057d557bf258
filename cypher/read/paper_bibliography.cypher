// Returns bibliography fields of the papers in $ids: `id`, `doi`, `venue`, `kind`,
// `arxiv`, `authors` (names in author order).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (a:Person)-[r:AUTHORED]->(p)
WITH p, a, r ORDER BY r.position
RETURN p.id AS id, p.doi AS doi, p.venue AS venue, p.kind AS kind, p.arxiv AS arxiv,
       collect(a.name) AS authors
