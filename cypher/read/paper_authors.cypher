// Returns the authors of paper $id in order: `id`, `name`, `position`,
// `institutions` (list of {id, name}), `affiliations` (the affiliations as the paper
// printed them, a property of the authorship; may be null); at most $limit.
MATCH (p:Paper {id: $id})<-[a:AUTHORED]-(person:Person)
OPTIONAL MATCH (person)-[:AFFILIATED_WITH]->(i:Institution)
WITH person, a, collect(i {.id, .name}) AS institutions
RETURN person.id AS id, person.name AS name, a.position AS position, institutions,
       a.affiliations AS affiliations
ORDER BY position, name
LIMIT $limit
