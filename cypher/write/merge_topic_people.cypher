// Refreshes the kept `lead_people` and `lead_people_papers` of each topic of $rows
// ([{id, keep, people}]) after a load: `people` are the authors of the loaded papers
// about it. Only they have more papers about it than before, so the new list is the best
// `keep` of the old list and `people`, their papers about the topic counted again (from
// each person, never from the topic: see write/merge_topic_leads), ordered as
// write/set_topic_people orders them, with those counts. A full list's people all have
// at least as many papers about it as its last (`floor`): a candidate with fewer papers
// in all is dropped before they are read. Returns nothing.
UNWIND $rows AS r
MATCH (n:Topic {id: r.id})
CALL (n) {
  UNWIND coalesce(n.lead_people, []) AS kept
  MATCH (:Person {id: kept})-[:AUTHORED]->(p:Paper)-[:ABOUT]->(t:Topic)
  WHERE t = n
  WITH kept, count(DISTINCT p) AS papers
  RETURN count(kept) AS held, min(papers) AS least
}
WITH n, r, CASE WHEN held >= r.keep THEN least ELSE 0 END AS floor
CALL (n, r, floor) {
  UNWIND coalesce(n.lead_people, []) + r.people AS aid
  WITH DISTINCT n, floor, aid
  MATCH (person:Person {id: aid})
  WHERE COUNT { (person)-[:AUTHORED]->(:Paper) } >= floor
  MATCH (person)-[:AUTHORED]->(p:Paper)-[:ABOUT]->(t:Topic)
  WHERE t = n
  WITH person, count(DISTINCT p) AS papers
  ORDER BY papers DESC, person.name, person.id
  RETURN collect(person.id) AS ids, collect(papers) AS counts
}
SET n.lead_people = CASE WHEN size(ids) = 0 THEN null ELSE ids[..r.keep] END,
    n.lead_people_papers = CASE WHEN size(ids) = 0 THEN null ELSE counts[..r.keep] END
