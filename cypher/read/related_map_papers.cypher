// Returns what a related-work map draws of each paper in $ids: `id`, `title`, `year`,
// `venue`, `doi`, `stub`, `indegree`, `cited_by_count`, `first_author`, `authors` (how
// many), `topics` ([score, name, level] of its topics), `related` ([id, score, cocited,
// coupled, cites, text, shared words] of all its index links, at most k: the caller
// keeps those inside the map, as a `q.id IN $ids` test here cost 0.5 s for 1,000 papers
// on the local server) and, with $cites, `cites` (the papers of $ids it cites); with
// $people, `people` ([id, name] of its authors); with $topics, `topic_nodes` ([id, name,
// score]); with $institutions, `institutions` ([person id, institution id, name]). Links
// are read from each paper outwards only, so a much-cited paper costs no more than any
// other.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (p)<-[a:AUTHORED]-(x:Person)
WITH p, x, coalesce(a.position, 1000000) AS position
ORDER BY position
WITH p, collect(x.name) AS names,
     collect(CASE WHEN x IS NULL THEN null ELSE [x.id, x.name] END) AS people
RETURN p.id AS id, p.title AS title, p.year AS year, p.venue AS venue, p.doi AS doi,
       coalesce(p.stub, false) AS stub, coalesce(p.indegree, 0) AS indegree,
       p.cited_by_count AS cited_by_count, names[0] AS first_author, size(names) AS authors,
       [(p)-[t:ABOUT]->(topic:Topic) | [coalesce(t.score, 0.0), topic.name, topic.level]] AS topics,
       [(p)-[r:RELATED]->(q:Paper) |
           [q.id, r.score, r.cocited, r.coupled, r.cites, r.text, r.shared]] AS related,
       CASE WHEN $cites THEN [(p)-[:CITES]->(q:Paper) WHERE q.id IN $ids | q.id]
            ELSE [] END AS cites,
       CASE WHEN $people THEN people ELSE [] END AS people,
       CASE WHEN $topics
            THEN [(p)-[t:ABOUT]->(topic:Topic) | [topic.id, topic.name, t.score]]
            ELSE [] END AS topic_nodes,
       CASE WHEN $institutions
            THEN [(p)<-[:AUTHORED]-(y:Person)-[:AFFILIATED_WITH]->(i:Institution) |
                  [y.id, i.id, i.name]]
            ELSE [] END AS institutions
