// Stores each given paper's number of citing papers inside the graph as `indegree`
// (used to rank neighbours without counting at read time); returns nothing.
// $rows: [{id}].
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
SET p.indegree = COUNT { (p)<-[:CITES]-() }
