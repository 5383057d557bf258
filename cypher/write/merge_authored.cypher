// Creates (person)-[:AUTHORED {position, affiliations}]->(paper); returns nothing.
// $rows: [{person, paper, position, affiliations}]; `affiliations` are the affiliations
// as the paper printed them (a list of strings, or null to keep what the link has).
UNWIND $rows AS r
MATCH (a:Person {id: r.person})
MATCH (p:Paper {id: r.paper})
MERGE (a)-[e:AUTHORED]->(p)
SET e.position = r.position, e.affiliations = coalesce(r.affiliations, e.affiliations)
