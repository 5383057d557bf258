// Runs GDS Louvain on the projected graph $graph and writes each paper's
// community id to `Paper.community`; single-threaded so a run is repeatable
// (GDS Louvain takes no random seed and no resolution). Returns `communities`,
// `modularity`, `written`.
CALL gds.louvain.write($graph, {writeProperty: 'community', concurrency: 1})
YIELD communityCount, modularity, nodePropertiesWritten
RETURN communityCount AS communities, modularity, nodePropertiesWritten AS written
