// Creates the range index on :Paper(corpusid), used to merge Semantic Scholar corpus ids.
CREATE INDEX paper_corpusid IF NOT EXISTS FOR (n:Paper) ON (n.corpusid)
