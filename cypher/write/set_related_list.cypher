// Stores each paper's new related-work index list on the paper itself, for the maps'
// reads, where the backend keeps it (loaders/related_list.py): $rows [{id, ids, scores,
// evidence}], best first, all null for a paper with no related paper (the properties
// are then removed); returns nothing.
UNWIND $rows AS r
MATCH (a:Paper {id: r.id})
SET a.related_ids = r.ids, a.related_scores = r.scores, a.related_evidence = r.evidence
