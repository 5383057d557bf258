// Returns up to $limit rows `id`: papers of the graph (one row tells a load the graph
// is not empty).
MATCH (n:Paper)
RETURN n.id AS id
LIMIT $limit
