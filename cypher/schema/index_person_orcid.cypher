// Creates the range index on :Person(orcid), used to merge people by ORCID.
CREATE INDEX person_orcid IF NOT EXISTS FOR (n:Person) ON (n.orcid)
