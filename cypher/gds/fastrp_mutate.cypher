// Adds a FastRP embedding of $dimension numbers to every node of the projected graph
// $graph as the in-memory property `embedding` (seeded, single-threaded: repeatable);
// returns `nodes` (embeddings made) and `millis`.
CALL gds.fastRP.mutate($graph, {embeddingDimension: $dimension, randomSeed: $seed,
                                mutateProperty: 'embedding', concurrency: 1})
YIELD nodePropertiesWritten, computeMillis
RETURN nodePropertiesWritten AS nodes, computeMillis AS millis
