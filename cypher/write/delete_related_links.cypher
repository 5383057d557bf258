// Deletes single related-work index links (src)-[:RELATED]->(dst) before a patched list
// is written (a weaker entry pushed out, or an entry replaced); returns nothing.
// $rows: [{src, dst}].
UNWIND $rows AS r
MATCH (:Paper {id: r.src})-[x:RELATED]->(q:Paper)
WHERE q.id = r.dst
DELETE x
