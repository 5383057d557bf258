"""``explorer load``: format choices from the registry, unusable input refused in one
line (exit 2), and a zip archive of OpenAlex works loaded in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from explorer.cli.main import main
from loaders import formats
from tests.conftest import DATA

NELSON = DATA / "synergy-openalex-2023" / "Nelson_2002.zip"


def test_format_choices_are_the_registry():
    result = CliRunner().invoke(main, ["load", "--help"])
    assert result.exit_code == 0
    choices = "[" + "|".join(("auto", *formats.names())) + "]"
    assert choices in "".join(result.output.split())  # click may wrap the list


def test_an_unknown_format_name_is_refused_by_click():
    result = CliRunner().invoke(main, ["load", "x.json", "--format", "word"])
    assert result.exit_code == 2 and "'word' is not one of 'auto', 'csljson'" in result.output


@pytest.mark.parametrize("content, reason", [
    ("Dear reader,\n", "unknown input format: first line matches no known format"),
    (json.dumps({"DOI": "10.1000/x", "type": "book", "title": ["A book"]}),
     "unknown input format: a Crossref REST API work, which explorer load does not read"),
])
def test_input_of_no_known_format_is_one_line_and_exit_2(tmp_path, content, reason):
    path = tmp_path / "input.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["load", str(path)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: file not loaded: {reason}")


@pytest.mark.server
@pytest.mark.skipif(not NELSON.is_file(), reason=f"real data not found at {NELSON}")
def test_a_zip_archive_loads_in_place(empty_graph, cli, tmp_path):
    """SYNERGY's Nelson_2002.zip (15 JSON arrays of OpenAlex works, read in place): its
    366 works are loaded, each member named ``archive.zip!member``."""
    result = cli("load", str(NELSON), "--rejects", str(tmp_path / "rejects.jsonl"))
    assert result.returncode == 0, result.stderr
    assert f"{NELSON}!works_0_25.json: openalex" in result.stderr.splitlines()
    assert "loaded: 366 " in result.stdout and "rejected: 0" in result.stdout
    works = empty_graph.run_text("MATCH (p:Paper) WHERE p.stub = false RETURN count(p) AS n",
                                 read_only=True).records[0]["n"]
    assert works == 366
    assert not Path(tmp_path / "rejects.jsonl").read_text()
