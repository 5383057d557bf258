// Keeps on each paper of $rows ([{id}]) `ref_ids`, the ids of every paper it cites
// (in no particular order), read from its CITES links: for papers loaded before
// write/merge_cites kept it. Returns nothing.
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
SET p.ref_ids = [(p)-[:CITES]->(q:Paper) | q.id]
