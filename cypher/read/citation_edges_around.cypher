// Returns citation edges around the papers in $ids as `src`, `dst` (src cites dst):
// for each paper at most $per_node references and $per_node citing papers.
UNWIND $ids AS id
MATCH (a:Paper {id: id})
CALL {
    WITH a MATCH (a)-[:CITES]->(b:Paper) RETURN a.id AS src, b.id AS dst LIMIT $per_node
    UNION
    WITH a MATCH (b:Paper)-[:CITES]->(a) RETURN b.id AS src, a.id AS dst LIMIT $per_node
}
RETURN src, dst
