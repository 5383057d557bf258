// Returns `key` (a DOI) and `id` for each given DOI that a paper already has.
// $keys: list of normalised DOIs.
UNWIND $keys AS key
MATCH (p:Paper {doi: key})
RETURN key, p.id AS id
