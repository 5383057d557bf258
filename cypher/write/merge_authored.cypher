// Creates (person)-[:AUTHORED {position, affiliations}]->(paper); returns nothing.
// $rows: [{person, paper, position, affiliations}]; `affiliations` are the affiliations
// as the paper printed them (a list of strings, or null to keep what the link has).
// The pattern is written from the paper's side: the local server checks a MERGE's
// relationship by walking the edges of the node named first, and a paper has few
// authors while a prolific author has thousands of papers (walking from the person
// made a load quadratic in that author's papers; docs/BENCHMARKS.md).
UNWIND $rows AS r
MATCH (p:Paper {id: r.paper})
MATCH (a:Person {id: r.person})
MERGE (p)<-[e:AUTHORED]-(a)
SET e.position = r.position, e.affiliations = coalesce(r.affiliations, e.affiliations)
