// Returns the ids of up to $limit papers that have a related-work list (the first found),
// whose maps the web app builds once at its start to warm the graph server up.
MATCH (l:RelatedList)
RETURN l.id AS id
LIMIT $limit
