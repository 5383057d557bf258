"""``explorer export`` as a user runs it: every registered format offered, files written."""

from __future__ import annotations

import json

import networkx as nx
from click.testing import CliRunner

from explorer.cli.main import main
from explorer.views import export_formats
from tests.webui.conftest import HOSTILE_ID


def test_help_and_choices_come_from_the_registry():
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    labels = [f.label for f in export_formats.formats()]
    assert ("Export the research map of NODE_ID as " + ", ".join(labels[:-1]) + " or "
            + labels[-1] + ", with the provenance that rebuilds it.") in text
    assert "[" + "|".join(export_formats.names()) + "]" in text
    for flag in ("--depth", "--limit", "--types", "--years", "--resolution", "--seed",
                 "--undated", "-o, --output", "--expand", "--add", "--hide", "--stubs",
                 "--colour", "--layout", "--size", "--labels", "--community"):
        assert flag in text


def test_an_unknown_format_is_refused_before_the_graph_is_opened(tmp_path):
    result = CliRunner().invoke(main, ["export", "W1", "--format", "pdf",
                                       "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "'pdf' is not one of 'html'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_export_json_and_graphml(run, tmp_path):
    out = tmp_path / "view.json"
    result = run("export", HOSTILE_ID, "--format", "json", "-o", str(out), "--depth", "2")
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["graph"]["center"] == HOSTILE_ID
    out = tmp_path / "view.graphml"
    result = run("export", HOSTILE_ID, "--format", "graphml", "-o", str(out),
                 "--types", "Paper", "--years", "2000:2020")
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(out)  # GraphML node ids are n0, n1, ...; the product id is data
    assert HOSTILE_ID in {data["node_id"] for _, data in graph.nodes(data=True)}


def test_export_bibtex_and_unknown_id(run, tmp_path):
    out = tmp_path / "refs.bib"
    assert run("export", HOSTILE_ID, "--format", "bibtex", "-o", str(out)).returncode == 0
    assert "doi = {10.1234/xss-1}" in out.read_text()  # keys are authorYEARword
    assert "@article{" in out.read_text()
    result = run("export", "W4040404040", "--format", "json", "-o", str(tmp_path / "x.json"))
    assert result.returncode == 2 and "W4040404040" in result.stderr


def test_bad_options_and_unwritable_output_exit_2(run, tmp_path):
    result = run("export", HOSTILE_ID, "--format", "json", "-o", str(tmp_path / "x.json"),
                 "--types", "Planet")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    result = run("export", HOSTILE_ID, "--format", "json",
                 "-o", str(tmp_path / "missing" / "x.json"))
    assert result.returncode == 2 and "cannot write" in result.stderr
