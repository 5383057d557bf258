// Drops the projected graph $graph from the GDS catalogue if it is there;
// returns its `graphName` (no row when it was already gone).
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName
