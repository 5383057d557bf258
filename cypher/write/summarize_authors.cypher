// Keeps on each paper of $rows ([{id}]) what is read of its authors most often, so maps
// and index updates read it with the paper instead of walking the paper's incoming
// links (on the local server a much-cited paper's AUTHORED links sit among thousands of
// citations and related-work links): `author_count`, how many of its authors have a
// name; `first_author`, the name at the lowest position (ties: the first name in
// order); `author_ids`, the ids of all its authors, in no particular order (no property
// when it has none). Run after write/merge_authored; returns nothing. (A pattern
// comprehension: an OPTIONAL MATCH sorted by id cost the local server 2.5 times as much.)
UNWIND $rows AS r
MATCH (p:Paper {id: r.id})
WITH p, [(p)<-[e:AUTHORED]-(x:Person) |
         [x.id, coalesce(e.position, 1000000), x.name]] AS authors
WITH p, [a IN authors | a[0]] AS people,
     [a IN authors WHERE a[2] IS NOT NULL | [a[1], a[2]]] AS named
SET p.author_count = size(named),
    p.author_ids = CASE WHEN size(people) = 0 THEN null ELSE people END,
    p.first_author = reduce(best = null, a IN named |
        CASE WHEN best IS NULL OR a[0] < best[0] OR (a[0] = best[0] AND a[1] < best[1])
             THEN a ELSE best END)[1]
