"""The plan of a load and its dispatch: formats named or detected, files refused by
name, BibTeX read whole across files within its size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import pipeline
from loaders.records import PaperRecord, Rejection
from tests.conftest import REPO


def test_a_bibtex_file_over_the_whole_file_limit_is_refused_by_name(tmp_path, monkeypatch):
    """BibTeX is read whole, so its size is bounded: a file over
    EXPLORER_MAX_BIBTEX_BYTES is named and refused, the other file of the load is read."""
    entry = "@article{{key{0}, title = {{Paper number {0}}}, year = {{2001}}}}\n"
    (tmp_path / "small.bib").write_text(entry.format(1), encoding="utf-8")
    (tmp_path / "large.bib").write_text("".join(entry.format(i) for i in range(2, 400)),
                                        encoding="utf-8")
    monkeypatch.setenv("EXPLORER_MAX_BIBTEX_BYTES", "4096")
    items = list(pipeline.iter_records(pipeline.plan([str(tmp_path)])))
    papers = [i for i in items if isinstance(i, PaperRecord)]
    refused = [i for i in items if isinstance(i, Rejection)]
    assert [p.title for p in papers] == ["Paper number 1"]
    assert len(refused) == 1 and refused[0].file.endswith("large.bib")
    assert "EXPLORER_MAX_BIBTEX_BYTES" in refused[0].reason and "4,096" in refused[0].reason
    monkeypatch.setenv("EXPLORER_MAX_BIBTEX_BYTES", str(1024 * 1024))
    items = list(pipeline.iter_records(pipeline.plan([str(tmp_path)])))
    assert len([i for i in items if isinstance(i, PaperRecord)]) == 399


def test_format_choices_come_from_the_registry():
    from loaders import formats

    assert pipeline.choices() == ("auto", *formats.names())


@pytest.mark.parametrize("call", [pipeline.plan, pipeline.plan_usable])
def test_an_unknown_format_name_is_an_input_error(tmp_path, call):
    from cypher.access.errors import InputError

    (tmp_path / "a.ris").write_text("TY  - JOUR\nTI  - T\nER  - \n")
    with pytest.raises(InputError, match="unknown format 'word'; choose one of auto, "):
        call([str(tmp_path / "a.ris")], "word")


def test_missing_paths_and_empty_folders_are_input_errors(tmp_path):
    from cypher.access.errors import InputError

    with pytest.raises(InputError, match="missing.ris: no such file or directory"):
        pipeline.plan([str(tmp_path / "missing.ris")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no input files in"):
        pipeline.plan([str(tmp_path / "empty")])


def test_unusable_files_are_refused_by_name_and_the_others_planned(tmp_path):
    (tmp_path / "a.ris").write_text("TY  - JOUR\nTI  - T\nER  - \n")
    (tmp_path / "b.txt").write_text("Dear reader,\n")
    (tmp_path / "c.bin").write_bytes(b"%PDF-1.4\n")
    usable, refused = pipeline.plan_usable([str(tmp_path)])
    assert usable == [(tmp_path / "a.ris", "ris")]
    assert [(Path(r.file).name, r.fatal) for r in refused] == [("b.txt", True), ("c.bin", True)]
    assert refused[0].reason.startswith("file not loaded: unknown input format: first line")
    assert refused[1].reason == ("file not loaded: unknown input format: binary file "
                                 "(a PDF document), not a text format")


def test_each_kind_of_format_is_fed_its_way(tmp_path):
    """Edge lists get the id prefix, JSON formats their records, BibTeX every .bib file
    at once at the place of the first."""
    (tmp_path / "1.tsv").write_text("1\t2\n2\t3\n")
    (tmp_path / "2.bib").write_text("@string{j = {Journal}}\n")
    (tmp_path / "3.jsonl").write_text('{"record": "paper", "title": "Native"}\n')
    (tmp_path / "4.bib").write_text("@article{k, title = {From bib}, journal = j, year = 2001}\n")
    planned = pipeline.plan([str(tmp_path)])
    assert [f for _, f in planned] == ["edges", "bibtex", "native", "bibtex"]
    items = list(pipeline.iter_records(planned, id_prefix="x:"))
    assert [(type(i).__name__, getattr(i, "citing", None) or getattr(i, "title", None))
            for i in items] == [("CitationRecord", "x:1"), ("CitationRecord", "x:2"),
                                ("PaperRecord", "From bib"), ("PaperRecord", "Native")]
    assert items[2].venue == "Journal" and items[2].file == str(tmp_path / "4.bib")


def test_a_named_format_is_used_without_detection(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("a\tb\n")
    assert pipeline.plan([str(path)], "edges") == [(path, "edges")]
    usable, refused = pipeline.plan_usable([str(path), "/dev/null"], "edges")
    assert usable == [(path, "edges")] and "not a regular file" in refused[0].reason


def test_count_lines_for_progress(tmp_path):
    path = tmp_path / "e.tsv"
    path.write_text("1\t2\n2\t3\n3\t4\n")
    assert pipeline.count_lines(path) == 3
    assert pipeline.count_lines(tmp_path / "missing") is None


def _native_lines(count: int, start: int = 0) -> bytes:
    import json

    return "".join(json.dumps({"record": "paper", "title": f"Paper {n:05d} {n * 7919 % 10007}"})
                   + "\n" for n in range(start, start + count)).encode()


@pytest.mark.parametrize("kind", ["gzip", "bzip2"])
@pytest.mark.parametrize("fmt", ["auto", "native"])
def test_a_damaged_compressed_file_keeps_its_records_before_the_damage(tmp_path, kind, fmt):
    import bz2
    import gzip

    data = _native_lines(30_000)
    packed = (gzip.compress(data) if kind == "gzip"
              else bz2.compress(data, compresslevel=1))  # 100 kB blocks: several
    path = tmp_path / "cut.jsonl.x"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    items = list(pipeline.iter_records(pipeline.plan([str(path)], fmt)))
    *papers, damage = items
    assert papers and all(isinstance(p, PaperRecord) for p in papers)
    assert [p.line for p in papers] == list(range(1, len(papers) + 1)) and len(papers) < 30_000
    assert damage.fatal and damage.file == str(path) and damage.line == len(papers) + 1
    assert damage.reason.startswith(
        f"damaged {kind} data after line {len(papers)} ({len(papers):,} records read before "
        "the damage are kept): ")
    assert "empty" not in damage.reason


def test_a_damaged_array_names_its_items_read_before_the_damage(tmp_path):
    import gzip
    import json

    doc = [{"record": "paper", "title": f"Paper {n} {n * 7919 % 10007}"} for n in range(20_000)]
    packed = gzip.compress(json.dumps(doc, indent=1).encode())
    path = tmp_path / "cut.json.gz"
    path.write_bytes(packed[: len(packed) // 2])
    *papers, damage = list(pipeline.iter_records(pipeline.plan([str(path)])))
    assert damage.reason.startswith(f"damaged gzip data after array item {len(papers)} "
                                    f"({len(papers):,} records read before the damage")
    assert papers[5].line == 2 + 5 * 4  # pretty-printed: each item at its own line


def test_a_zip_member_damaged_at_its_start_is_rejected_alone_even_with_a_format(tmp_path):
    import zipfile

    path = tmp_path / "inputs.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.jsonl", _native_lines(2000))
        archive.writestr("b.jsonl", _native_lines(5, start=5000))
    data = bytearray(path.read_bytes())
    start = data.index(b"a.jsonl") + len(b"a.jsonl")
    data[start + 10:start + 60] = bytes(50)  # the start of a.jsonl's deflate data
    path.write_bytes(bytes(data))
    for fmt in ("auto", "native"):
        usable, refused = pipeline.plan_usable([str(path)], fmt)
        items = [*refused, *pipeline.iter_records(usable)]
        papers = [i for i in items if isinstance(i, PaperRecord)]
        (damage,) = [i for i in items if isinstance(i, Rejection)]
        assert len(papers) == 5 and damage.file == f"{path}!a.jsonl" and damage.fatal
        assert "damaged zip member data before its first line" in damage.reason


def test_a_pretty_printed_page_names_each_item_by_its_own_line(tmp_path):
    import json

    works = [{"id": f"https://openalex.org/W{n}", "title": f"Work {n}",
              "publication_year": 2001} for n in range(1, 5)]
    works[2]["cited_by_count"] = "many"
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"meta": {"count": 4}, "results": works}, indent=2))
    items = list(pipeline.iter_records(pipeline.plan([str(path)])))
    lines = path.read_text().split("\n")
    starts = [n for n, line in enumerate(lines, 1) if line == "    {"]
    assert [i.line for i in items] == starts and len(starts) == 4
    (bad,) = [i for i in items if isinstance(i, Rejection)]
    assert bad.key == "results[2]" and bad.line == starts[2] != 1


DEMO = Path(__file__).resolve().parents[2] / "loaders" / "sample" / "jeyaraman-2020-works.jsonl.gz"


def test_records_read_ahead_in_another_process_are_the_same_in_the_same_order(tmp_path):
    """read_ahead: the records (and a bad line's rejection, by file and line) as read
    here, from a process of its own."""
    (tmp_path / "bad.jsonl").write_text('{"id": "https://openalex.org/W1", "title": "One"}\n'
                                        '{"id": \n', encoding="utf-8")
    planned = pipeline.plan([str(DEMO), str(tmp_path / "bad.jsonl")], "openalex")
    here = list(pipeline.iter_records(planned))
    there = list(pipeline.read_ahead(lambda: pipeline.iter_records(planned), batch=100))
    assert there == here and len(here) > 1_000
    assert any(isinstance(r, Rejection) and r.line == 2 for r in there)


def _reader(pid: int):
    import os

    yield os.getpid() != pid  # read in another process
    yield "second"
    raise OSError("the disk went away")


def test_an_error_while_reading_ahead_is_raised_here_after_what_came_before():
    import os

    seen, here = [], os.getpid()
    with pytest.raises(OSError, match="the disk went away"):
        for item in pipeline.read_ahead(lambda: _reader(here), batch=1):
            seen.append(item)
    assert seen == [True, "second"]


def test_stopping_early_ends_the_reading_process():
    import multiprocessing

    endless = pipeline.read_ahead(lambda: iter(int, 1), batch=10)  # zeros without end
    assert [next(endless) for _ in range(25)] == [0] * 25
    endless.close()
    assert not multiprocessing.active_children()


def _stamped(count: int):
    """Items of 64 kB each, with the moment each was read."""
    import time

    for _ in range(count):
        yield time.monotonic(), b"x" * 65_536


def test_the_reading_process_reads_on_while_this_one_is_busy():
    """A batch larger than the pipe holds does not stop the reading: while this process
    is busy with the first item, the reader has read several batches more."""
    import time

    items = pipeline.read_ahead(lambda: _stamped(24), batch=4)  # 256 kB a batch
    next(items)
    time.sleep(1.0)
    asked = time.monotonic()
    rest = [stamp for stamp, _ in items]
    assert len(rest) == 23
    assert rest[4 * 4 - 1] < asked  # the fifth batch was read before it was asked for


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


def _failing_unpicklably():
    yield "first"
    raise _Unpicklable("the parser broke  on\nline 7")


def test_an_error_that_cannot_be_sent_arrives_as_its_message():
    seen = []
    with pytest.raises(RuntimeError, match="the parser broke on line 7"):
        for item in pipeline.read_ahead(_failing_unpicklably, batch=1):
            seen.append(item)
    assert seen == ["first"]


def _unpicklable_items():
    yield "first"
    yield lambda: None  # a record no pipe can carry


def test_an_item_that_cannot_be_sent_ends_the_reading_with_a_clear_error():
    seen = []
    with pytest.raises(RuntimeError, match="pickle|lambda"):
        for item in pipeline.read_ahead(_unpicklable_items, batch=1):
            seen.append(item)
    assert seen == ["first"]


KILLED_PARENT = """
import multiprocessing, sys, time
from loaders import pipeline
items = pipeline.read_ahead(lambda: iter(lambda: b"x" * 65_536, None), batch=4)
next(items)
print(multiprocessing.active_children()[0].pid, flush=True)
time.sleep(600)
"""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_reader_whose_parent_is_killed_ends_too(tmp_path):
    """A load killed outright (SIGKILL) leaves no reading process behind, blocked on a
    pipe no one reads."""
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen([sys.executable, "-c", KILLED_PARENT], cwd=REPO,  # noqa: S603
                              stdout=subprocess.PIPE, text=True)
    try:
        reader = int(parent.stdout.readline())
        time.sleep(0.5)  # the reader fills what it may hold, then waits to send
        assert not _ended(reader)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 20
        while not _ended(reader) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _ended(reader)
    finally:
        parent.kill()
        parent.wait(10)
