// Creates (topic)-[:PART_OF]->(broader topic); returns nothing. $rows: [{child, parent}].
UNWIND $rows AS r
MATCH (c:Topic {id: r.child})
MATCH (p:Topic {id: r.parent})
MERGE (c)-[:PART_OF]->(p)
