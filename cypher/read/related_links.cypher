// Returns papers linked to the seed papers $seeds by a source's related-works link:
// `id`, `shared` (number of seeds linked), at most $limit.
UNWIND $seeds AS sid
MATCH (:Paper {id: sid})-[:RELATED_TO]-(c:Paper)
WHERE NOT c.id IN $seeds
RETURN c.id AS id, count(DISTINCT sid) AS shared
ORDER BY shared DESC, id
LIMIT $limit
