// Projects every :Paper and its :CITES relationships into the GDS catalogue under the
// name $graph, each paper labelled `Work` (loaded) or `Stub` (known only by id), so that
// GDS's filtered similarity algorithms compare loaded papers only while references
// known only by id still count as shared neighbours (bench/index_gds.py). With $reverse
// every relationship runs from the cited paper to the citing one (a paper's neighbours
// are the papers citing it); with $undirected both ways. Returns `nodes`,
// `relationships`.
MATCH (a:Paper)
OPTIONAL MATCH (a)-[:CITES]->(b:Paper)
WITH a, b, $reverse AND b IS NOT NULL AS flip
WITH CASE WHEN flip THEN b ELSE a END AS s, CASE WHEN flip THEN a ELSE b END AS t
WITH gds.graph.project($graph, s, t, {
       sourceNodeLabels: CASE WHEN coalesce(s.stub, false) THEN 'Stub' ELSE 'Work' END,
       targetNodeLabels: CASE WHEN coalesce(t.stub, false) THEN 'Stub' ELSE 'Work' END},
     {undirectedRelationshipTypes: CASE WHEN $undirected THEN ['*'] ELSE [] END}) AS g
RETURN g.graphName AS graphName, g.nodeCount AS nodes, g.relationshipCount AS relationships
