// Creates the range index on :Paper(doi), used to merge the same DOI from several sources.
CREATE INDEX paper_doi IF NOT EXISTS FOR (n:Paper) ON (n.doi)
