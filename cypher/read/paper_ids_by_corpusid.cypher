// Returns `key` (a Semantic Scholar corpus id) and `id` for papers recorded under
// another id. $keys: list of corpus ids as strings.
UNWIND $keys AS key
MATCH (p:Paper {corpusid: key})
RETURN key, p.id AS id
