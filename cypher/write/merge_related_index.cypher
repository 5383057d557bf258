// Creates related-work index links (paper)-[:RELATED {score, cocited, coupled, cites,
// text, shared}]->(paper); returns nothing. $rows: [{src, dst, score, cocited, coupled,
// cites, text, shared}]; `shared` holds the words the two share (for "similar words").
UNWIND $rows AS r
MATCH (a:Paper {id: r.src})
MATCH (b:Paper {id: r.dst})
CREATE (a)-[:RELATED {score: r.score, cocited: r.cocited, coupled: r.coupled,
                      cites: r.cites, text: r.text, shared: r.shared}]->(b)
