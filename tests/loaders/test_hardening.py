"""Loads that never lose a good record, on hostile files generated at test time:
badly typed records, batches past Bolt's message limit, minified JSON arrays,
over-long lines in bounded memory, unusable files beside good ones.

The large loads go to a private server this module starts and stops (emptying
tens of thousands of nodes costs minutes); each test counts its own papers by
a title prefix of its own.
"""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import sys
import zlib

import pytest

from cypher.access.graph import connect
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings
from loaders import writer as writer_module
from loaders.records import PaperRecord
from loaders.writer import GraphWriter
from tests.conftest import DATA, REPO, server_environ
from tests.loaders.test_load_bad_input import INPUT_ONLY

pytestmark = pytest.mark.server

OPENALEX = DATA / "openalex-works-sample-2022"


@pytest.fixture(scope="module")
def own(backend, request, tmp_path_factory):
    """A server for this module's large loads: (graph, run-the-cli, environment).

    On the local server a private one (emptying it afterwards would cost
    minutes); on Neo4j the run's own server, whose next emptying is quick.
    """
    if backend == "neo4j":
        settings = request.getfixturevalue("server_settings")
        env = server_environ(settings.home, settings.bolt_port)
    else:
        home = tmp_path_factory.mktemp("hardening-home")
        env = server_environ(home, localserver.free_port())
        settings = load_settings(env)
        localserver.start(settings)
    graph = connect(settings, autostart=False)

    def run(*args: str, extra: dict | None = None, timeout: float = 300):
        return subprocess.run([sys.executable, "-m", "explorer", *args],  # noqa: S603
                              env={**env, **(extra or {})}, cwd=REPO, capture_output=True,
                              text=True, timeout=timeout)

    yield graph, run, env
    graph.close()
    if backend != "neo4j":
        localserver.stop(settings)


def native(n: int, prefix: str = "Hardening", **extra) -> dict:
    return {"record": "paper", "title": f"{prefix} paper {n}", "year": 2000 + n % 20, **extra}


def write_jsonl(path, objects) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for obj in objects:
            out.write(json.dumps(obj) + "\n")


def paper_count(graph, prefix: str = "") -> int:
    return graph.run_text("MATCH (p:Paper) WHERE p.title STARTS WITH $prefix "
                          "RETURN count(p) AS n", {"prefix": prefix}).records[0]["n"]


def test_one_bad_record_in_a_later_batch_loses_nothing_else(own, tmp_path):
    """5,000 records in batches of 1,000, the bad one in the fourth batch: the batches
    before and after it, and the rest of its own, are loaded."""
    graph, run, _ = own
    path = tmp_path / "many.jsonl"
    bad = {"venue": {"a": 1}}
    write_jsonl(path, (native(n, "Many", **(bad if n == 3_501 else {}))
                       for n in range(1, 5_001)))
    result = run("load", str(path), "--rejects", str(tmp_path / "rejects.jsonl"),
                 "--batch-size", "1000")
    assert result.returncode == 3, result.stderr
    assert f"{path}:3501" in result.stderr
    assert "records read: 5,000  loaded: 4,999" in result.stdout
    assert paper_count(graph, "Many ") == 4_999
    rejected = [json.loads(line) for line in open(tmp_path / "rejects.jsonl")]
    assert [(r["line"], "venue" in r["reason"]) for r in rejected] == [(3_501, True)]


BADLY_TYPED = [
    {"venue": {"a": 1}},
    {"abstract": [{"x": 1}, {"y": 2}]},
    {"cited_by_count": 10**30},
    {"title": ["a", "list"]},
    {"year": 10**25},
]


def test_each_badly_typed_native_record_is_rejected_alone(own, tmp_path):
    """One load of five files, each with one badly typed record at line 7: each is named
    by its file, line and field, and every other record of its file is loaded."""
    graph, run, _ = own
    paths = []
    for bad in BADLY_TYPED:
        prefix = "Typed" + list(bad)[0]
        paths.append(tmp_path / f"typed-{list(bad)[0]}.jsonl")
        write_jsonl(paths[-1], (native(n, prefix, **(bad if n == 7 else {}))
                                for n in range(1, 31)))
    result = run("load", *map(str, paths))
    assert result.returncode == 3, result.stderr
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    assert len(rejected) == len(BADLY_TYPED), result.stderr
    for bad, path in zip(BADLY_TYPED, paths, strict=True):
        field = list(bad)[0]
        named = [line for line in rejected if f"{path}:" in line]
        assert len(named) == 1 and f"{path}:7:" in named[0] and field in named[0], rejected
        assert paper_count(graph, "Typed" + field + " ") == 29, field
    assert "rejected: 5" in result.stdout, result.stdout


def test_openalex_work_with_a_huge_count_is_rejected_alone(empty_graph, cli, tmp_path):
    """(The session server: OpenAlex ids are the same in every test.)"""
    works = [json.loads(line) for line in gzip.open(sorted(OPENALEX.glob("*.gz"))[0], "rt")][:40]
    works[7]["cited_by_count"] = 10**30
    path = tmp_path / "works.jsonl"
    write_jsonl(path, works)
    result = cli("load", str(path))
    assert result.returncode == 3, result.stderr
    assert f"{path}:8" in result.stderr and "64-bit" in result.stderr
    loaded = {r["id"] for r in empty_graph.run_text(
        "MATCH (p:Paper) WHERE p.stub = false RETURN p.id AS id").records}
    assert len(loaded) == 39 and works[7]["id"].rsplit("/", 1)[-1] not in loaded


def test_a_record_the_server_refuses_is_found_by_splitting(empty_graph, monkeypatch):
    """With the writer's own check off, the server's refusal itself is bisected:
    the one record it cannot take is rejected, every other one is written."""
    monkeypatch.setattr(writer_module, "record_problem", lambda record, **_: None)
    records = [PaperRecord(id=f"split{i}", source="test", title=f"Split {i}", year=2001,
                           file="f.jsonl", line=i) for i in range(1, 51)]
    records[36] = PaperRecord(id="split37", source="test", title="Split 37",
                              venue={"a": 1}, file="f.jsonl", line=37)  # type: ignore[arg-type]
    rejected = []
    stats = GraphWriter(empty_graph, batch_size=20).write(records, on_reject=rejected.append)
    assert [(r.file, r.line) for r in rejected] == [("f.jsonl", 37)]
    assert "the graph refused the record" in rejected[0].reason
    assert stats.loaded == 49 and paper_count(empty_graph) == 49


def test_28_mb_of_long_abstracts_loads_at_the_default_batch_size(own, tmp_path):
    graph, run, _ = own
    path = tmp_path / "abstracts.jsonl"
    words = "graph citation network community " * 70  # about 2.3 KB
    write_jsonl(path, (native(n, "Abstract", abstract=f"{n} {words}") for n in range(12_000)))
    assert path.stat().st_size > 28_000_000
    result = run("load", str(path))
    assert result.returncode == 0, result.stderr
    assert paper_count(graph, "Abstract ") == 12_000


def test_a_record_too_large_for_one_message_is_rejected_alone(own, tmp_path):
    graph, run, _ = own
    path = tmp_path / "large.jsonl"
    objects = [native(n, "Large") for n in range(30)]
    objects[10]["abstract"] = "x" * 20_000_000
    write_jsonl(path, objects)
    result = run("load", str(path))
    assert result.returncode == 3, result.stderr
    assert f"{path}:11" in result.stderr and "too large" in result.stderr
    assert paper_count(graph, "Large ") == 29


@pytest.mark.arcadedb_only(INPUT_ONLY)
def test_minified_json_arrays_load(empty_graph, cli, tmp_path):
    works = [json.loads(line) for line in gzip.open(sorted(OPENALEX.glob("*.gz"))[0], "rt")][:60]
    (tmp_path / "works.json").write_text(json.dumps(works))
    (tmp_path / "papers.json").write_text(json.dumps([native(n) for n in range(25)]))
    for name, kind in (("works.json", "openalex"), ("papers.json", "native")):
        result = cli("load", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert f"{kind}\n" in result.stderr
    full = empty_graph.run_text("MATCH (p:Paper) WHERE p.stub = false RETURN count(p) AS n")
    assert full.records[0]["n"] == 60 + 25


PEAK = """
import atexit, resource, sys
atexit.register(lambda: print("PEAK_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                              file=sys.stderr))
sys.argv = ["explorer", *sys.argv[1:]]
from explorer.cli.main import main
main()
"""


def peak_load(cli_env, *args) -> tuple[subprocess.CompletedProcess, int]:
    result = subprocess.run([sys.executable, "-c", PEAK, "load", *args],  # noqa: S603
                            env=cli_env, cwd=REPO, capture_output=True, text=True, timeout=300)
    peak = [int(line.split()[1]) for line in result.stderr.splitlines()
            if line.startswith("PEAK_KB")]
    return result, peak[0] * 1024


@pytest.mark.arcadedb_only(INPUT_ONLY)
def test_a_long_gzip_line_costs_no_more_memory_than_the_limit(empty_graph, server_settings,
                                                              tmp_path):
    env = server_environ(server_settings.home, server_settings.bolt_port)
    env["EXPLORER_MAX_RECORD_BYTES"] = str(2_000_000)
    path = tmp_path / "long.jsonl.gz"
    chunk = b"y" * (1 << 20)
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write((json.dumps(native(1)) + "\n").encode())
        out.write(b'{"record": "paper", "title": "long", "abstract": "')
        for _ in range(400):  # a 400 MB line
            out.write(chunk)
        out.write(b'"}\n')
        out.write((json.dumps(native(2)) + "\n").encode())
    small = tmp_path / "small.jsonl"
    write_jsonl(small, [native(3)])
    baseline, base_peak = peak_load(env, str(small))
    assert baseline.returncode == 0, baseline.stderr
    result, peak = peak_load(env, str(path))
    assert result.returncode == 3, result.stderr
    assert f"{path}:2" in result.stderr and "maximum record size" in result.stderr
    assert paper_count(empty_graph) == 3
    assert peak < base_peak + 60_000_000, (peak, base_peak)  # not 400 MB


@pytest.mark.arcadedb_only(INPUT_ONLY)
def test_a_huge_array_item_is_refused_in_bounded_memory(empty_graph, server_settings, tmp_path):
    env = server_environ(server_settings.home, server_settings.bolt_port)
    env["EXPLORER_MAX_RECORD_BYTES"] = str(2_000_000)
    path = tmp_path / "array.json"
    with open(path, "w") as out:
        out.write("[" + json.dumps(native(1)) + ', {"record": "paper", "abstract": "')
        out.write("z" * 100_000_000)
        out.write('"}]')
    small = tmp_path / "small.json"
    small.write_text(json.dumps([native(3)]))
    baseline, base_peak = peak_load(env, str(small))
    assert baseline.returncode == 0, baseline.stderr
    result, peak = peak_load(env, str(path))
    assert result.returncode == 3, result.stderr
    assert "array item 2 is larger than the maximum record size" in result.stderr
    assert paper_count(empty_graph) == 2
    assert peak < base_peak + 60_000_000, (peak, base_peak)  # not 100 MB


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.mark.arcadedb_only(INPUT_ONLY)
def test_a_directory_loads_every_usable_file_and_names_the_others(empty_graph, cli, tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [native(n) for n in range(10)])
    write_jsonl(folder / "c.jsonl", [native(n) for n in range(10, 15)])
    (folder / "b.png").write_bytes(png_bytes())
    (folder / "empty.jsonl").write_bytes(b"")
    result = cli("load", str(folder))
    assert result.returncode == 3, result.stderr
    assert f"{folder / 'b.png'}" in result.stderr and "PNG" in result.stderr
    assert f"{folder / 'empty.jsonl'}" in result.stderr and "empty" in result.stderr
    assert paper_count(empty_graph) == 15


def test_device_files_are_refused_by_name(cli):
    result = cli("load", "/dev/zero", timeout=60)
    assert result.returncode == 2
    assert "/dev/zero" in result.stderr and "not a regular file" in result.stderr
    assert "no such file" not in result.stderr
