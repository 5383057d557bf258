// Returns the graph's `version`: a token that every load, community run and
// console write replaces (no row before the first); caches of computed views are
// valid while it is unchanged. One :Meta node at most.
MATCH (m:Meta {id: 'graph'})
RETURN m.version AS version
LIMIT 1
