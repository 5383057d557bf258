// Streams GDS Node Similarity (Jaccard of the projected neighbour sets) between the
// `Work` nodes of the projected graph $graph (gds/project_citations_labelled): each one's
// $k most similar (single-threaded, so a run is repeatable): `node1`, `node2` (internal
// node ids, see gds/paper_node_ids) and `similarity`.
CALL gds.nodeSimilarity.filtered.stream($graph, {topK: $k, concurrency: 1,
                                                 sourceNodeFilter: 'Work',
                                                 targetNodeFilter: 'Work'})
YIELD node1, node2, similarity
RETURN node1, node2, similarity
