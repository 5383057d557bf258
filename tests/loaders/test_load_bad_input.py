"""`explorer load` on files whose start is bad, on the session server: a bad first
record (cut off, `null`, garbage, 40 MB) is rejected alone by its line and every
good record after it loads, whether the format is detected or named; JSON array
items are named by index and real line; a NUL byte rejects only its RIS record;
damaged .gz and .bz2 files are named as damaged and keep the records before the
damage. Each case counts the nodes the load left in the graph."""

from __future__ import annotations

import bz2
import gzip
import json
import re

import pytest

from tests.conftest import DATA

INPUT_ONLY = ("reading damaged, malformed and huge input files is the loaders' own work; "
              "the graph writes it leads to are the writer's statements, tested on both "
              "backends in tests/loaders/test_writer.py")
pytestmark = [pytest.mark.server, pytest.mark.arcadedb_only(INPUT_ONLY)]

OPENALEX = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
BAD_FIRST = {
    "cut": '{"record": "paper", "title": "Cut off in the mid',
    "null": "null",
    "garbage": "%%% this is not JSON %%%",
}


def native(n: int, prefix: str = "Start") -> str:
    return json.dumps({"record": "paper", "title": f"{prefix} paper {n}", "year": 2001}) + "\n"


def papers(graph, full_only: bool = False) -> int:
    where = "WHERE p.stub = false " if full_only else ""
    return graph.run_text(f"MATCH (p:Paper) {where}RETURN count(p) AS n").records[0]["n"]


def summary(stdout: str) -> tuple[int, int, int]:
    """(read, loaded, rejected) from the load's summary line."""
    found = re.search(r"records read: ([\d,]+)\s+loaded: ([\d,]+).*rejected: ([\d,]+)", stdout)
    assert found, stdout
    read, loaded, rejected = (int(g.replace(",", "")) for g in found.groups())
    return read, loaded, rejected


@pytest.mark.parametrize("kind", [*BAD_FIRST, "oversized"])
def test_a_bad_first_line_of_json_lines_loses_only_itself(empty_graph, cli, tmp_path, kind):
    path = tmp_path / f"{kind}.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        if kind == "oversized":  # 40 MB, past the default 32 MiB record size
            out.write('{"record": "paper", "title": "Huge", "abstract": "')
            out.write("x" * (40 << 20))
            out.write('"}\n')
        else:
            out.write(BAD_FIRST[kind] + "\n")
        out.writelines(native(n) for n in range(12))
    # the 40 MB file would otherwise go into the empty graph by import (two server restarts,
    # tested in test_bulk_local); the reader that refuses the line is the same on both paths
    result = cli("load", str(path), *(["--first-load", "batches"] if kind == "oversized" else []))
    assert result.returncode == 3, result.stderr
    assert f"rejected {path}:1: " in result.stderr
    if kind == "oversized":
        assert "maximum record size" in result.stderr
    assert summary(result.stdout) == (13, 12, 1)
    assert papers(empty_graph) == 12


@pytest.mark.parametrize("fmt", ["auto", "openalex"])
def test_a_bad_first_openalex_work_loses_only_itself(empty_graph, cli, tmp_path, fmt):
    """One load of three files, each starting with a different bad line before the same
    twelve works: each file's first line is rejected by name, its twelve works load."""
    works = gzip.open(OPENALEX, "rt", encoding="utf-8").readlines()[:12]
    paths = []
    for kind, bad in BAD_FIRST.items():
        paths.append(tmp_path / f"works-{kind}.jsonl.gz")
        paths[-1].write_bytes(gzip.compress((bad + "\n" + "".join(works)).encode()))
    result = cli("load", *map(str, paths), "--format", fmt)
    assert result.returncode == 3, result.stderr
    for path in paths:
        assert f"rejected {path}:1: " in result.stderr
    assert summary(result.stdout) == (13 * len(paths), 12 * len(paths), len(paths))
    assert papers(empty_graph, full_only=True) == 12


def test_json_array_items_are_named_by_index_and_real_line(empty_graph, cli, tmp_path):
    items = [native(n, "Array").strip() for n in range(10)]
    items[3] = '{"record": "paper", "title": NaN}'  # not JSON: rejected by the reader
    items[6] = '{"record": "paper", "title": ["a", "list"]}'  # rejected by its parser
    path = tmp_path / "array.json"
    path.write_text("[\n  " + ",\n  ".join(items) + "\n]\n", encoding="utf-8")
    result = cli("load", str(path))
    assert result.returncode == 3, result.stderr
    assert f"rejected {path}:5 [item 4]: array item 4 is not valid JSON" in result.stderr
    assert f"rejected {path}:8: field 'title'" in result.stderr
    assert f"{path}:1:" not in result.stderr
    assert summary(result.stdout) == (10, 8, 2)
    assert papers(empty_graph) == 8


@pytest.mark.parametrize("nul", [1, 16, 1000])
def test_a_nul_byte_in_a_ris_file_rejects_its_record_only(empty_graph, cli, tmp_path, nul):
    good = "".join(f"TY  - JOUR\nID  - r{n}\nTI  - Nul test paper {n}\nPY  - 2001\nER  - \n\n"
                   for n in range(50))
    path = tmp_path / "export.ris"
    path.write_bytes(("TY  - JOUR\nID  - bad\nTI  - A title with " + "\x00" * nul
                      + " bytes\nER  - \n\n" + good).encode())
    result = cli("load", str(path))
    assert result.returncode == 3, result.stderr
    assert f"rejected {path}:1 [bad]: record holds a NUL byte (line 3)" in result.stderr
    assert "binary" not in result.stderr
    assert summary(result.stdout) == (51, 50, 1)
    assert papers(empty_graph) == 50


def test_a_binary_file_is_still_refused_by_name(empty_graph, cli, tmp_path):
    (tmp_path / "noise.ris").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "good.jsonl").write_text("".join(native(n, "Beside") for n in range(4)))
    result = cli("load", str(tmp_path))
    assert result.returncode == 3, result.stderr
    assert "noise.ris" in result.stderr and "binary file (contains" in result.stderr
    assert papers(empty_graph) == 4


@pytest.mark.parametrize("kind", ["gzip", "bzip2"])
def test_a_damaged_compressed_file_keeps_the_records_before_the_damage(empty_graph, cli,
                                                                       tmp_path, kind):
    # 5,000 records: several bzip2 blocks (100 kB each at level 1), cut in a later one
    text = "".join(native(n, f"Packed {n * 7919 % 10007}") for n in range(5_000)).encode()
    packed = gzip.compress(text) if kind == "gzip" else bz2.compress(text, compresslevel=1)
    path = tmp_path / ("works.jsonl.gz" if kind == "gzip" else "works.jsonl.bz2")
    path.write_bytes(packed[: len(packed) * 2 // 3])
    result = cli("load", str(path))
    assert result.returncode == 3, result.stderr
    found = re.search(rf"rejected {re.escape(str(path))}:\d+: damaged {kind} data after line "
                      r"(\d+) \(([\d,]+) records read before the damage are kept\)",
                      result.stderr)
    assert found, result.stderr
    kept = int(found.group(2).replace(",", ""))
    assert 0 < kept < 5_000 and int(found.group(1)) == kept
    assert "empty" not in result.stderr
    assert summary(result.stdout) == (kept + 1, kept, 1)
    assert papers(empty_graph) == kept


def test_a_file_damaged_at_its_start_is_named_and_the_others_load(empty_graph, cli, tmp_path):
    packed = gzip.compress("".join(native(n, "Lost") for n in range(500)).encode())
    (tmp_path / "a.jsonl.gz").write_bytes(packed[:30])
    (tmp_path / "b.jsonl").write_text("".join(native(n, "Kept") for n in range(7)))
    result = cli("load", str(tmp_path))
    assert result.returncode == 3, result.stderr
    assert (f"rejected {tmp_path / 'a.jsonl.gz'}: file not loaded: damaged gzip data before "
            "its first line (no record could be read)") in result.stderr
    assert "empty" not in result.stderr
    assert papers(empty_graph) == 7


def test_items_of_a_pretty_printed_api_page_are_named_by_their_own_lines(empty_graph, cli,
                                                                          tmp_path):
    works = [json.loads(line) for line in gzip.open(OPENALEX, "rt", encoding="utf-8")][:8]
    works[5]["cited_by_count"] = "many"
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"meta": {"count": 8}, "results": works}, indent=2))
    starts = [n for n, text in enumerate(path.read_text().split("\n"), 1) if text == "    {"]
    assert len(starts) == 8 and starts[5] > 1000  # each work's own line, its "{"
    result = cli("load", str(path))
    assert result.returncode == 3, result.stderr
    assert f"rejected {path}:{starts[5]} [results[5]]: field 'cited_by_count'" in result.stderr
    assert summary(result.stdout) == (8, 7, 1)
    assert papers(empty_graph, full_only=True) == 7
