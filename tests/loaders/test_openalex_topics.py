"""Institutions and topics of OpenAlex records: ids, the topic hierarchy, deduplication."""

from __future__ import annotations

from loaders.openalex_topics import (
    hierarchy_id,
    institution_from,
    keyword_slug,
    topic_hierarchy,
    work_topics,
)

TOPIC = {
    "id": "https://openalex.org/T11636", "display_name": "AI in service interactions",
    "score": 0.99,
    "subfield": {"id": "https://openalex.org/subfields/1702", "display_name": "AI"},
    "field": {"id": "https://openalex.org/fields/17", "display_name": "Computer Science"},
    "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"},
}


def test_institutions_by_openalex_id_else_by_name():
    full = institution_from({"id": "https://openalex.org/I27837315", "display_name": " U  M ",
                             "country_code": "US", "ror": "https://ror.org/00jmfr291"})
    assert (full.id, full.name, full.country, full.ror) == (
        "I27837315", "U M", "US", "https://ror.org/00jmfr291")
    # no institution id: the affiliation as printed, which is no institution
    assert institution_from({"display_name": "Somewhere Inst."}) is None
    assert institution_from({"id": "https://openalex.org/A1"}) is None  # not an institution
    assert institution_from("I1") is None


def test_hierarchy_ids_and_keyword_slugs():
    assert hierarchy_id("https://openalex.org/subfields/1702") == "subfield:1702"
    assert hierarchy_id("domains/3") == "domain:3"
    assert hierarchy_id("https://openalex.org/keywords/graphs") is None
    assert hierarchy_id(17) is None
    assert keyword_slug("Deep  Learning!") == "deep-learning"


def test_a_topic_has_its_subfield_field_domain_chain():
    chain = topic_hierarchy(TOPIC)
    found = []
    while chain is not None:
        found.append((chain.id, chain.level))
        chain = chain.parent
    assert found == [("subfield:1702", 1), ("field:17", 2), ("domain:3", 3)]


def test_work_topics_primary_first_then_concepts_then_keywords_deduplicated():
    work = {"primary_topic": TOPIC, "topics": [TOPIC, {"id": "https://openalex.org/T2"}],
            "concepts": [{"id": "https://openalex.org/C41008148", "display_name": "CS",
                          "level": 0, "score": 0.5}, {"id": "W1"}],
            "keywords": [{"display_name": "Graph maps", "score": 0.3}, {"display_name": "!"}]}
    topics = work_topics(work)
    assert [t.id for t in topics] == ["T11636", "T2", "C41008148", "kw:graph-maps"]
    assert topics[0].score == 0.99 and topics[0].parent.id == "subfield:1702"
    assert (topics[2].level, topics[3].score) == (0, 0.3)
    assert work_topics({}) == ()


def test_a_printed_affiliation_is_kept_on_the_authorship_never_as_an_institution():
    """Knutsen 2004 in the demo set (SYNERGY, OpenAlex 2023): the first author's only
    "institution" has no id and is the affiliation as printed, e-mail address and all."""
    import gzip
    import json
    from pathlib import Path

    from loaders import openalex

    path = Path(__file__).resolve().parents[2] / "loaders" / "sample" / \
        "jeyaraman-2020-works.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        raw = next(w for w in map(json.loads, lines)
                   if w["id"] == "https://openalex.org/W2223297936")
    assert raw["authorships"][0]["institutions"][0]["id"] is None
    work = next(r for r in openalex.parse_objects([(1, raw)], file=str(path))
                if hasattr(r, "authors"))
    knutsen = work.authors[0]
    assert knutsen.name == "Gunnar Knutsen" and knutsen.institutions == ()
    assert knutsen.affiliations == (
        "1 Department of Orthopaedic Surgery, University Hospital Tromsø, 9038 Tromsø, "
        "Norway. E-mail address for G. Knutsen: gunnar.knutsen@unn.no",)
    engebretsen = work.authors[1]
    assert [(i.id, i.name) for i in engebretsen.institutions] == [
        ("I4210134067", "Orthopaedic Research")]  # the institution record's name
    assert engebretsen.affiliations == ("2 Oslo Orthopaedic University Clinic, 0407 Oslo, Norway",)
    names = {i.name for a in work.authors for i in a.institutions}
    assert not any("E-mail" in n or n[0].isdigit() for n in names)
