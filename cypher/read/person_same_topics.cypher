// Returns people who write on the topics of person $id: `id`, `name`, `shared` (number
// of shared topics), `evidence` (up to 3 topic names); most shared first, at most
// $limit. The person's $topics topics with most of their papers (then by id), and for
// each its kept `lead_people` (its most active people, explorer.views.entity_leads);
// a topic without that list (a graph indexed before it was kept) has its authors read
// from its papers. Through every paper of every topic, a person's list read 137,000
// authorships for one broad topic of a 100,000-paper field (docs/BENCHMARKS.md).
MATCH (me:Person {id: $id})-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic)
WITH me, t, count(*) AS mine
ORDER BY mine DESC, t.id
WITH me, collect(t)[..$topics] AS topics
UNWIND topics AS t
UNWIND CASE WHEN t.lead_people IS NULL
            THEN [(t)<-[:ABOUT]-(:Paper)<-[:AUTHORED]-(y:Person) | y.id]
            ELSE t.lead_people END AS xid
WITH DISTINCT me, t, xid
WHERE xid <> me.id
MATCH (x:Person {id: xid})
RETURN x.id AS id, x.name AS name, count(DISTINCT t) AS shared,
       collect(DISTINCT t.name)[..3] AS evidence
ORDER BY shared DESC, name, id
LIMIT $limit
