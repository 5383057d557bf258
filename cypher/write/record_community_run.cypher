// Records a whole-graph community run as a :CommunityRun node; returns nothing.
// $rows: [{id, props: {algorithm, seed, resolution, modularity, date, communities}}].
UNWIND $rows AS r
MERGE (run:CommunityRun {id: r.id})
SET run += r.props
