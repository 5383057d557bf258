// Creates the uniqueness constraint on :Institution(id); returns nothing.
CREATE CONSTRAINT institution_id IF NOT EXISTS FOR (n:Institution) REQUIRE n.id IS UNIQUE
