// Returns the node with this id as `node` (all properties) and its `labels`,
// or no row. Each label is looked up through its id constraint. Parameters: $id.
MATCH (n:Paper {id: $id}) RETURN n AS node, labels(n) AS labels
UNION ALL
MATCH (n:Person {id: $id}) RETURN n AS node, labels(n) AS labels
UNION ALL
MATCH (n:Topic {id: $id}) RETURN n AS node, labels(n) AS labels
UNION ALL
MATCH (n:Institution {id: $id}) RETURN n AS node, labels(n) AS labels
