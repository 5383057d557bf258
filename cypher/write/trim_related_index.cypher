// Deletes the related-work index links of each paper of $rows ([{id, keep}])
// to papers not in its new list `keep` (the related paper ids); returns nothing.
// Run before write/set_related_index and write/add_related_index, in one transaction.
UNWIND $rows AS r
MATCH (:Paper {id: r.id})-[x:RELATED]->(b:Paper)
WHERE NOT b.id IN r.keep
DELETE x
