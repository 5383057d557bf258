// Returns `key` (an ORCID) and `id` for each given ORCID a person already has.
// $keys: list of ORCIDs.
UNWIND $keys AS key
MATCH (p:Person {orcid: key})
RETURN key, p.id AS id
