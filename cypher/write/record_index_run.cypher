// Records a run of the related-work index: (:IndexRun {id, date, scope, papers, links,
// seconds, k, field, read_seconds, score_seconds, write_seconds}); returns nothing. $rows:
// one row with those keys (`field`: the field's loaded papers after the run; the last
// three: where the run's time went).
UNWIND $rows AS r
CREATE (:IndexRun {id: r.id, date: r.date, scope: r.scope, papers: r.papers,
                   links: r.links, seconds: r.seconds, k: r.k, field: r.field,
                   read_seconds: r.read_seconds, score_seconds: r.score_seconds,
                   write_seconds: r.write_seconds})
