// Returns the people with most papers on topic $id: `id`, `name`, `papers`, at most
// $limit, ties by name, then by id. Read from the topic's kept `lead_people` with their
// `lead_people_papers` (explorer.views.entity_leads, the same order) when it holds $limit;
// from the kept ids alone, each person's papers counted from the person, when the counts
// were not kept (a graph indexed before they were); else from all its papers and their
// authors.
MATCH (n:Topic {id: $id})
WHERE size(coalesce(n.lead_people, [])) >= $limit
  AND size(coalesce(n.lead_people_papers, [])) = size(n.lead_people)
WITH n.lead_people[..$limit] AS lead, n.lead_people_papers AS counts
UNWIND range(0, size(lead) - 1) AS i
MATCH (person:Person {id: lead[i]})
WITH i, person, counts[i] AS papers
ORDER BY i
RETURN person.id AS id, person.name AS name, papers
UNION ALL
MATCH (n:Topic {id: $id})
WHERE size(coalesce(n.lead_people, [])) >= $limit
  AND size(coalesce(n.lead_people_papers, [])) <> size(n.lead_people)
WITH n, n.lead_people[..$limit] AS lead
UNWIND range(0, size(lead) - 1) AS i
MATCH (person:Person {id: lead[i]})-[:AUTHORED]->(p:Paper)-[:ABOUT]->(t:Topic)
WHERE t = n
WITH i, person, count(DISTINCT p) AS papers
ORDER BY i
RETURN person.id AS id, person.name AS name, papers
UNION ALL
MATCH (n:Topic {id: $id})
WHERE size(coalesce(n.lead_people, [])) < $limit
MATCH (n)<-[:ABOUT]-(p:Paper)<-[:AUTHORED]-(person:Person)
WITH person, count(DISTINCT p) AS papers
RETURN person.id AS id, person.name AS name, papers
ORDER BY papers DESC, name, id
LIMIT $limit
