// Returns a paper's deeper related-work map (depth 2 and the first two hops of depth 3)
// in one read, the map read/related_start and read/related_map_deep give together: the
// first hop is the paper $id's index links (best score first, ties by id; `near`: those
// within the years asked, $low, $high, $undated as in read/related_map_deep); the $limit
// first of `near` are drawn, and when `near` has fewer, the second hop's candidates are
// ranked as read/related_map_deep ranks them from the first $hop_read first-hop papers
// (leaving out the paper and every first-hop paper) and the best fill the map up to
// $limit papers besides the paper. Rows as read/related_map_deep returns them (`cites`
// read when the map may hold at most $cites_up_to papers), plus, on the paper's own row
// only (rank 0, first): `node` (all its properties), `near` (ids) and `hop1` (every
// first-hop id); all in one record (one Bolt message, where a record a paper cost the
// driver and the server a message each): `columns`, the names, and `rows`, a list a
// paper, its values in that order. No record (or no rows) when no paper has this id.
// The chosen papers are carried through as the nodes the two hops reached (no lookup by
// id), and each card's citations tested against those nodes themselves.
MATCH (n:Paper {id: $id})
OPTIONAL MATCH (n)-[r:RELATED]->(q:Paper)
WHERE q <> n
WITH n, q, r.score AS score
ORDER BY score DESC, q.id
WITH n, [h IN collect([q, score]) WHERE h[0] IS NOT NULL] AS hop1
WITH n, hop1, [h IN hop1 | h[0]] AS excl,
     [h IN hop1 WHERE CASE WHEN h[0].year IS NULL THEN $undated
                           ELSE ($low IS NULL OR h[0].year >= $low)
                                AND ($high IS NULL OR h[0].year <= $high) END | h[0]] AS near
WITH n, hop1, excl, near, $limit - size(near) AS want
CALL {
  WITH n, hop1, excl, want
  UNWIND CASE WHEN want > 0 THEN hop1[..$hop_read] ELSE [] END AS h
  WITH n, excl, h[0] AS v, h[1] AS vs
  MATCH (v)-[r:RELATED]->(c:Paper)
  WHERE c <> n AND NOT c IN excl AND coalesce(c.stub, false) = false
    AND CASE WHEN c.year IS NULL THEN $undated
             ELSE ($low IS NULL OR c.year >= $low) AND ($high IS NULL OR c.year <= $high) END
  WITH c, sum(vs * r.score) AS total
  ORDER BY total DESC, c.id
  RETURN collect(c) AS ranked
}
WITH n, excl, near, want, size(ranked) AS found, [n] + near[..$limit] AS drawn, ranked
WITH n, excl, near, found, size(drawn) AS given,
     drawn + ranked[..CASE WHEN want > 0 THEN want ELSE 0 END] AS chosen,
     size(drawn) + CASE WHEN want > 0 THEN want ELSE 0 END <= $cites_up_to AS cites
UNWIND range(0, size(chosen) - 1) AS at
WITH n, excl, near, found, given, chosen, cites, at, chosen[at] AS p
OPTIONAL MATCH (l:RelatedList {id: p.id})
RETURN ['id', 'title', 'year', 'venue', 'doi', 'stub', 'indegree', 'cited_by_count',
        'first_author', 'authors', 'rank', 'found', 'node', 'near', 'hop1', 'topic_names',
        'topics', 'key', 'links', 'related', 'cites', 'people', 'topic_nodes',
        'institutions'] AS columns,
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
         CASE WHEN at < given THEN 0 ELSE at - given + 1 END, found,
         CASE WHEN at = 0 THEN properties(n) ELSE null END,
         CASE WHEN at = 0 THEN [x IN near | x.id] ELSE null END,
         CASE WHEN at = 0 THEN [x IN excl | x.id] ELSE null END,
         p.topic_names,
         CASE WHEN p.topic_names IS NULL
              THEN [(p)-[t:ABOUT]->(topic:Topic) |
                    [coalesce(t.score, 0.0), topic.name, topic.level]]
              ELSE [] END,
         elementId(p), l.links,
         CASE WHEN l IS NULL THEN [(p)-[r:RELATED]->(q) |
             [elementId(q), r.score, r.cocited, r.coupled, r.cites, r.shared]] END,
         CASE WHEN cites THEN [(p)-[:CITES]->(q:Paper) WHERE q IN chosen | q.id]
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
