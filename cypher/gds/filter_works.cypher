// Makes $subgraph in the GDS catalogue: the `Work` nodes of the projected graph $graph
// (gds/project_citations_labelled) with their node properties and the relationships
// among them; returns `nodes`.
CALL gds.graph.filter($subgraph, $graph, 'n:Work', '*')
YIELD nodeCount
RETURN nodeCount AS nodes
