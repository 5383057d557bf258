// Creates (person)-[:AFFILIATED_WITH]->(institution); returns nothing.
// $rows: [{person, institution}].
UNWIND $rows AS r
MATCH (a:Person {id: r.person})
MATCH (i:Institution {id: r.institution})
MERGE (a)-[:AFFILIATED_WITH]->(i)
