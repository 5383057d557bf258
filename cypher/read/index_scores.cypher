// Returns papers in the related-work index of the seed papers $seeds: `id`, `shared`
// (the sum of their index scores over the seeds), `evidence` (the ids of the seeds they
// are related to, most related first); best first, at most $limit.
UNWIND $seeds AS sid
MATCH (s:Paper {id: sid})-[r:RELATED]->(c:Paper)
WHERE NOT c.id IN $seeds AND NOT coalesce(c.stub, false)
WITH c, r.score AS score, s.id AS seed
ORDER BY score DESC
RETURN c.id AS id, sum(score) AS shared, collect(seed) AS evidence
ORDER BY shared DESC, id
LIMIT $limit
