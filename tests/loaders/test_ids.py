"""Canonical ids: DOIs, OpenAlex ids, ORCIDs, arXiv ids, titles, years, the paper id rule."""

from __future__ import annotations

import pytest

from loaders import ids


@pytest.mark.parametrize("raw, doi", [
    ("10.1000/ABC", "10.1000/abc"), ("https://doi.org/10.1000/x.", "10.1000/x"),
    ("http://dx.doi.org/10.5555/12345678", "10.5555/12345678"), ("doi: 10.1000/X", "10.1000/x"),
    ("DOI:10.1234/Z", "10.1234/z"), ("10.12/x", None), ("", None), (None, None),
    ("not a doi", None)])
def test_normalise_doi(raw, doi):
    assert ids.normalise_doi(raw) == doi


def test_openalex_orcid_and_arxiv_ids():
    assert ids.openalex_id("https://openalex.org/w2741809807") == "W2741809807"
    assert ids.openalex_id("A5023888391") == "A5023888391"
    assert ids.openalex_id("https://example.org/W1") is None and ids.openalex_id(None) is None


@pytest.mark.parametrize("raw", [
    "https://openalex.org/W2741809807", "https://openalex.org/w1", "https://openalex.org/W",
    "https://openalex.org/", "https://openalex.org/X12", "https://openalex.org/W12 ",
    " https://openalex.org/W12", "https://openalex.org/W12\n", "https://openalex.org/W1x",
    "https://openalex.org/W١٢", "https://openalex.org/W²", "http://openalex.org/I5",
    "https://openalex.org/https://openalex.org/W1", "W99", "t10017"])
def test_openalex_ids_as_the_pattern_reads_them(raw):
    """The fast path for ``https://openalex.org/…`` answers as the full pattern does."""
    import re

    m = re.match(r"^(?:https?://openalex\.org/)?([WAISTCPFV]\d+)$", raw.strip(), re.I)
    assert ids.openalex_id(raw) == (m.group(1).upper() if m else None)
    assert ids.normalise_orcid("0000-0002-1694-233x") == "0000-0002-1694-233X"
    assert ids.normalise_orcid("1234") is None
    assert ids.normalise_arxiv("0704.0001v3") == "0704.0001"
    assert ids.normalise_arxiv("hep-ph/9907233") == "hep-ph/9907233"
    assert ids.normalise_arxiv("math.GT/0309136v1") == "math.GT/0309136"
    assert ids.normalise_arxiv("1234.5") is None


def test_titles_and_names_fold_case_accents_and_punctuation():
    folded = "uber die elan vital eine studie"
    assert ids.normalise_title("Über  die Élan-Vital: eine Studie!") == folded
    assert ids.normalise_name("J. R. R. Tolkien") == "j r r tolkien"
    assert ids.normalise_title(None) == ""


def test_title_hash_ids_depend_on_the_normalised_title_and_the_year():
    one = ids.title_hash_id("Graphs, Maps!", 2020)
    assert one == ids.title_hash_id("graphs maps", 2020) and one.startswith("h:")
    assert len(one) == 2 + 16
    assert one != ids.title_hash_id("Graphs, Maps!", 2021)


def test_paper_id_prefers_openalex_then_doi_then_arxiv_then_s2_then_title():
    assert ids.paper_id(openalex="W9", doi="10.1000/x") == "W9"
    assert ids.paper_id(doi="10.1000/X", arxiv="0704.0001") == "doi:10.1000/x"
    assert ids.paper_id(doi="junk", arxiv="0704.0001v2") == "arxiv:0704.0001"
    assert ids.paper_id(s2=" abc ") == "s2:abc"
    assert ids.paper_id(title="T", year=1999) == ids.title_hash_id("T", 1999)


@pytest.mark.parametrize("raw, year", [
    ("2019-05-01", 2019), ("c. 1887", 1887), ("12019", None), (999, None), (2100, 2100),
    (True, None), ("May 2001", 2001), (None, None)])
def test_parse_year(raw, year):
    assert ids.parse_year(raw) == year
