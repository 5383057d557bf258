// Neo4j only, like the procedure calls beside it: waits until every index is online
// (the ones `explorer db init` just made are filled in the background), at most
// $seconds; fails when they are not online by then. Returns nothing.
CALL db.awaitIndexes($seconds)
