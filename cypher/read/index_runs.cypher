// Returns the latest related-work index run: `date` (ISO 8601, to the millisecond;
// older runs to the second), `scope`, `papers`, `links`, `k`
// (no row when the index was never built).
MATCH (r:IndexRun)
RETURN r.date AS date, r.scope AS scope, r.papers AS papers, r.links AS links, r.k AS k
ORDER BY r.date DESC
LIMIT 1
