// Gives each paper of $rows ([{id, links}]) its related-work list node
// (:RelatedList {id, links}): `links` is the text of its new list
// (loaders.related_lists.links_text; a paper left without links gets none:
// write/delete_related_lists); returns nothing.
// Written in the transaction that writes the paper's RELATED links.
UNWIND $rows AS r
MERGE (l:RelatedList {id: r.id})
SET l.links = r.links
