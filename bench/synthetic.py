"""Seeded synthetic citation graphs shaped like a real field, for scale benchmarks.

A field grows year by year; each new paper belongs to one of ``fields``
sub-fields (sizes follow a Zipf law), cites a log-normal number of earlier
papers (median ``median_refs``), most of them in its own sub-field, and picks
each reference either uniformly among earlier papers of that sub-field or in
proportion to how often they are already cited (Price's model: a power-law
in-degree with a few hubs cited tens of thousands of times at a million
papers). A share of references point outside the field (``ext:…``, papers
known only by id), as real reference lists do.

Writes files the product reads as they are:

* ``edges.tsv.gz`` (``citing<TAB>cited``) and ``nodes.tsv.gz``
  (``id<TAB>year<TAB>title``): ``explorer load edges.tsv.gz --format edges
  --nodes nodes.tsv.gz``;
* with ``--openalex``, ``works.jsonl.gz``: OpenAlex-shaped works (id, title,
  year, abstract words, authorships with institutions, concepts,
  ``referenced_works``, ``cited_by_count``) for full-record load benchmarks.

    python bench/synthetic.py --papers 1000000 --out /tmp/field-1m [--openalex] [--seed 7]

Everything is a pure function of the arguments and the seed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WORDS = ("cartilage graph citation network protein cell model learning survey trial "
         "therapy stem knee review outcome cohort signal layout cluster field ranking "
         "index query search text topic author venue method dataset benchmark growth "
         "memory scale random matrix sparse dense spectral community map bias").split()


@dataclass(frozen=True)
class Field:
    """A generated field: per paper its year and sub-field; citations as arrays."""

    years: np.ndarray        # int16, one per paper, non-decreasing with the index
    fields: np.ndarray       # int32, sub-field of each paper
    citing: np.ndarray       # int64, index of the citing paper
    cited: np.ndarray        # int64, index of the cited paper; -1 - k for outside paper k

    @property
    def papers(self) -> int:
        return len(self.years)


def generate(papers: int, *, seed: int = 7, fields: int = 200, median_refs: float = 13.0,
             in_field: float = 0.7, uniform: float = 0.1, outside: float = 0.15,
             first_year: int = 1990, last_year: int = 2025, block: int = 0) -> Field:
    """Generate a field of ``papers`` papers (see the module docstring).

    ``uniform`` is the share of references drawn uniformly among earlier papers
    (the rest are drawn in proportion to citations so far); ``in_field`` the
    share kept inside the citing paper's sub-field; ``outside`` the share that
    point outside the field.

    >>> f = generate(2000, seed=1)
    >>> f.papers, bool((f.cited[f.cited >= 0] < f.citing[f.cited >= 0]).all())
    (2000, True)
    >>> g = generate(2000, seed=1); bool((g.cited == f.cited).all())
    True
    """
    rng = np.random.default_rng(seed)
    block = block or max(50, min(5000, papers // 200))
    sizes = 1.0 / np.arange(1, fields + 1) ** 0.8
    field_of = rng.choice(fields, size=papers, p=sizes / sizes.sum()).astype(np.int32)
    # growth: more papers each year (about 6 % a year)
    weights = 1.06 ** np.arange(last_year - first_year + 1)
    cumulative = np.cumsum(weights) / weights.sum()
    years = (first_year + np.searchsorted(cumulative, (np.arange(papers) + 0.5) / papers)
             ).astype(np.int16)
    sigma = 0.7
    refs = np.minimum(rng.lognormal(np.log(median_refs), sigma, papers).astype(np.int64), 400)
    # per sub-field: its papers so far, and an "urn" holding one entry per citation
    members: list[list[int]] = [[] for _ in range(fields)]
    urns: list[list[int]] = [[] for _ in range(fields)]
    all_urn: list[int] = []
    citing_parts, cited_parts = [], []
    outside_count = max(1000, papers // 4)
    for start in range(0, papers, block):
        stop = min(papers, start + block)
        if start:
            c_citing, c_cited = _cite_block(rng, start, stop, refs, field_of, members, urns,
                                            all_urn, in_field, uniform, outside,
                                            outside_count)
            citing_parts.append(c_citing)
            cited_parts.append(c_cited)
            inside = c_cited[c_cited >= 0]
            for f_id, targets in _group(field_of[inside], inside):
                urns[f_id].extend(targets)
            all_urn.extend(inside.tolist())
        for f_id, ids in _group(field_of[start:stop], np.arange(start, stop)):
            members[f_id].extend(ids)
    citing = np.concatenate(citing_parts) if citing_parts else np.zeros(0, np.int64)
    cited = np.concatenate(cited_parts) if cited_parts else np.zeros(0, np.int64)
    return Field(years, field_of, citing, cited)


def _group(keys: np.ndarray, values: np.ndarray) -> Iterator[tuple[int, list[int]]]:
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    bounds = np.flatnonzero(np.diff(keys)) + 1
    for part_keys, part_values in zip(np.split(keys, bounds), np.split(values, bounds),
                                      strict=True):
        if len(part_keys):
            yield int(part_keys[0]), part_values.tolist()


def _cite_block(rng, start, stop, refs, field_of, members, urns, all_urn, in_field,
                uniform, outside, outside_count):
    n_refs = refs[start:stop]
    citing = np.repeat(np.arange(start, stop), n_refs)
    draws = len(citing)
    kind = rng.random(draws)
    cited = np.empty(draws, np.int64)
    ext = kind < outside
    cited[ext] = -1 - rng.zipf(1.6, ext.sum()).clip(max=outside_count)
    rest = np.flatnonzero(~ext)
    own = rng.random(len(rest)) < in_field
    by_urn = rng.random(len(rest)) >= uniform
    fields_of_citing = field_of[citing[rest]]
    for i, position in enumerate(rest):
        f_id = int(fields_of_citing[i])
        pool_members = members[f_id] if own[i] and members[f_id] else None
        if pool_members is not None:
            urn = urns[f_id]
            if by_urn[i] and urn:
                cited[position] = urn[int(rng.integers(len(urn)))]
            else:
                cited[position] = pool_members[int(rng.integers(len(pool_members)))]
        elif by_urn[i] and all_urn:
            cited[position] = all_urn[int(rng.integers(len(all_urn)))]
        else:
            cited[position] = int(rng.integers(start))
    keep = np.unique(citing * (2 * outside_count + stop + 2) + cited + outside_count + 1,
                     return_index=True)[1]
    return citing[keep], cited[keep]


def paper_id(index: int) -> str:
    """The id of generated paper ``index``: ``W9`` followed by the index."""
    return f"W9{index:09d}"


def outside_id(cited: int) -> str:
    return f"W8{-1 - cited:09d}"


def title(rng: np.random.Generator, field_id: int) -> str:
    """A title whose words lean to its sub-field's share of the vocabulary."""
    local = [WORDS[(field_id * 7 + k) % len(WORDS)] for k in range(6)]
    picks = [local[int(rng.integers(len(local)))] if rng.random() < 0.7
             else WORDS[int(rng.integers(len(WORDS)))] for _ in range(int(rng.integers(4, 9)))]
    return " ".join(picks).capitalize()


def write_edges(field: Field, out: Path, seed: int) -> None:
    rng = np.random.default_rng(seed + 1)
    with gzip.open(out / "edges.tsv.gz", "wt", encoding="utf-8", compresslevel=3) as edges:
        edges.write("citing\tcited\n")
        for a, b in zip(field.citing.tolist(), field.cited.tolist(), strict=True):
            edges.write(f"{paper_id(a)}\t{paper_id(b) if b >= 0 else outside_id(b)}\n")
    with gzip.open(out / "nodes.tsv.gz", "wt", encoding="utf-8", compresslevel=3) as nodes:
        nodes.write("id\tyear\ttitle\n")
        for i in range(field.papers):
            nodes.write(f"{paper_id(i)}\t{field.years[i]}\t"
                        f"{title(rng, int(field.fields[i]))}\n")


def write_update(field: Field, out: Path, count: int = 1000, seed: int = 7,
                 refs: int = 13) -> list[str]:
    """Write ``count`` new papers published after the field (ids following its own) as
    ``update_edges.tsv.gz`` and ``update_nodes.tsv.gz`` in ``out``: each cites ``refs``
    papers, half drawn in proportion to citations already received (hubs), half among the
    latest tenth of the field; titles as the field's. Returns the new ids."""
    rng = np.random.default_rng(seed + 3)
    inside = field.cited[field.cited >= 0]
    recent = max(1, field.papers // 10)
    ids = [paper_id(field.papers + i) for i in range(count)]
    with gzip.open(out / "update_edges.tsv.gz", "wt", encoding="utf-8") as edges:
        edges.write("citing\tcited\n")
        for pid in ids:
            hubs = inside[rng.integers(len(inside), size=refs // 2)] if len(inside) else []
            late = field.papers - 1 - rng.integers(recent, size=refs - refs // 2)
            for cited in sorted({int(c) for c in [*hubs, *late]}):
                edges.write(f"{pid}\t{paper_id(cited)}\n")
    year = int(field.years[-1]) + 1
    with gzip.open(out / "update_nodes.tsv.gz", "wt", encoding="utf-8") as nodes:
        nodes.write("id\tyear\ttitle\n")
        for pid in ids:
            nodes.write(f"{pid}\t{year}\t{title(rng, int(rng.integers(200)))}\n")
    return ids


def openalex_works(field: Field, seed: int, *, full: bool = False) -> Iterator[dict]:
    """OpenAlex-shaped work records of the field, in paper order (``full``: with
    :func:`full_record`'s fields too)."""
    rng = np.random.default_rng(seed + 2)
    order = np.argsort(field.citing, kind="stable")
    citing, cited = field.citing[order], field.cited[order]
    bounds = np.searchsorted(citing, np.arange(field.papers + 1))
    indegree = np.bincount(field.cited[field.cited >= 0], minlength=field.papers)
    authors_per_field = 400
    for i in range(field.papers):
        f_id = int(field.fields[i])
        refs = cited[bounds[i]:bounds[i + 1]]
        team = rng.integers(authors_per_field, size=int(rng.integers(1, 6)))
        work = {
            "id": f"https://openalex.org/{paper_id(i)}",
            "title": title(rng, f_id),
            "publication_year": int(field.years[i]),
            "type": "article",
            "cited_by_count": int(indegree[i]),
            "authorships": [{
                "author_position": "first" if k == 0 else "middle",
                "author": {"id": f"https://openalex.org/A9{f_id:04d}{int(a):05d}",
                           "display_name": f"Author {f_id}-{int(a)}"},
                "institutions": [{"id": f"https://openalex.org/I9{f_id % 50:05d}",
                                  "display_name": f"Institute {f_id % 50}",
                                  "country_code": "NL"}],
            } for k, a in enumerate(team)],
            "concepts": [{"id": f"https://openalex.org/C9{f_id:05d}",
                          "display_name": f"Subfield {f_id}", "level": 2, "score": 0.8}],
            "referenced_works": [f"https://openalex.org/"
                                 f"{paper_id(int(r)) if r >= 0 else outside_id(int(r))}"
                                 for r in refs.tolist()],
        }
        yield full_record(work, rng, i, f_id, field.papers) if full else work


def _team_size(rng: np.random.Generator) -> int:
    """Authors of a work: mostly 1-12, and one work in a hundred by a consortium (50-300)."""
    if rng.random() < 0.01:
        return int(rng.integers(50, 301))
    return int(min(12, 1 + rng.geometric(0.3)))


def full_record(work: dict, rng: np.random.Generator, i: int, field_id: int,
                papers: int) -> dict:
    """``work`` (from :func:`openalex_works`) with what full OpenAlex records carry besides:
    an abstract (as OpenAlex's inverted index, 80-200 words), DOI and other ids, the
    venue, the 2024 topic with its subfield, field and domain, keywords, related works,
    a team of :func:`_team_size` authors (accented names, a third with an ORCID, each
    with an institution with its ROR, and raw affiliation strings)."""
    local = [WORDS[(field_id * 7 + k) % len(WORDS)] for k in range(6)]
    index: dict[str, list[int]] = {}
    for position in range(int(rng.integers(80, 201))):
        word = (local[int(rng.integers(len(local)))] if rng.random() < 0.5
                else WORDS[int(rng.integers(len(WORDS)))] if rng.random() < 0.6
                else f"term{int(rng.integers(5000))}")
        index.setdefault(word, []).append(position)
    team = []
    for k in range(_team_size(rng)):
        a = int(rng.integers(4000))
        institution = field_id % 50 + 50 * int(rng.integers(3))
        team.append({
            "author_position": "first" if k == 0 else "middle",
            "author": {"id": f"https://openalex.org/A8{field_id:04d}{a:05d}",
                       "display_name": f"Zoë Müller-{field_id}-{a}",
                       "orcid": (f"https://orcid.org/0000-000{field_id % 10}-{a:04d}-"
                                 f"{field_id % 9000 + 1000:04d}") if a % 3 == 0 else None},
            "institutions": [{"id": f"https://openalex.org/I8{institution:05d}",
                              "display_name": f"Université {institution}",
                              "ror": f"https://ror.org/0{institution:06d}",
                              "country_code": "FR", "type": "education"}],
            "raw_affiliation_strings": [f"Department {a % 40}, Université {institution}"],
        })
    topic = {"id": f"https://openalex.org/T1{field_id:04d}",
             "display_name": f"Topic {field_id} {local[0]} {local[1]}", "score": 0.95,
             "subfield": {"id": f"https://openalex.org/subfields/{2700 + field_id % 40}",
                          "display_name": f"Subfield {field_id % 40}"},
             "field": {"id": f"https://openalex.org/fields/{27 + field_id % 6}",
                       "display_name": f"Field {field_id % 6}"},
             "domain": {"id": "https://openalex.org/domains/4",
                        "display_name": "Health Sciences"}}
    doi = f"https://doi.org/10.9999/synthetic.{i}"
    return {**work, "doi": doi, "authorships": team,
            "ids": {"openalex": work["id"], "doi": doi,
                    "pmid": f"https://pubmed.ncbi.nlm.nih.gov/{20000000 + i}"},
            "primary_location": {"source": {
                "display_name": f"Journal of {local[2]} {field_id % 30}"}},
            "primary_topic": topic, "topics": [topic],
            "keywords": [{"id": f"https://openalex.org/keywords/{local[k]}",
                          "display_name": local[k], "score": 0.6} for k in range(3)],
            "related_works": [f"https://openalex.org/{paper_id(int(r))}"
                              for r in rng.integers(papers, size=5)],
            "abstract_inverted_index": index}


def describe(field: Field) -> dict:
    inside = field.cited[field.cited >= 0]
    indegree = np.bincount(inside, minlength=field.papers)
    refs = np.bincount(field.citing, minlength=field.papers)
    return {"papers": field.papers, "citations": int(len(field.cited)),
            "inside": int(len(inside)), "max_indegree": int(indegree.max()),
            "median_refs": float(np.median(refs)),
            "years": f"{int(field.years.min())}-{int(field.years.max())}"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--openalex", action="store_true",
                        help="also write works.jsonl.gz (OpenAlex-shaped records)")
    parser.add_argument("--full", action="store_true",
                        help="with --openalex: full records (abstracts, 2024 topics, "
                             "keywords, ORCIDs, RORs, teams up to 300 authors)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    field = generate(args.papers, seed=args.seed)
    print(json.dumps(describe(field)), f"generated in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    write_edges(field, args.out, args.seed)
    if args.openalex:
        with gzip.open(args.out / "works.jsonl.gz", "wt", encoding="utf-8",
                       compresslevel=3) as works:
            for work in openalex_works(field, args.seed, full=args.full):
                works.write(json.dumps(work, separators=(",", ":")) + "\n")
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
