// Returns full-text matches in the index $index (a fixed name chosen by the backend,
// graph.backend.fulltext_index), best first, at most $limit, as one record (read with
// Graph.read_table): `columns`, the names, and `rows`, a list a match, its values in that
// order: `id`, `title`, `name`, `year`, `citations` (the source's count, else citations in
// the graph; null for nodes that are not papers), `score`. The limit goes to the index
// itself (the procedure's `limit` option), which then hands over only its $limit best
// matches: a common word in a million-paper field matches a few hundred thousand papers,
// and reading every match's properties before the limit took seconds; one record where
// a record a match cost a Bolt message each (docs/BENCHMARKS.md, "Search and the
// adjacent work of people, topics and institutions at field scale").
CALL db.index.fulltext.queryNodes($index, $q, {limit: $limit}) YIELD node, score
WITH node, score
ORDER BY score DESC
LIMIT $limit
RETURN ['id', 'title', 'name', 'year', 'citations', 'score'] AS columns,
       collect([node.id, node.title, node.name, node.year,
                coalesce(node.cited_by_count, node.indegree), score]) AS rows
