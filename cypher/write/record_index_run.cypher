// Records a run of the related-work index: (:IndexRun {id, date, scope, papers, links,
// seconds, k}); returns nothing. $rows: one row with those keys.
UNWIND $rows AS r
CREATE (:IndexRun {id: r.id, date: r.date, scope: r.scope, papers: r.papers,
                   links: r.links, seconds: r.seconds, k: r.k})
