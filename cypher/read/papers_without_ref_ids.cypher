// Returns at most $limit papers that cite papers but keep no `ref_ids` (loaded before
// write/merge_cites kept it; write/summarize_refs fills it in, so the next call returns
// the next ones): `id`.
MATCH (p:Paper)
WHERE p.ref_ids IS NULL AND EXISTS { (p)-[:CITES]->() }
RETURN p.id AS id
LIMIT $limit
