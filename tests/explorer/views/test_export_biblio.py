"""Bibliographic exports (BibTeX, RIS, CSL-JSON) of a hand-built view, read back by readers."""

from __future__ import annotations

import json

import bibtexparser
import pybtex.database
import pytest
import rispy

from explorer.views.export_biblio import (
    bibtex_braces,
    citation_key,
    split_name,
    to_bibtex,
    to_csljson,
    to_ris,
)
from tests.explorer.views.export_samples import DETAILS, hostile_view


def test_bibtex_round_trips_through_pybtex_and_bibtexparser():
    view = hostile_view()
    text = to_bibtex(view, DETAILS)
    assert "@article{lovelace2001script," in text and "@incollection{" in text
    assert "archiveprefix = {arXiv}" in text and "@phdthesis{" in text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    papers = [n for n in view["nodes"] if n["type"] == "Paper"]
    assert len(library.entries) == len(papers)
    assert len({e.key for e in library.entries}) == len(papers)
    pyb = pybtex.database.parse_string(text, "bibtex")
    for entry, node in zip(library.entries, papers, strict=True):
        title = " ".join(node["title"].replace("\x01", " ").split())
        assert entry["title"] == title
        assert pyb.entries[entry.key].fields["title"] == title
    centre = pyb.entries[library.entries[0].key]
    assert [(" ".join(p.prelast_names + p.last_names), " ".join(p.first_names))
            for p in centre.persons["author"]] == [
        ("Lovelace", "Ada"), ("van Beethoven", "Ludwig"), ("García Márquez", "Gabriel")]
    assert library.entries[0]["journal"] == "J {Decision} & Co"
    assert library.entries[0]["abstract"] == "An \\textbraceleft{}unbalanced abstract"


def test_ris_round_trips_through_rispy():
    text = to_ris(hostile_view(), DETAILS)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    entries = rispy.loads(text)
    assert [e["type_of_reference"] for e in entries] == ["JOUR", "CHAP", "UNPB", "THES"]
    assert entries[0]["authors"] == ["Lovelace, Ada", "van Beethoven, Ludwig",
                                     "García Márquez, Gabriel"]
    assert entries[0]["doi"] == "10.1002/mcda.70036"
    title = hostile_view()["nodes"][1]["title"]
    assert entries[0]["title"] == " ".join(title.replace("\x01", " ").split())
    assert entries[1]["authors"][0] == "Plato" and "year" not in entries[1]


def test_csljson_items():
    items = json.loads(to_csljson(hostile_view(), DETAILS))
    assert [i["type"] for i in items] == ["article-journal", "chapter", "article", "thesis"]
    assert items[0]["author"][2] == {"family": "García Márquez", "given": "Gabriel"}
    assert items[1]["author"][0] == {"literal": "Plato"}
    assert items[0]["issued"] == {"date-parts": [[2001]]} and items[0]["DOI"]


@pytest.mark.parametrize(("name", "parts"), [
    ("Ada Lovelace", ("Lovelace", "Ada")), ("Lovelace, Ada", ("Lovelace", "Ada")),
    ("J. R. R. Tolkien", ("Tolkien", "J. R. R.")), ("Plato", ("Plato", "")),
    ("Jean de la Fontaine", ("de la Fontaine", "Jean")), ("", ("", ""))])
def test_split_name(name, parts):
    assert split_name(name) == parts


def test_bibtex_braces_and_keys():
    assert bibtex_braces("{a} {b}") == "{a} {b}"
    assert bibtex_braces("}{") == "\\textbraceright{}\\textbraceleft{}"
    assert bibtex_braces("ends with \\") == "ends with \\textbackslash{}"
    assert citation_key(["Émile Zola"], 1880, "À la recherche") == "zola1880recherche"


def test_a_peerj_article_is_a_journal_article_in_every_format():
    """The real OpenAlex record of Piwowar et al. 2018 (PeerJ; shared data): its kind
    gives @article, JOUR and article-journal, whatever the source's spelling."""
    from pathlib import Path

    from explorer.views.export_biblio import work_type
    from loaders import openalex

    path = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / \
        "openalex-entity-fixtures" / "W2741809807.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    record = next(iter(openalex.parse_objects([(1, raw)], file=str(path))))
    assert record.venue == "PeerJ"
    assert work_type(record.kind)[:3] == ("article", "journal", "JOUR")
    for kind in ("journal-article", "JournalArticle", "Review", "article-journal"):
        assert work_type(kind)[0] == "article" and work_type(kind)[2] == "JOUR"
    view = {"nodes": [{"id": "W2741809807", "type": "Paper", "title": record.title,
                       "year": record.year}], "edges": []}
    details = {"W2741809807": {"kind": record.kind, "venue": record.venue,
                               "keywords": ["Citation", "citation", "Open access"]}}
    text = to_bibtex(view, details)
    assert text.startswith("@article{") and "@incollection" not in text
    assert "keywords = {Citation, Open access}" in text  # once each
    assert to_ris(view, details).startswith("TY  - JOUR")
    assert json.loads(to_csljson(view, details))[0]["type"] == "article-journal"


def test_references_known_only_by_id_are_left_out_and_counted():
    view = {"nodes": [{"id": "W1", "type": "Paper", "title": "Loaded", "year": 2001},
                      {"id": "W2", "type": "Paper", "label": "unresolved W2", "stub": True,
                       "unresolved": True}], "edges": [], "hidden": {"unresolved": 4}}
    text = to_bibtex(view, {})
    assert text.startswith("@comment{1 loaded works. 5 references known only by id left out")
    assert "W2" not in text and text.count("@misc{") == 1
    assert "W2" not in to_ris(view, {}) and len(json.loads(to_csljson(view, {}))) == 1
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
