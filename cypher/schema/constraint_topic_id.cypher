// Creates the uniqueness constraint on :Topic(id); returns nothing.
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE
