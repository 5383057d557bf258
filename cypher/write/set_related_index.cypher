// Gives the related-work index links each paper of $rows ([{id, links}]) keeps
// their new evidence in place: `links` holds the paper's new list, [{dst, score,
// cocited, coupled, cites, text, shared}]; returns nothing.
UNWIND $rows AS r
MATCH (:Paper {id: r.id})-[x:RELATED]->(b:Paper)
WITH x, [l IN r.links WHERE l.dst = b.id] AS same
WHERE size(same) > 0
WITH x, same[0] AS l
SET x.score = l.score, x.cocited = l.cocited, x.coupled = l.coupled, x.cites = l.cites,
    x.text = l.text, x.shared = l.shared
