// Projects every :Paper and its :CITES relationships into the GDS catalogue under the
// name $graph, oriented by $orientation ('NATURAL': a paper's neighbours are the papers
// it cites; 'REVERSE': the papers citing it; 'UNDIRECTED': both), for GDS's similarity
// algorithms beside the related-work index (bench/index_gds.py); returns `nodes`,
// `relationships`.
CALL gds.graph.project($graph, 'Paper', {CITES: {orientation: $orientation}})
YIELD graphName, nodeCount, relationshipCount
RETURN graphName, nodeCount AS nodes, relationshipCount AS relationships
