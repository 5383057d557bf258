// Keeps on each topic of $rows ([{id, keep}]) its leading papers, so that its map reads
// them with the topic instead of reading every paper about it (a broad topic of a real
// field has tens of thousands): `lead`, the ids of its `keep` papers most cited in the
// graph (stored `indegree`), ties by the paper's topic score, then by id; no property when
// no paper is about it. Reads all the topic's papers: for a whole build or a topic without
// `lead` (write/merge_topic_leads refreshes a kept one). Returns nothing.
UNWIND $rows AS r
MATCH (n:Topic {id: r.id})
CALL (n) {
  MATCH (n)<-[a:ABOUT]-(p:Paper)
  WITH p, a
  ORDER BY coalesce(p.indegree, 0) DESC, coalesce(a.score, 0.0) DESC, p.id
  RETURN collect(p.id) AS ids
}
SET n.lead = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END
