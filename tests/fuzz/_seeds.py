"""Real records used as fuzzing seeds, read in place from ../shared/data.

Each loader reads only the first few records of its file (gzip is streamed),
and is cached, so the seeds are read once per test session.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from itertools import islice
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
_RIS_LINE_END = re.compile(r"\r\n|\r|\n")
_BIB_START = re.compile(r"^@\s*\w+\s*\{", re.M)


def _jsonl(relative: str, count: int) -> tuple[object, ...]:
    """The first ``count`` JSON objects of a (gzipped) JSON Lines file."""
    found = []
    with gzip.open(DATA / relative, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                found.append(json.loads(line))
            if len(found) >= count:
                break
    return tuple(found)


@cache
def openalex_works() -> tuple[object, ...]:
    return (_jsonl("openalex-works-sample-2022/works.jsonl.gz", 4)
            + _jsonl("openalex-api-fixtures-2025/works.jsonl.gz", 4))


@cache
def openalex_entities() -> tuple[object, ...]:
    folder = DATA / "openalex-entity-fixtures"
    names = ("A5023888391.json", "I27837315.json", "T11636.json", "C71924100.json",
             "S137773608.json", "W-api-response.json")
    return tuple(json.loads((folder / name).read_text(encoding="utf-8")) for name in names)


@cache
def s2_objects() -> tuple[object, ...]:
    graph = _jsonl("s2-graph-api-fixtures/papers.jsonl.gz", 4)
    authors = _jsonl("s2-graph-api-fixtures/authors.jsonl.gz", 2)
    bodies = tuple(r["body"] for r in _jsonl("s2-graph-api-fixtures/responses.jsonl.gz", 8)
                   if r.get("body") is not None)
    bulk = (_jsonl("s2ag-bulk-sample/papers-sample.jsonl.gz", 3)
            + _jsonl("s2ag-bulk-sample/abstracts-sample.jsonl.gz", 2)
            + _jsonl("s2ag-bulk-sample/citations-sample.jsonl.gz", 3))
    # a few single citation wrappers ({"citingPaper": {...}}) from a citations page
    pages = _jsonl("s2-graph-api-fixtures/responses.jsonl.gz", 18)
    wrappers = tuple(item for r in pages if isinstance(r.get("body"), dict)
                     for item in (r["body"].get("data") or [])[:3]
                     if isinstance(item, dict) and "citingPaper" in item)[:3]
    return graph + authors + bodies[:4] + bulk + wrappers


@cache
def arxiv_objects() -> tuple[object, ...]:
    return _jsonl("arxiv-kaggle-sample/arxiv-metadata-oai-snapshot.sample.jsonl.gz", 8)


@cache
def native_objects() -> tuple[object, ...]:
    """Native records built from real arXiv metadata (the format has no public dump)."""
    found = []
    for obj in arxiv_objects():
        names = [" ".join(p for p in (a[1], a[0]) if p) for a in obj.get("authors_parsed", [])]
        found.append({
            "record": "paper", "title": obj.get("title"), "year": 2007, "doi": obj.get("doi"),
            "arxiv": obj.get("id"), "abstract": obj.get("abstract"),
            "keywords": (obj.get("categories") or "").split(),
            "authors": [{"name": n, "affiliations": ["Somewhere University"]}
                        for n in names],
        })
    return tuple(found)


def _ris_records(text: str) -> list[str]:
    """Split RIS text into ``TY``..``ER`` record texts (LF line ends)."""
    records, current = [], None
    for line in _RIS_LINE_END.split(text.lstrip("\ufeff")):
        if line.startswith("TY  -"):
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("ER  -"):
                records.append("\n".join(current) + "\n")
                current = None
    return records


@cache
def ris_records() -> tuple[str, ...]:
    """Real RIS records with a title, a few from each of several exporters."""
    folder = DATA / "ris-exports"
    names = ("litstudy/example.ris", "asreview-demo-data/scopus.ris",
             "asreview-demo-data/pubmed_zotero.ris", "asreview-demo-data/ovid_psycinfo.ris",
             "asreview-ptsd-review/schoot-lgmm-ptsd-included-1.ris")
    found = []
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        found += [r for r in _ris_records(text) if re.search(r"^T[I1]  - \S", r, re.M)][:3]
    return tuple(found)


@cache
def bibtex_entries() -> tuple[str, ...]:
    """The first entries of IRIDIA's articles.bib whose title is plain text."""
    text = (DATA / "bibtex-iridia-cc0" / "articles.bib").read_text(encoding="utf-8")
    starts = [m.start() for m in _BIB_START.finditer(text)]
    found = []
    for start, end in zip(starts, starts[1:], strict=False):
        entry = text[start:end].strip() + "\n"
        if entry.lower().startswith("@string") or not re.search(r"title\s*=\s*\{", entry):
            continue
        found.append(entry)
        if len(found) >= 12:
            break
    return tuple(found)


def _text_lines(relative: str, count: int) -> tuple[str, ...]:
    with gzip.open(DATA / relative, "rt", encoding="utf-8") as lines:
        return tuple(islice(lines, count))


@cache
def edge_lines() -> tuple[str, ...]:
    return (_text_lines("snap-cit-hep/cit-HepPh-1992-1999.edges.tsv.gz", 6)
            + _text_lines("s2-graph-api-fixtures/citations.tsv.gz", 6))


@cache
def node_lines() -> tuple[str, ...]:
    return _text_lines("snap-cit-hep/cit-HepPh-1992-1999.years.tsv.gz", 8)


@cache
def jsonl_lines() -> tuple[str, ...]:
    """Raw JSON Lines text lines of several formats, for the file-level readers."""
    found = []
    for relative, count in (("openalex-works-sample-2022/works.jsonl.gz", 2),
                            ("s2ag-bulk-sample/papers-sample.jsonl.gz", 2),
                            ("arxiv-kaggle-sample/arxiv-metadata-oai-snapshot.sample.jsonl.gz",
                             2)):
        found += _text_lines(relative, count)
    return tuple(found)
