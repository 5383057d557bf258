// Returns a paper's depth-1 related-work map in one read, as one record (one Bolt
// message: a record a paper cost the driver and the server a message each): `columns`,
// the names, and `rows`, a list a paper, its values in that order. The paper $id and its
// $limit most related papers (its index links, best score first, ties by id; stubs and papers
// outside the years asked left out: $low, $high, $undated as in read/related_map_deep),
// each as read/related_map_papers returns them, plus `rank` (0 for the paper itself,
// else the related paper's place from 1), `found` (how many related papers pass the
// filters) and `node` (all the paper's properties, on its own row only). `links` is a
// card's whole related-work list (as in read/related_map_papers); for a paper without a
// list node, `related` holds its index links to the map's papers only, by id; `cites`
// its citations of them, read only when the map holds at most $cites_up_to papers; both
// test the linked node against the map's nodes themselves, which reads no property of
// the other links' papers. No record (or no rows) when no paper has this id.
MATCH (n:Paper {id: $id})
OPTIONAL MATCH (n)-[r:RELATED]->(q:Paper)
WHERE q.id <> $id AND coalesce(q.stub, false) = false
  AND CASE WHEN q.year IS NULL THEN $undated
           ELSE ($low IS NULL OR q.year >= $low) AND ($high IS NULL OR q.year <= $high) END
WITH n, q, r.score AS score
ORDER BY score DESC, q.id
WITH n, collect(q) AS ranked
WITH n, size(ranked) AS found, [n] + ranked[..$limit] AS nodes
WITH n, found, nodes, [m IN nodes | m.id] AS chosen
UNWIND range(0, size(nodes) - 1) AS at
WITH n, found, nodes, chosen, at, nodes[at] AS p
OPTIONAL MATCH (l:RelatedList {id: p.id})
RETURN ['id', 'title', 'year', 'venue', 'doi', 'stub', 'indegree', 'cited_by_count',
        'first_author', 'authors', 'rank', 'found', 'node', 'topic_names', 'topics', 'links',
        'related', 'cites', 'people', 'topic_nodes', 'institutions'] AS columns,
       collect([
         p.id, p.title, p.year, p.venue, p.doi, coalesce(p.stub, false),
         coalesce(p.indegree, 0), p.cited_by_count,
         CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
              THEN reduce(best = null,
                          a IN [(p)<-[e:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL |
                                [coalesce(e.position, 1000000), x.name]] |
                          CASE WHEN best IS NULL OR a[0] < best[0]
                                    OR (a[0] = best[0] AND a[1] < best[1])
                               THEN a ELSE best END)[1]
              ELSE p.first_author END,
         CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
              THEN size([(p)<-[:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL | 1])
              ELSE coalesce(p.author_count, 0) END,
         at, found, CASE WHEN at = 0 THEN properties(n) ELSE null END,
         p.topic_names,
         CASE WHEN p.topic_names IS NULL
              THEN [(p)-[t:ABOUT]->(topic:Topic) |
                    [coalesce(t.score, 0.0), topic.name, topic.level]]
              ELSE [] END,
         l.links,
         CASE WHEN l IS NULL THEN [(p)-[r:RELATED]->(q) WHERE q IN nodes |
             [q.id, r.score, r.cocited, r.coupled, r.cites, r.shared]] END,
         CASE WHEN size(chosen) <= $cites_up_to
              THEN [(p)-[:CITES]->(q) WHERE q IN nodes | q.id]
              ELSE [] END,
         CASE WHEN $people
              THEN [(p)<-[e:AUTHORED]-(x:Person) | [coalesce(e.position, 1000000), x.id, x.name]]
              ELSE [] END,
         CASE WHEN $topics
              THEN [(p)-[t:ABOUT]->(topic:Topic) | [topic.id, topic.name, t.score]]
              ELSE [] END,
         CASE WHEN $institutions
              THEN [(p)<-[:AUTHORED]-(y:Person)-[:AFFILIATED_WITH]->(i:Institution) |
                    [y.id, i.id, i.name]]
              ELSE [] END]) AS rows
