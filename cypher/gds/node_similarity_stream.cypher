// Streams GDS Node Similarity (Jaccard of the projected neighbour sets) over the
// projected graph $graph: each node's $k most similar nodes (single-threaded, so a run is
// repeatable): `node1`, `node2` (internal node ids, see gds/paper_node_ids) and
// `similarity`.
CALL gds.nodeSimilarity.stream($graph, {topK: $k, concurrency: 1})
YIELD node1, node2, similarity
RETURN node1, node2, similarity
