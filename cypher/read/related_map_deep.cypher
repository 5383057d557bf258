// Returns the papers of a deeper related-work map, chosen and read in one go. The
// candidates are the papers the first-hop papers $hop ([id, score] pairs) are related to,
// leaving out $exclude (the seeds and every first-hop paper), stubs and papers outside
// the years asked ($low, $high: null when open; $undated: keep papers without a year),
// each scored by the sum over first-hop papers of hop score x link score, best first
// (ties by id). The papers of $ids (seeds and first-hop papers drawn) and the best $want
// candidates are returned as read/related_map_papers returns them (`key`, `links`
// or `related`), plus `rank` (0 for a paper of $ids, else the candidate's place from 1)
// and `found` (how many candidates).
UNWIND $hop AS h
MATCH (:Paper {id: h[0]})-[r:RELATED]->(q:Paper)
WHERE NOT q.id IN $exclude AND coalesce(q.stub, false) = false
  AND CASE WHEN q.year IS NULL THEN $undated
           ELSE ($low IS NULL OR q.year >= $low) AND ($high IS NULL OR q.year <= $high) END
WITH q.id AS id, sum(h[1] * r.score) AS score
ORDER BY score DESC, id
WITH collect(id) AS ranked
WITH size(ranked) AS found, $ids + ranked[..$want] AS chosen, size($ids) AS given
UNWIND range(0, size(chosen) - 1) AS at
MATCH (p:Paper {id: chosen[at]})
OPTIONAL MATCH (l:RelatedList {id: chosen[at]})
RETURN p.id AS id, p.title AS title, p.year AS year, p.venue AS venue, p.doi AS doi,
       coalesce(p.stub, false) AS stub, coalesce(p.indegree, 0) AS indegree,
       p.cited_by_count AS cited_by_count,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN reduce(best = null, a IN [(p)<-[e:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL |
                                           [coalesce(e.position, 1000000), x.name]] |
                     CASE WHEN best IS NULL OR a[0] < best[0]
                               OR (a[0] = best[0] AND a[1] < best[1]) THEN a ELSE best END)[1]
            ELSE p.first_author END AS first_author,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN size([(p)<-[:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL | 1])
            ELSE coalesce(p.author_count, 0) END AS authors,
       CASE WHEN at < given THEN 0 ELSE at - given + 1 END AS rank, found,
       p.topic_names AS topic_names,
       CASE WHEN p.topic_names IS NULL
            THEN [(p)-[t:ABOUT]->(topic:Topic) | [coalesce(t.score, 0.0), topic.name, topic.level]]
            ELSE [] END AS topics,
       elementId(p) AS key, l.links AS links,
       CASE WHEN l IS NULL THEN [(p)-[r:RELATED]->(q) |
           [elementId(q), r.score, r.cocited, r.coupled, r.cites, r.shared]] END AS related,
       CASE WHEN $cites THEN [(p)-[:CITES]->(q:Paper) WHERE q.id IN chosen | q.id]
            ELSE [] END AS cites,
       CASE WHEN $people
            THEN [(p)<-[e:AUTHORED]-(x:Person) | [coalesce(e.position, 1000000), x.id, x.name]]
            ELSE [] END AS people,
       CASE WHEN $topics
            THEN [(p)-[t:ABOUT]->(topic:Topic) | [topic.id, topic.name, t.score]]
            ELSE [] END AS topic_nodes,
       CASE WHEN $institutions
            THEN [(p)<-[:AUTHORED]-(y:Person)-[:AFFILIATED_WITH]->(i:Institution) |
                  [y.id, i.id, i.name]]
            ELSE [] END AS institutions
