// Returns what a related-work map draws of each paper in $ids: `id`, `title`, `year`,
// `venue`, `doi`, `stub`, `indegree`, `cited_by_count`, `first_author`, `authors` (how
// many: both kept on the paper by write/summarize_authors, counted from its AUTHORED
// links only for a paper loaded before it), `topic_names` (the names of its five best
// specific topics, kept on the paper by write/summarize_topics) or, for a paper without
// them, `topics` ([score, name, level] of its topics; else empty), `links` (its
// related-work list: the `links` text of its (:RelatedList) node,
// [[related id, score, cocited, coupled, cites, shared words], ...], at most k entries,
// one property where following its links and reading theirs cost a depth-2 map half
// its read; the caller keeps those inside the map, as a `q.id IN $ids` test here cost
// 0.5 s for 1,000 papers on the local server), `key` (the paper's element id) and,
// only for a paper without a list node, `related`: the same entries read from its
// links, naming the related paper by element id (known without reading the paper,
// whose `id` cost a depth-2 map of 300 papers a quarter of its read)
// and, with $cites, `cites` (the papers of $ids it cites); with $people, `people`
// ([position, id, name] of its authors, in no order); with $topics, `topic_nodes` ([id,
// name, score]); with $institutions, `institutions` ([person id, institution id,
// name]). Links are read from each paper outwards only, and nothing walks a paper's
// incoming links unless people or institutions are asked for, so a much-cited paper
// costs no more than any other.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
OPTIONAL MATCH (l:RelatedList {id: id})
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
       p.topic_names AS topic_names,
       CASE WHEN p.topic_names IS NULL
            THEN [(p)-[t:ABOUT]->(topic:Topic) | [coalesce(t.score, 0.0), topic.name, topic.level]]
            ELSE [] END AS topics,
       elementId(p) AS key, l.links AS links,
       CASE WHEN l IS NULL THEN [(p)-[r:RELATED]->(q) |
           [elementId(q), r.score, r.cocited, r.coupled, r.cites, r.shared]] END AS related,
       CASE WHEN $cites THEN [(p)-[:CITES]->(q:Paper) WHERE q.id IN $ids | q.id]
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
