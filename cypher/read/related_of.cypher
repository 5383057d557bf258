// Returns the related-work index entries of each paper in $ids: `id` and `related`, a
// list of [related id, score, shared words, cocited, coupled], best first (at most the
// index's k a paper).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id,
       [(p)-[r:RELATED]->(q:Paper) | [q.id, r.score, r.shared, r.cocited, r.coupled]]
           AS related
