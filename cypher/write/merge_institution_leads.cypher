// Refreshes the kept `lead` of each institution of $rows ([{id, keep, papers}]) after a
// load: `papers` are all the papers of the people of the loaded papers and of those given
// new citations who are affiliated with it (a new affiliation brings in a person's earlier
// papers). A paper outside the lead whose people the load did not touch cites no more than
// before, so the new lead is the best `keep` of the old lead and `papers`, ordered as
// write/set_institution_leads orders them. Returns nothing.
UNWIND $rows AS r
MATCH (n:Institution {id: r.id})
CALL (n, r) {
  UNWIND coalesce(n.lead, []) + r.papers AS pid
  WITH DISTINCT n, pid
  MATCH (p:Paper {id: pid})<-[:AUTHORED]-(:Person)-[:AFFILIATED_WITH]->(n)
  WITH DISTINCT p
  ORDER BY coalesce(p.indegree, 0) DESC, coalesce(p.year, 0) DESC, p.id
  RETURN collect(p.id) AS ids
}
SET n.lead = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END
