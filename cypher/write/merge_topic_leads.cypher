// Refreshes the kept `lead` of each topic of $rows ([{id, keep, papers}]) after a load:
// `papers` are the loaded papers about it and those given new citations. A paper outside
// the lead that the load did not touch cites no more than before, so the new lead is the
// best `keep` of the old lead and `papers`, ordered as write/set_topic_leads orders them
// (papers no longer about the topic dropped). Returns nothing.
UNWIND $rows AS r
MATCH (n:Topic {id: r.id})
CALL (n, r) {
  UNWIND coalesce(n.lead, []) + r.papers AS pid
  WITH DISTINCT n, pid
  MATCH (p:Paper {id: pid})-[a:ABOUT]->(n)
  WITH p, a
  ORDER BY coalesce(p.indegree, 0) DESC, coalesce(a.score, 0.0) DESC, p.id
  RETURN collect(p.id) AS ids
}
SET n.lead = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END
