// Returns every loaded paper (stubs left out) with what the related-work index reads,
// streamed by the whole-graph build: `id`, `title`, `abstract`, `venue`, `refs` (ids of
// every paper it cites, stubs included), `topics` ([topic id, score] pairs) and
// `authors` (person ids).
MATCH (p:Paper)
WHERE p.stub IS NULL OR p.stub = false
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.venue AS venue,
       [(p)-[:CITES]->(q:Paper) | q.id] AS refs,
       [(p)-[a:ABOUT]->(t:Topic) | [t.id, coalesce(a.score, 1.0)]] AS topics,
       [(p)<-[:AUTHORED]-(x:Person) | x.id] AS authors
