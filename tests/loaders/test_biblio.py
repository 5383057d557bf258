"""What BibTeX, RIS and CSL-JSON share: name-only person ids and keyword topics."""

from __future__ import annotations

from loaders.biblio import keyword_topics, person_id


def test_person_ids_are_the_normalised_name_on_the_paper():
    assert person_id("José  García-Márquez", "doi:10.1/x") == "name:jose garcia marquez|doi:10.1/x"
    assert person_id("Ada Lovelace", "h:1") != person_id("Ada Lovelace", "h:2")


def test_keyword_topics_keep_the_first_spelling_and_drop_empty_ones():
    topics = keyword_topics(["Graph  theory", "graph theory", "  ", "!!", "Maps"])
    assert [(t.id, t.name) for t in topics] == [("kw:graph-theory", "Graph theory"),
                                                ("kw:maps", "Maps")]
    assert keyword_topics([]) == ()
