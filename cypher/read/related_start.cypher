// Returns where the related-work map of node $id starts, in one read: `node` (all its
// properties), `labels`, and `seeds`, a list of [paper id, entries]: the paper itself, or
// the $limit leading papers of a person, topic or institution (stored in-degree first;
// a topic's or institution's kept as its `lead` by the related-work index when it has
// one, explorer.views.entity_leads, else found among all its papers).
// `entries` are the paper's related-work index links, [related id, score, shared words,
// cocited, coupled, related paper's year] each. No row when no node has this id; a Paper
// row comes first. Only stored properties are read, so a much-cited paper costs no more.
MATCH (n:Paper {id: $id})
RETURN n AS node, labels(n) AS labels,
       [[n.id, [(n)-[r:RELATED]->(q:Paper) |
                [q.id, r.score, r.shared, r.cocited, r.coupled, q.year]]]] AS seeds
UNION ALL
MATCH (n:Person {id: $id})
OPTIONAL MATCH (n)-[:AUTHORED]->(p:Paper)
WITH n, p
ORDER BY coalesce(p.indegree, 0) DESC, coalesce(p.year, 0) DESC, p.id
WITH n, collect(p)[..$limit] AS papers
RETURN n AS node, labels(n) AS labels,
       [p IN papers | [p.id, [(p)-[r:RELATED]->(q:Paper) |
                              [q.id, r.score, r.shared, r.cocited, r.coupled, q.year]]]] AS seeds
UNION ALL
MATCH (n:Topic {id: $id})
WHERE n.lead IS NULL
OPTIONAL MATCH (n)<-[a:ABOUT]-(p:Paper)
WITH n, p, a
ORDER BY coalesce(p.indegree, 0) DESC, coalesce(a.score, 0) DESC, p.id
WITH n, collect(p)[..$limit] AS papers
RETURN n AS node, labels(n) AS labels,
       [p IN papers | [p.id, [(p)-[r:RELATED]->(q:Paper) |
                              [q.id, r.score, r.shared, r.cocited, r.coupled, q.year]]]] AS seeds
UNION ALL
MATCH (n:Institution {id: $id})
WHERE n.lead IS NULL
OPTIONAL MATCH (n)<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(p:Paper)
WITH DISTINCT n, p
ORDER BY coalesce(p.indegree, 0) DESC, coalesce(p.year, 0) DESC, p.id
WITH n, collect(p)[..$limit] AS papers
RETURN n AS node, labels(n) AS labels,
       [p IN papers | [p.id, [(p)-[r:RELATED]->(q:Paper) |
                              [q.id, r.score, r.shared, r.cocited, r.coupled, q.year]]]] AS seeds
UNION ALL
MATCH (n:Topic {id: $id})
WHERE n.lead IS NOT NULL
WITH n, n.lead[..$limit] AS lead
UNWIND range(0, size(lead) - 1) AS i
OPTIONAL MATCH (p:Paper {id: lead[i]})
WITH n, i, p
ORDER BY i
WITH n, collect(p) AS papers
RETURN n AS node, labels(n) AS labels,
       [p IN papers | [p.id, [(p)-[r:RELATED]->(q:Paper) |
                              [q.id, r.score, r.shared, r.cocited, r.coupled, q.year]]]] AS seeds
UNION ALL
MATCH (n:Institution {id: $id})
WHERE n.lead IS NOT NULL
WITH n, n.lead[..$limit] AS lead
UNWIND range(0, size(lead) - 1) AS i
OPTIONAL MATCH (p:Paper {id: lead[i]})
WITH n, i, p
ORDER BY i
WITH n, collect(p) AS papers
RETURN n AS node, labels(n) AS labels,
       [p IN papers | [p.id, [(p)-[r:RELATED]->(q:Paper) |
                              [q.id, r.score, r.shared, r.cocited, r.coupled, q.year]]]] AS seeds
