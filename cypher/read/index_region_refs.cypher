// Returns what read/index_region returns (one record: `columns`, `rows`) for each paper
// of $ids, with no citers walked (`citers` empty): the papers an incremental index
// update reads last, whose references and text it scores with and whose citers it never
// uses (a fifth faster than read/index_region with a cap of 0 on a million-paper field).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
WITH p.id AS id, coalesce(p.stub, false) AS stub, p.title AS title,
       p.abstract AS abstract, p.venue AS venue, coalesce(p.indegree, 0) AS indegree,
       CASE WHEN p.ref_ids IS NULL THEN [(p)-[:CITES]->(q:Paper) | q.id]
            ELSE p.ref_ids END AS refs, [] AS citers,
       [(p)-[a:ABOUT]->(t:Topic) | [t.id, coalesce(a.score, 1.0)]] AS topics,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN [(p)<-[:AUTHORED]-(x:Person) | x.id]
            ELSE coalesce(p.author_ids, []) END AS authors
RETURN ['id', 'stub', 'title', 'abstract', 'venue', 'indegree', 'refs', 'citers',
        'topics', 'authors'] AS columns,
       collect([id, stub, title, abstract, venue, indegree, refs, citers, topics,
                authors]) AS rows
