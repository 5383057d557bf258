// Returns the data sources behind the papers in $ids: `source` (a loader name such as
// openalex, bibtex, ris) and `papers` (how many of the papers it asserted).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
UNWIND coalesce(p.sources, []) AS source
RETURN source, count(*) AS papers
ORDER BY papers DESC, source
