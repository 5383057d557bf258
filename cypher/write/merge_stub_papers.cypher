// Creates papers known only as the end of a citation (stubs), unless present;
// returns nothing. $rows: [{id, source}].
UNWIND $rows AS r
MERGE (p:Paper {id: r.id})
ON CREATE SET p.stub = true, p.sources = [r.source]
