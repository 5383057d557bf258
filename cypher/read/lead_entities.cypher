// Every topic and institution (`label`, `id`), at most $limit of each: what a whole
// build of the related-work index gives its `lead` (write/set_topic_leads,
// write/set_institution_leads).
MATCH (n:Topic)
RETURN 'Topic' AS label, n.id AS id
LIMIT $limit
UNION ALL
MATCH (n:Institution)
RETURN 'Institution' AS label, n.id AS id
LIMIT $limit
