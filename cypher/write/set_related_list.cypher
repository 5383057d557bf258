// Stores each paper's new related-work index list on the paper itself, for the maps'
// reads, where the backend keeps it (loaders/related_list.py): $rows [{id, list}],
// `list` the JSON of the list, best first, or null for a paper with no related paper
// (the property is then removed); returns nothing.
UNWIND $rows AS r
MATCH (a:Paper {id: r.id})
SET a.related_list = r.list
