// Returns one page of the central papers of topic $id (in-degree inside the graph, then
// score, then id, so pages never overlap): `id`, `title`, `year`, `indegree`, skipping
// $skip and returning at most $limit.
// A page within its kept `lead` (explorer.views.entity_leads: the same order, stored
// in-degree) is read from it; a later page counts every paper's citations.
MATCH (n:Topic {id: $id})
WHERE size(coalesce(n.lead, [])) >= $skip + $limit
WITH n.lead[$skip..$skip + $limit] AS lead
UNWIND range(0, size(lead) - 1) AS i
MATCH (p:Paper {id: lead[i]})
WITH i, p
ORDER BY i
RETURN p.id AS id, p.title AS title, p.year AS year, coalesce(p.indegree, 0) AS indegree
UNION ALL
MATCH (n:Topic {id: $id})
WHERE size(coalesce(n.lead, [])) < $skip + $limit
MATCH (n)<-[a:ABOUT]-(p:Paper)
WITH p, a, COUNT { (p)<-[:CITES]-() } AS indegree
RETURN p.id AS id, p.title AS title, p.year AS year, indegree
ORDER BY indegree DESC, coalesce(a.score, 0) DESC, p.id
SKIP $skip
LIMIT $limit
