// Returns every loaded paper (stubs left out, unless $stubs), streamed, for whole-graph
// work (the related-work index build, whole-graph communities): `id` and `refs` (the ids
// of every paper it cites, stubs included: the `ref_ids` kept on the paper by
// write/merge_cites, its links for a paper without); with $content also `title`,
// `abstract`, `venue`, `topics` ([topic id, score] pairs) and `authors` (person ids),
// else those are null.
MATCH (p:Paper)
WHERE $stubs OR p.stub IS NULL OR p.stub = false
RETURN p.id AS id, CASE WHEN p.ref_ids IS NULL THEN [(p)-[:CITES]->(q:Paper) | q.id]
                        ELSE p.ref_ids END AS refs,
       CASE WHEN $content THEN p.title END AS title,
       CASE WHEN $content THEN p.abstract END AS abstract,
       CASE WHEN $content THEN p.venue END AS venue,
       CASE WHEN $content THEN [(p)-[a:ABOUT]->(t:Topic) | [t.id, coalesce(a.score, 1.0)]]
            END AS topics,
       CASE WHEN NOT $content THEN null
            WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN [(p)<-[:AUTHORED]-(x:Person) | x.id]
            ELSE coalesce(p.author_ids, []) END AS authors
