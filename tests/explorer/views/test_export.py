"""The export entry point: render, file names, and a real view exported through the CLI.

The real view is a Scopus RIS export loaded into the session's own server, read
back by rispy, pybtex and CSL-JSON and compared field by field with the graph.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pybtex.database
import pytest
import rispy

from cypher.access.errors import InputError
from explorer.views import export
from explorer.views.export_graph import to_json
from tests.explorer.views.export_samples import DETAILS, hostile_view

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "ris-exports"
SCOPUS = DATA / "asreview-demo-data" / "scopus.ris"


def joined(family: str, given: str) -> str:
    return " ".join(part for part in (given, family) if part)


def test_render_is_the_registered_writer():
    view = hostile_view()
    assert export.render(view, "json", None, {"command": "c"}) == to_json(
        view, {"command": "c"}).encode()
    assert export.render(view, "ris", DETAILS).startswith(b"TY  - JOUR\r\n")
    with pytest.raises(InputError, match="unknown export format 'pdf'"):
        export.render(view, "pdf")
    with pytest.raises(InputError, match="unknown export format 'pdf'"):
        export.view_with_provenance(object(), "W1", "pdf")  # refused before any read


def test_file_name_is_safe_and_carries_the_extension():
    assert export.file_name({"center": "W1"}, "csv") == "research-map-W1.zip"
    assert export.file_name({"center": "doi:10.1/x?y=<z>"}, "bibtex") == (
        "research-map-doi_10.1_x_y_z_.bib")
    assert export.file_name({}, "csljson") == "research-map-view.csl.json"
    assert len(export.file_name({"center": "x" * 500}, "html")) == len(
        "research-map-.html") + 80


def test_real_view_round_trips_field_by_field(empty_graph, cli, tmp_path):
    done = cli("load", str(SCOPUS))
    assert done.returncode == 0, done.stderr
    papers = [r["id"] for r in empty_graph.run_text(
        "MATCH (p:Paper) WHERE p.stub IS NULL OR NOT p.stub RETURN p.id AS id "
        "ORDER BY p.id").records]
    assert len(papers) == 6
    centre = papers[0]
    files = {}
    for fmt in ("ris", "bibtex", "csljson"):
        files[fmt] = tmp_path / f"view.{fmt}"
        done = cli("export", centre, "--depth", "2", "--format", fmt, "-o", str(files[fmt]))
        assert done.returncode == 0, done.stderr
    view, details, record = export.view_with_provenance(empty_graph, centre, "ris", depth=2)
    command = shlex.split(record["command"])
    assert command[command.index("-o") + 1] == "research-map.ris"  # the default file
    shown = {n["id"]: n for n in view["nodes"] if n["type"] == "Paper"}
    assert shown and all(details[p]["authors"] for p in shown)
    truth = {details[p]["doi"]: (shown[p]["title"], shown[p]["year"], details[p]["authors"])
             for p in shown}
    ris = {e["doi"]: e for e in rispy.loads(files["ris"].read_bytes().decode())}
    bib = {e.fields["doi"]: e for e in pybtex.database.parse_string(
        files["bibtex"].read_text(encoding="utf-8"), "bibtex").entries.values()}
    csl = {i["DOI"]: i for i in json.loads(files["csljson"].read_text(encoding="utf-8"))}
    assert set(ris) == set(bib) == set(csl) == set(truth)
    for doi, (title, year, authors) in truth.items():
        assert ris[doi]["title"] == bib[doi].fields["title"] == csl[doi]["title"] == title
        assert int(ris[doi]["year"]) == int(bib[doi].fields["year"]) == year
        assert csl[doi]["issued"]["date-parts"][0][0] == year
        assert [joined(*a.split(", ", 1)) if ", " in a else a
                for a in ris[doi]["authors"]] == authors
        assert [joined(" ".join(p.prelast_names + p.last_names),
                       " ".join(p.first_names + p.middle_names))
                for p in bib[doi].persons["author"]] == authors
        assert [joined(a.get("family", a.get("literal", "")), a.get("given", ""))
                for a in csl[doi]["author"]] == authors
    body, _, _ = export.export_view(empty_graph, centre, "csv", output="x.zip")
    assert body.startswith(b"PK")  # a zip
