// Returns full-text matches in the index $index (a fixed name chosen by the backend,
// graph.backend.fulltext_index): `id`, `title`, `name`, `year`, `citations` (the source's
// count, else citations in the graph; null for nodes that are not papers), `score`,
// at most $limit, best first.
CALL db.index.fulltext.queryNodes($index, $q) YIELD node, score
RETURN node.id AS id, node.title AS title, node.name AS name, node.year AS year,
       coalesce(node.cited_by_count, node.indegree) AS citations, score
ORDER BY score DESC
LIMIT $limit
