// Returns people two co-authorship steps from person $id who have not written with
// them: `id`, `name`, `via` (number of shared collaborators), `evidence` (up to 3
// collaborator names); most shared first, at most $limit. Bounded whatever the field
// and the teams: the second step starts from the person's $near closest collaborators
// (most papers together, then the smallest team, then id) and goes through each one's
// $per latest papers of at most $team authors (`author_count`; a paper without it counts
// as small), while everyone the person wrote with, on any paper, is left out. Through
// every collaborator and every paper, a person with 33 papers of teams up to 289 authors
// took 11-16 s at 100,000 papers, and one with 820 papers 1.8-2.4 s at a million
// (docs/BENCHMARKS.md, "Search and the adjacent work of people, topics and institutions").
MATCH (me:Person {id: $id})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(c:Person)
WHERE c <> me
WITH me, c, count(p) AS together, min(coalesce(p.author_count, 0)) AS team
ORDER BY together DESC, team, c.id
WITH me, collect(c) AS direct
WITH me, direct, [c IN direct | c.id] AS direct_ids
UNWIND direct[..$near] AS c
CALL (c) {
  MATCH (c)-[:AUTHORED]->(q:Paper)
  WHERE coalesce(q.author_count, 0) <= $team
  WITH q
  ORDER BY coalesce(q.year, 0) DESC, q.id
  LIMIT $per
  MATCH (q)<-[:AUTHORED]-(x:Person)
  RETURN x
}
WITH me, direct_ids, c, x
WHERE x <> me
WITH direct_ids, x, count(DISTINCT c) AS via, collect(DISTINCT c.name)[..3] AS evidence
WHERE NOT x.id IN direct_ids
RETURN x.id AS id, x.name AS name, via, evidence
ORDER BY via DESC, name, id
LIMIT $limit
