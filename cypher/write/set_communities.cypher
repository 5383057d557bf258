// Stores each paper's community id from a whole-graph run; returns nothing.
// $rows: [{id, community}].
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
SET p.community = r.community
