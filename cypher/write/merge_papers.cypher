// Creates or completes full papers (a stub becomes a full paper); returns nothing.
// $rows: [{id, source, props: {title, year, doi, ...}}]. Null properties never
// overwrite known ones; `sources` collects every source that asserted the paper;
// `author_count` starts at 0 (write/summarize_authors keeps it when authors come).
UNWIND $rows AS r
MERGE (p:Paper {id: r.id})
SET p += r.props, p.stub = false, p.author_count = coalesce(p.author_count, 0),
    p.sources = CASE
        WHEN p.sources IS NULL THEN [r.source]
        WHEN r.source IN p.sources THEN p.sources
        ELSE p.sources + r.source END
