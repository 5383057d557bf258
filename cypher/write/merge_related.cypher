// Creates (paper)-[:RELATED_TO]->(paper) links asserted by a source; returns nothing.
// $rows: [{src, dst}].
UNWIND $rows AS r
MATCH (a:Paper {id: r.src})
MATCH (b:Paper {id: r.dst})
MERGE (a)-[:RELATED_TO]->(b)
