// Creates or completes topics; returns nothing. $rows: [{id, source, props}].
UNWIND $rows AS r
MERGE (n:Topic {id: r.id})
SET n += r.props,
    n.sources = CASE
        WHEN n.sources IS NULL THEN [r.source]
        WHEN r.source IN n.sources THEN n.sources
        ELSE n.sources + r.source END
