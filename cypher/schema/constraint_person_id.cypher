// Creates the uniqueness constraint on :Person(id); returns nothing.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE
