// Deletes the related-work index links of the papers in $rows ([{id}]) before they are
// written again; returns nothing.
UNWIND $rows AS r
MATCH (:Paper {id: r.id})-[x:RELATED]->()
DELETE x
