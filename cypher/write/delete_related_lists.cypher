// Deletes the related-work list node (:RelatedList) of each paper of $rows ([{id}]:
// papers left with no index links; a paper without links has no list node, as the bulk
// paths write none); returns nothing.
UNWIND $rows AS r
MATCH (l:RelatedList {id: r.id})
DELETE l
