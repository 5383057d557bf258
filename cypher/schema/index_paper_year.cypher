// Creates the range index on :Paper(year), used by year filters.
CREATE INDEX paper_year IF NOT EXISTS FOR (n:Paper) ON (n.year)
