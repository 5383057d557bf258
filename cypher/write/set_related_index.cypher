// Gives the related-work index links each paper of $rows ([{id, by}]) keeps their new
// evidence in place: `by` maps the id of each paper of its new list to that link's
// evidence, {score, cocited, coupled, cites, text, shared} (looked up by key: finding
// it in a list of the links cost this statement half its time at a million papers);
// returns nothing.
UNWIND $rows AS r
MATCH (:Paper {id: r.id})-[x:RELATED]->(b:Paper)
WITH x, r.by[b.id] AS l
WHERE l IS NOT NULL
SET x.score = l.score, x.cocited = l.cocited, x.coupled = l.coupled, x.cites = l.cites,
    x.text = l.text, x.shared = l.shared
