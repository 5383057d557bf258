// Returns the related-work index entries of each paper in $ids with their scores only:
// `id` and `related`, a list of [related id, score] (at most the index's k a paper).
// What an incremental update takes as the stored neighbourhoods of the papers around it.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, [(p)-[r:RELATED]->(q:Paper) | [q.id, r.score]] AS related
