"""The bulk files read back with Python's csv module against their header files:
quotes, line breaks, commas and colons in ids survive; arrays split on the chosen
delimiter give the elements back; a property with two types is split into groups;
the README and manifest name the command; a folder holding files is refused. (The
real importer reads them in tests/loaders/test_bulk.py.)"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from explorer.views import entity_leads
from loaders.bulk import BulkGraph
from loaders.bulk_csv import add_index_run, add_related, write_bulk
from loaders.records import Author, EntityRecord, PaperRecord, Topic


def _read(folder: Path, header: str, data: str, delimiter: str) -> list[dict]:
    """Rows of one group as {column name: typed value}, read with the csv module."""
    columns = next(csv.reader((folder / header).open(encoding="utf-8")))
    rows = []
    with (folder / data).open(encoding="utf-8", newline="") as handle:
        for cells in csv.reader(handle):
            row = {}
            for column, cell in zip(columns, cells, strict=True):
                name, _, kind = column.partition(":")
                if cell == "":
                    continue
                if kind == "long":
                    row[name] = int(cell)
                elif kind == "string[]":
                    row[name] = cell.split(delimiter)
                elif kind == "long[]":
                    row[name] = [int(part) for part in cell.split(delimiter)]
                elif kind == "boolean":
                    row[name] = cell == "true"
                elif kind == "double":
                    row[name] = float(cell)
                else:
                    row[name or kind] = cell
            rows.append(row)
    return rows


def _write(records, tmp_path: Path):
    graph = BulkGraph()
    graph.add(records)
    graph.finish()
    return write_bulk(graph, tmp_path / "bulk")


def test_awkward_values_read_back_as_they_went_in(tmp_path):
    title = 'He said "no", then\nleft\r\nagain \\" and \\'
    author = Author(id="A,1:x", name='O"Brien, Pat', position=0,
                    affiliations=("Dept; A | B", " spaced ", "x,y"))
    manifest = _write([PaperRecord(id="doi:10.1/a,b:c", source="s", title=title, year=2001,
                                   authors=(author,), references=('W"1', "ext:a,b"))],
                      tmp_path)
    folder = manifest.folder
    assert manifest.delimiter not in ";|" and manifest.multiline
    groups = {label: (h, d) for label, h, d in manifest.nodes}
    papers = {r["id"]: r for r in _read(folder, *groups["Paper"], manifest.delimiter)}
    assert papers["doi:10.1/a,b:c"]["title"] == title
    assert papers["doi:10.1/a,b:c"]["year"] == 2001
    assert papers['W"1'] == {"id": 'W"1', "stub": True, "sources": ["s"], "indegree": 1}
    assert sorted(papers["doi:10.1/a,b:c"]["ref_ids"]) == ['W"1', "ext:a,b"]
    authored = dict((k, (h, d)) for k, h, d in manifest.relationships)["AUTHORED"]
    [edge] = _read(folder, *authored, manifest.delimiter)
    assert edge["START_ID(Person)"] == "A,1:x" and edge["position"] == 0
    assert edge["affiliations"] == ["Dept; A | B", " spaced ", "x,y"]
    args = json.loads((folder / "manifest.json").read_text())["arguments"]
    assert args[:4] == ["database", "import", "full", "neo4j"]
    assert "--multiline-fields=true" in args and "--array-delimiter=U+001F" in args
    readme = (folder / "README.md").read_text()
    assert manifest.command() in readme and "explorer db init" in readme
    assert "explorer index" in readme


def test_plain_data_gets_the_plain_delimiter_and_no_multiline(tmp_path):
    manifest = _write([PaperRecord(id="W1", source="s", title="One", references=("W2",))],
                      tmp_path)
    assert manifest.delimiter == ";" and not manifest.multiline
    assert "--array-delimiter=U+003B" in manifest.arguments()
    assert manifest.relationship_counts == {"CITES": 1}


def test_a_cited_id_holding_the_plain_delimiter_moves_the_delimiter(tmp_path):
    """A paper's ``ref_ids`` are paper ids: one of them holding ``;`` (as SICI DOIs
    do) makes the files use another delimiter, and the list reads back whole."""
    cited = "doi:10.1002/(sici)1097-4636(199706)35:4<1::aid-jbm1>3.0.co;2-m"
    manifest = _write([PaperRecord(id="W1", source="s", title="One",
                                   references=(cited, "W2"))], tmp_path)
    assert manifest.delimiter != ";"
    groups = {label: (h, d) for label, h, d in manifest.nodes}
    papers = {r["id"]: r for r in _read(manifest.folder, *groups["Paper"],
                                          manifest.delimiter)}
    assert sorted(papers["W1"]["ref_ids"]) == sorted([cited, "W2"])


def test_a_topics_kept_people_and_their_paper_counts_read_back_typed(tmp_path):
    """A topic's ``lead_people_papers`` (whole numbers) is a ``long[]`` column."""
    topic = Topic("T1", "Cartilage", level=1, score=0.5)
    ada, bo = Author("A1", "Ada", position=0), Author("A2", "Bo", position=1)
    graph = BulkGraph()
    graph.add([PaperRecord(id=f"W{i}", source="s", title=f"Paper {i}", topics=(topic,),
                           authors=(ada, bo) if i else (ada,)) for i in range(3)])
    graph.finish()
    entity_leads.set_in_bulk(graph)
    manifest = write_bulk(graph, tmp_path / "bulk")
    [(header, data)] = [(h, d) for label, h, d in manifest.nodes if label == "Topic"]
    assert "lead_people_papers:long[]" in (manifest.folder / header).read_text()
    [row] = _read(manifest.folder, header, data, manifest.delimiter)
    assert row["lead_people"] == ["A1", "A2"] and row["lead_people_papers"] == [3, 2]


def test_a_property_with_two_types_is_split_into_groups(tmp_path):
    manifest = _write([EntityRecord("Topic", "T1", "s", props=(("level", 1),)),
                       EntityRecord("Topic", "T2", "s", props=(("level", "one"),))], tmp_path)
    topics = [(h, d) for label, h, d in manifest.nodes if label == "Topic"]
    assert len(topics) == 2
    values = {}
    for header, data in topics:
        for row in _read(manifest.folder, header, data, manifest.delimiter):
            values[row["id"]] = row["level"]
    assert values == {"T1": 1, "T2": "one"}


def test_related_links_and_their_run_are_added_with_every_string_quoted(tmp_path):
    manifest = _write([PaperRecord(id='a,"1"', source="s", title="One"),
                       PaperRecord(id="b:2", source="s", title="Two")], tmp_path)
    links = [[('a,"1"', "b:2", 1.5, 2, 0, 1, 0.25, "knee, cartilage")],
             [("b:2", 'a,"1"', 0.75, 0, 3, 0, 0.0, "")]]
    count = add_related(manifest, iter(links))
    add_index_run(manifest, {"id": "run-1", "links": count, "scope": "all", "seconds": 1.5})
    assert count == 2 and manifest.relationship_counts["RELATED"] == 2
    folder = manifest.folder
    assert _read(folder, "relationships/RELATED.header.csv", "relationships/RELATED.csv",
                 ";") == [
        {"START_ID(Paper)": 'a,"1"', "END_ID(Paper)": "b:2", "score": 1.5, "cocited": 2,
         "coupled": 0, "cites": 1, "text": 0.25, "shared": "knee, cartilage"},
        {"START_ID(Paper)": "b:2", "END_ID(Paper)": 'a,"1"', "score": 0.75, "cocited": 0,
         "coupled": 3, "cites": 0, "text": 0.0}]
    # an empty `shared` is written quoted: the importer stores "" (as Cypher does), not null
    assert (folder / "relationships" / "RELATED.csv").read_text().splitlines()[1].endswith(
        ',""')
    assert _read(folder, "nodes/IndexRun.header.csv", "nodes/IndexRun.csv", ";") == [
        {"id": "run-1", "links": 2, "scope": "all", "seconds": 1.5}]
    described = json.loads((folder / "manifest.json").read_text())
    assert described["relationships"]["RELATED"] == 2 and described["nodes"]["IndexRun"] == 1
    assert "index is in the files" in (folder / "README.md").read_text()


def test_a_folder_holding_files_is_refused(tmp_path):
    (tmp_path / "bulk").mkdir()
    (tmp_path / "bulk" / "x").write_text("x")
    with pytest.raises(InputError, match="new or empty"):
        _write([PaperRecord(id="W1", source="s")], tmp_path)


def test_explorer_load_bulk_writes_the_folder_and_exits_like_a_load(tmp_path):
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    works = tmp_path / "works.jsonl"
    works.write_text('{"record": "paper", "title": "Kept", "year": 2001}\n'
                     '{"record": "paper", "title": "Bad", "cited_by_count": "many"}\n',
                     encoding="utf-8")
    ris = repo.parent / "shared" / "data" / "ris-exports" / "asreview-demo-data" / "scopus.ris"
    run = [sys.executable, "-m", "explorer", "load", "--bulk", str(tmp_path / "out"),
           str(works), str(ris), "--rejects", str(tmp_path / "rejects.jsonl")]
    result = subprocess.run(run, capture_output=True, text=True, cwd=repo, timeout=120)  # noqa: S603
    assert result.returncode == 3, result.stderr
    assert f"rejected {works}:2" in result.stderr
    assert "neo4j-admin database import full neo4j" in result.stdout
    assert (tmp_path / "out" / "nodes" / "Paper.csv").exists()
    # the related-work index is in the files: its links and its run record
    assert "related-work index:" in result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["relationships"]["RELATED"] > 0 and manifest["nodes"]["IndexRun"] == 1
    assert any(a.startswith("--relationships=RELATED=") for a in manifest["arguments"])
    assert "explorer index" not in (tmp_path / "out" / "README.md").read_text()
    assert json.loads((tmp_path / "rejects.jsonl").read_text())["line"] == 2
    again = subprocess.run(run, capture_output=True, text=True, cwd=repo, timeout=120)  # noqa: S603
    assert again.returncode == 2 and "new or empty" in again.stderr
