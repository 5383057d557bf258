// Returns the broader topics of topic $id up to 3 levels: `id`, `name`, `level`.
MATCH (:Topic {id: $id})-[:PART_OF*1..3]->(t:Topic)
RETURN DISTINCT t.id AS id, t.name AS name, t.level AS level
ORDER BY level
LIMIT $limit
