// Returns the text and card of each paper in $ids: `id`, `title`, `abstract`, `year`,
// `venue`, `stub`, `first_author` (the name at the lowest author position, or null;
// kept on the paper by write/summarize_authors, read from its links only for a paper
// loaded before).
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.year AS year,
       p.venue AS venue, coalesce(p.stub, false) AS stub,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN reduce(best = null, a IN [(p)<-[e:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL |
                                           [coalesce(e.position, 1000000), x.name]] |
                     CASE WHEN best IS NULL OR a[0] < best[0]
                               OR (a[0] = best[0] AND a[1] < best[1]) THEN a ELSE best END)[1]
            ELSE p.first_author END AS first_author
