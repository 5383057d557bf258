// Creates (paper)-[:ABOUT {score}]->(topic); returns nothing.
// $rows: [{paper, topic, score}].
UNWIND $rows AS r
MATCH (p:Paper {id: r.paper})
MATCH (t:Topic {id: r.topic})
MERGE (p)-[e:ABOUT]->(t)
SET e.score = r.score
