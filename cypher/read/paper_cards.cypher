// Returns what a list or a label shows of each paper in $ids: `id`, `title`, `year`,
// `venue`, `doi`, `openalex`, `stub`, `listed` (named by an edge list: a paper of the
// field even without a title), `indegree`, `cited_by_count`, `first_author`
// (the name at the lowest author position, or null) and `authors` (how many): both
// kept on the paper (write/summarize_authors), counted from its links only for a paper
// loaded before.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id, p.title AS title, p.year AS year, p.venue AS venue, p.doi AS doi,
       p.openalex AS openalex, coalesce(p.stub, false) AS stub,
       'edges' IN coalesce(p.sources, []) AS listed,
       coalesce(p.indegree, 0) AS indegree, p.cited_by_count AS cited_by_count,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN reduce(best = null, a IN [(p)<-[e:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL |
                                           [coalesce(e.position, 1000000), x.name]] |
                     CASE WHEN best IS NULL OR a[0] < best[0]
                               OR (a[0] = best[0] AND a[1] < best[1]) THEN a ELSE best END)[1]
            ELSE p.first_author END AS first_author,
       CASE WHEN p.author_count IS NULL AND coalesce(p.stub, false) = false
            THEN size([(p)<-[:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL | 1])
            ELSE coalesce(p.author_count, 0) END AS authors
