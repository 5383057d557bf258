// Returns display properties of the nodes in $ids: `id`, `type`, `title`, `name`,
// `year`, `cited_by_count`, `stub`, `indegree` (citations inside the graph, as stored
// by the writer at the end of each load; 0 when never cited).
UNWIND $ids AS id
CALL {
    WITH id MATCH (n:Paper {id: id}) RETURN n
    UNION
    WITH id MATCH (n:Person {id: id}) RETURN n
    UNION
    WITH id MATCH (n:Topic {id: id}) RETURN n
    UNION
    WITH id MATCH (n:Institution {id: id}) RETURN n
}
RETURN n.id AS id, head(labels(n)) AS type, n.title AS title, n.name AS name,
       n.year AS year, n.cited_by_count AS cited_by_count, n.stub AS stub,
       coalesce(n.indegree, 0) AS indegree
