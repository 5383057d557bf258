// Replaces the graph's version token after a change (see read/graph_version);
// returns nothing. $rows: [{version}].
UNWIND $rows AS r
MERGE (m:Meta {id: 'graph'})
SET m.version = r.version
