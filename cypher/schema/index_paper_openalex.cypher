// Creates the range index on :Paper(openalex), used to merge OpenAlex ids into other ids.
CREATE INDEX paper_openalex IF NOT EXISTS FOR (n:Paper) ON (n.openalex)
