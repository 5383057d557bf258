// Creates the uniqueness constraint on :RelatedList(id) (a paper's related-work list,
// looked up by the paper's id); returns nothing.
CREATE CONSTRAINT related_list_id IF NOT EXISTS FOR (n:RelatedList) REQUIRE n.id IS UNIQUE
