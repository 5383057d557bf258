// Projects every :Paper and its :CITES relationships, undirected, into the GDS
// in-memory catalogue under the name $graph; returns `nodes`, `relationships`.
CALL gds.graph.project($graph, 'Paper', {CITES: {orientation: 'UNDIRECTED'}})
YIELD graphName, nodeCount, relationshipCount
RETURN graphName, nodeCount AS nodes, relationshipCount AS relationships
