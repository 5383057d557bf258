// The topics and institutions whose `lead` a load of the papers $ids (loaded, or given
// new citations) may change, with the papers that may enter it: rows of `label`, `id`,
// `kept` (it has a lead to refresh) and `papers`. A topic's are the papers of $ids
// about it; an institution's, every paper of each person of $ids affiliated with it.
// A topic's row also gives `kept_people` (it has `lead_people`) and `people`, the
// authors of those papers (a list for each paper).
UNWIND $ids AS pid
MATCH (p:Paper {id: pid})-[:ABOUT]->(n:Topic)
RETURN 'Topic' AS label, n.id AS id, n.lead IS NOT NULL AS kept, collect(pid) AS papers,
       n.lead_people IS NOT NULL AS kept_people,
       collect([(p)<-[:AUTHORED]-(a:Person) | a.id]) AS people
UNION ALL
UNWIND $ids AS pid
MATCH (:Paper {id: pid})<-[:AUTHORED]-(a:Person)-[:AFFILIATED_WITH]->(n:Institution)
WITH DISTINCT a, n
MATCH (a)-[:AUTHORED]->(q:Paper)
RETURN 'Institution' AS label, n.id AS id, n.lead IS NOT NULL AS kept,
       collect(DISTINCT q.id) AS papers, false AS kept_people, [] AS people
