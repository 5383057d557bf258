// Returns every :Paper's internal node id (the ids GDS streams name nodes by), streamed:
// `node`, `id` and `stub` (true for a paper known only by id).
MATCH (p:Paper)
RETURN id(p) AS node, p.id AS id, coalesce(p.stub, false) AS stub
