// Keeps on each paper of $rows ([{id}]) the topics a map shows of it, so maps read them
// with the paper instead of walking its topic links (on a real field a map's read took
// twice as long with them): `topic_names`, the names of its five best topics below
// OpenAlex's two broadest levels (level 2 and deeper, or no level), best score first,
// ties by name (no property when it has none). Run after write/merge_about; returns
// nothing.
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
CALL (p) {
  MATCH (p)-[t:ABOUT]->(x:Topic)
  WHERE x.name IS NOT NULL AND (x.level IS NULL OR x.level >= 2)
  WITH x, t
  ORDER BY coalesce(t.score, 0.0) DESC, x.name
  RETURN collect(x.name)[..5] AS names
}
SET p.topic_names = CASE WHEN size(names) = 0 THEN null ELSE names END
