// Returns `key` (a Semantic Scholar paperId, 40 hex digits) and `id` for the papers
// holding it as `s2`, under whatever id they were recorded. $keys: list of paperIds.
UNWIND $keys AS key
MATCH (p:Paper {s2: key})
RETURN key, p.id AS id
