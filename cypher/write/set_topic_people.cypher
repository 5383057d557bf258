// Keeps on each topic of $rows ([{id, keep}]) the people with most papers about it, so
// that its page reads them with the topic instead of reading every paper about it and
// its authors (a broad topic of 22,849 papers: 0.3-0.5 s at 100k papers): `lead_people`,
// the ids of its `keep` people with most papers about it, ties by name, then by id, and
// `lead_people_papers`, how many papers about it each has, in the same order (counting
// them again from each person took 0.3-0.7 s for a topic of 99,908 papers at a million);
// no property when none. Reads all the topic's papers: for a whole build or a topic
// without `lead_people` (write/merge_topic_people refreshes a kept one). Returns nothing.
UNWIND $rows AS r
MATCH (n:Topic {id: r.id})
CALL (n) {
  MATCH (n)<-[:ABOUT]-(p:Paper)<-[:AUTHORED]-(person:Person)
  WITH person, count(DISTINCT p) AS papers
  ORDER BY papers DESC, person.name, person.id
  RETURN collect(person.id) AS ids, collect(papers) AS counts
}
SET n.lead_people = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END,
    n.lead_people_papers = CASE WHEN size(ids) = 0 THEN null ELSE counts[..r.keep] END
