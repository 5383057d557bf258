// Creates (citing)-[:CITES]->(cited) between existing papers; returns nothing.
// $rows: [{src, dst}].
UNWIND $rows AS r
MATCH (a:Paper {id: r.src})
MATCH (b:Paper {id: r.dst})
MERGE (a)-[:CITES]->(b)
