// Creates (person)-[:AUTHORED {position}]->(paper); returns nothing.
// $rows: [{person, paper, position}].
UNWIND $rows AS r
MATCH (a:Person {id: r.person})
MATCH (p:Paper {id: r.paper})
MERGE (a)-[e:AUTHORED]->(p)
SET e.position = r.position
