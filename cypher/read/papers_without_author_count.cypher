// Returns the loaded papers without a stored `author_count` (loaded before the loads
// kept it; write/summarize_authors fills it in): `id`.
MATCH (p:Paper)
WHERE p.stub = false AND p.author_count IS NULL
RETURN p.id AS id
