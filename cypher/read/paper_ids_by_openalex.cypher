// Returns `key` (an OpenAlex work id) and `id` for papers recorded under another id.
// $keys: list of W ids.
UNWIND $keys AS key
MATCH (p:Paper {openalex: key})
RETURN key, p.id AS id
