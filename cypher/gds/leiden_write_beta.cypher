// The same as gds/leiden_write under the name GDS gave Leiden while it was in beta
// (before GDS 2.5): runs GDS Leiden on the projected graph $graph with resolution
// $resolution (GDS `gamma`) and random seed $seed, single-threaded, and writes each
// paper's community id to `Paper.community`. Returns `communities`, `modularity`,
// `written`.
CALL gds.beta.leiden.write($graph, {writeProperty: 'community', gamma: $resolution,
                                    randomSeed: $seed, concurrency: 1})
YIELD communityCount, modularity, nodePropertiesWritten
RETURN communityCount AS communities, modularity, nodePropertiesWritten AS written
