// Returns `field`: the loaded papers of the field as the latest related-work index run
// that knows it recorded it (a whole build's `papers`, an update's `field`); no row when
// none does. An update scores its region with the hubs of a field of that size.
MATCH (r:IndexRun)
WHERE r.field IS NOT NULL OR r.scope = 'all'
RETURN coalesce(r.field, r.papers) AS field
ORDER BY r.date DESC
LIMIT 1
