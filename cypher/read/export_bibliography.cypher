// Returns the bibliographic fields of the papers in $ids for exports: `id`, `doi`,
// `venue`, `kind`, `arxiv`, `openalex`, `abstract`, `authors` (names in author order),
// `keywords` (topic names, best score first).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (a:Person)-[r:AUTHORED]->(p)
WITH p, a, r ORDER BY r.position
WITH p, collect(a.name) AS authors
OPTIONAL MATCH (p)-[s:ABOUT]->(t:Topic)
WITH p, authors, t, coalesce(s.score, 0.0) AS score ORDER BY score DESC
RETURN p.id AS id, p.doi AS doi, p.venue AS venue, p.kind AS kind, p.arxiv AS arxiv,
       p.openalex AS openalex, p.abstract AS abstract, authors,
       collect(t.name) AS keywords
