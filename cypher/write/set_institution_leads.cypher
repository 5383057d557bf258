// Keeps on each institution of $rows ([{id, keep}]) its leading papers, so that its map
// reads them with the institution instead of reading every paper of its people: `lead`,
// the ids of the `keep` papers of its people most cited in the graph (stored `indegree`),
// ties by the later year, then by id; no property when its people have no paper. Reads all
// its papers: for a whole build or an institution without `lead`
// (write/merge_institution_leads refreshes a kept one). Returns nothing.
UNWIND $rows AS r
MATCH (n:Institution {id: r.id})
CALL (n) {
  MATCH (n)<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(p:Paper)
  WITH DISTINCT p
  ORDER BY coalesce(p.indegree, 0) DESC, coalesce(p.year, 0) DESC, p.id
  RETURN collect(p.id) AS ids
}
SET n.lead = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END
