"""Provenance of an export: the statements noted as they run, the rebuild command, the text."""

from __future__ import annotations

import shlex

from explorer.views.provenance import PRODUCT, RecordingGraph, as_text, command_line, provenance


class FakeGraph:
    """Answers every named read with rows; the export's data-source read with sources."""

    class backend:  # noqa: N801 - stands for a Backend object
        name = "fake"

    def __init__(self):
        self.asked = []

    def read(self, name, **params):
        self.asked.append(name)
        if name == "read/export_sources":
            return [{"source": "openalex", "papers": len(params["ids"])}]
        return [{"id": "W1"}]

    read_values = read

    def read_records(self, name, **params):
        return ["record"]


def test_recording_graph_notes_reads_with_plain_parameters():
    inner = FakeGraph()
    graph = RecordingGraph(inner)
    assert graph.read("read/a", ids=("W1", "W2"), depth=2) == [{"id": "W1"}]
    assert graph.read_values("read/b", nested={"k": (1,)}) == [{"id": "W1"}]
    assert graph.read_records("read/c") == ["record"]
    assert graph.statements == [{"name": "read/a", "params": {"ids": ["W1", "W2"], "depth": 2}},
                                {"name": "read/b", "params": {"nested": {"k": [1]}}},
                                {"name": "read/c", "params": {}}]
    assert graph.backend.name == "fake"  # everything else is the wrapped graph's


def test_command_line_rebuilds_the_options():
    command = shlex.split(command_line("W1", "bibtex", output="refs.bib", depth=1, limit=300,
                                       types=["Paper", "Person", "Topic", "Institution"],
                                       years=(None, 2020), keep_undated=True))
    assert command == ["explorer", "export", "W1", "--depth", "1", "--limit", "300",
                       "--years", ":2020", "--undated", "keep", "--resolution", "1.0",
                       "--seed", "42", "--format", "bibtex", "-o", "refs.bib"]


def test_provenance_record_and_its_text():
    inner = FakeGraph()
    graph = RecordingGraph(inner)
    graph.read("read/neighbours", ids=["W1"])
    view = {"center": "W1", "nodes": [{"id": "W1", "type": "Paper"}, {"id": "A1"}]}
    options = {"depth": 1, "limit": 10, "types": None, "years": None, "resolution": 1.0,
               "seed": 7}
    record = provenance(graph, view, "json", options=options, output="map.json")
    assert record["product"] == PRODUCT and record["backend"] == "fake"
    assert record["data_sources"] == [{"source": "openalex", "papers": 1}]
    assert record["statements"] == [{"name": "read/neighbours", "params": {"ids": ["W1"]}}]
    assert record["command"].endswith("--seed 7 --format json -o map.json")
    assert record["options"] == options and record["date"][:2] == "20"
    lines = as_text(record).splitlines()
    assert lines[1] == "Rebuild: " + record["command"]
    assert lines[2] == "Data sources: openalex (1 papers)"
    assert lines[3:] == ["Named statements (1, in the order they ran):",
                         '  read/neighbours {"ids": ["W1"]}']
