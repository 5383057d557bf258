// Creates the related-work index links (paper)-[:RELATED {score, cocited, coupled,
// cites, text, shared}]->(paper) of each paper of $rows ([{id, links}]) that it
// does not have yet (`links`: its new list, [{dst, score, ...}]; `shared` holds the
// words the two share, for "similar words"); returns nothing.
UNWIND $rows AS r
MATCH (a:Paper {id: r.id})
WITH a, r, [(a)-[:RELATED]->(b:Paper) | b.id] AS had
UNWIND r.links AS l
WITH a, l, had
WHERE NOT l.dst IN had
MATCH (b:Paper {id: l.dst})
CREATE (a)-[:RELATED {score: l.score, cocited: l.cocited, coupled: l.coupled,
                      cites: l.cites, text: l.text, shared: l.shared}]->(b)
