// Streams GDS K-Nearest Neighbors (cosine) over the `embedding` property of the nodes
// of the projected graph $graph: each node's $k nearest (seeded, single-threaded:
// repeatable): `node1`, `node2` (internal node ids, see gds/paper_node_ids) and
// `similarity`.
CALL gds.knn.stream($graph, {nodeProperties: ['embedding'], topK: $k, randomSeed: $seed,
                             concurrency: 1})
YIELD node1, node2, similarity
RETURN node1, node2, similarity
