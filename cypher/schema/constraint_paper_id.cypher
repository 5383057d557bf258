// Creates the uniqueness constraint on :Paper(id); returns nothing.
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE
