// Keeps on each paper of $rows ([{id}]) what its card shows of its authors, so a map
// reads it with the paper instead of walking the paper's incoming links (on the local
// server a much-cited paper's AUTHORED links sit among thousands of citations and
// related-work links): `author_count`, how many of its authors have a name, and
// `first_author`, the name at the lowest position (ties: the first name in order).
// Run after write/merge_authored; returns nothing.
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
WITH p, [(p)<-[e:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL |
         [coalesce(e.position, 1000000), x.name]] AS authors
SET p.author_count = size(authors),
    p.first_author = reduce(best = null, a IN authors |
        CASE WHEN best IS NULL OR a[0] < best[0] OR (a[0] = best[0] AND a[1] < best[1])
             THEN a ELSE best END)[1]
