// Returns at most $limit loaded papers without a stored `author_count` (loaded before
// the loads kept it; write/summarize_authors fills it in, so the next call returns
// the next ones): `id`.
MATCH (p:Paper)
WHERE p.stub = false AND p.author_count IS NULL
RETURN p.id AS id
LIMIT $limit
