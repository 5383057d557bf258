// Creates the range index on :Paper(s2), used to merge Semantic Scholar paperIds.
CREATE INDEX paper_s2 IF NOT EXISTS FOR (n:Paper) ON (n.s2)
