// Keeps on each topic of $rows ([{id, keep}]) the people with most papers about it, so
// that its page reads them with the topic instead of reading every paper about it and
// its authors (a broad topic of 22,849 papers: 0.3-0.5 s at 100k papers): `lead_people`,
// the ids of its `keep` people with most papers about it, ties by name, then by id; no
// property when none. Reads all the topic's papers: for a whole build or a topic without
// `lead_people` (write/merge_topic_people refreshes a kept one). Returns nothing.
UNWIND $rows AS r
MATCH (n:Topic {id: r.id})
CALL (n) {
  MATCH (n)<-[:ABOUT]-(p:Paper)<-[:AUTHORED]-(person:Person)
  WITH person, count(DISTINCT p) AS papers
  ORDER BY papers DESC, person.name, person.id
  RETURN collect(person.id) AS ids
}
SET n.lead_people = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END
