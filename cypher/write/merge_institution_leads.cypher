// Refreshes the kept `lead` of each institution of $rows ([{id, keep, papers}]) after a
// load: `papers` are all the papers of the people of the loaded papers and of those given
// new citations who are affiliated with it (a new affiliation brings in a person's earlier
// papers). A paper outside the lead whose people the load did not touch cites no more than
// before, so the new lead is the best `keep` of the old lead and `papers`, ordered as
// write/set_institution_leads orders them. Candidates cited less than a full lead's least
// cited paper are dropped first and each is matched from the paper, as in
// write/merge_topic_leads (4 s against 1 s for the 150 institutions of a 1,000-paper load
// at 100k papers). Returns nothing.
UNWIND $rows AS r
MATCH (n:Institution {id: r.id})
CALL (n) {
  UNWIND coalesce(n.lead, []) AS kept
  OPTIONAL MATCH (q:Paper {id: kept})
  RETURN count(kept) AS held, min(coalesce(q.indegree, 0)) AS least
}
WITH n, r, CASE WHEN held >= r.keep THEN least ELSE 0 END AS floor
CALL (n, r, floor) {
  UNWIND coalesce(n.lead, []) + r.papers AS pid
  WITH DISTINCT n, floor, pid
  MATCH (p:Paper {id: pid})
  WHERE coalesce(p.indegree, 0) >= floor
  MATCH (p)<-[:AUTHORED]-(:Person)-[:AFFILIATED_WITH]->(i:Institution)
  WHERE i = n
  WITH DISTINCT p
  ORDER BY coalesce(p.indegree, 0) DESC, coalesce(p.year, 0) DESC, p.id
  RETURN collect(p.id) AS ids
}
SET n.lead = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END
