// Returns `cited_by_in_graph` and `references_in_graph` of paper $id.
MATCH (p:Paper {id: $id})
RETURN COUNT { (p)<-[:CITES]-() } AS cited_by_in_graph,
       COUNT { (p)-[:CITES]->() } AS references_in_graph
