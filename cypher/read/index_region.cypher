// Returns, for each paper of $ids, what an incremental index update reads: `id`,
// `stub`, `title`, `abstract`, `venue`, `refs` (every paper it cites), `citers` (at
// most $cap of the papers citing it), `topics` ([topic id, score]) and `authors`.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, coalesce(p.stub, false) AS stub, p.title AS title,
       p.abstract AS abstract, p.venue AS venue,
       [(p)-[:CITES]->(q:Paper) | q.id] AS refs,
       [(p)<-[:CITES]-(c:Paper) | c.id][..$cap] AS citers,
       [(p)-[a:ABOUT]->(t:Topic) | [t.id, coalesce(a.score, 1.0)]] AS topics,
       [(p)<-[:AUTHORED]-(x:Person) | x.id] AS authors
