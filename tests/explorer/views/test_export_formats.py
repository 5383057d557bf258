"""The registry of export formats: every format renders, is named once, and is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from explorer.views import export_formats
from explorer.views.export_formats import ExportFormat, register
from tests.explorer.views.export_samples import DETAILS, hostile_view

README = Path(__file__).resolve().parents[3] / "README.md"
PROVENANCE = {"product": "Research Graph Explorer", "version": "0", "date": "2020-01-01",
              "command": "explorer export x", "data_sources": [], "statements": []}


@pytest.mark.parametrize("fmt", export_formats.formats(), ids=lambda f: f.name)
def test_every_format_renders_a_small_view(fmt):
    body = fmt.render(hostile_view(), DETAILS, PROVENANCE)
    assert isinstance(body, bytes) and len(body) > 100
    assert fmt.media_type and fmt.label and fmt.extension
    assert fmt.file_name("map") == f"map.{fmt.extension}"
    if fmt.bibliographic:  # records only: the papers' DOIs, not the provenance
        assert b"10.1002/mcda.70036" in body and b"explorer export x" not in body
    elif fmt.name != "csv":  # the zip is compressed
        assert b"explorer export x" in body


def test_names_are_unique_and_in_menu_order():
    assert export_formats.names() == ("html", "graphml", "gexf", "json", "csv", "bibtex",
                                      "ris", "csljson")
    assert [f.name for f in export_formats.formats()] == list(export_formats.names())
    assert [f.name for f in export_formats.formats() if f.bibliographic] == [
        "bibtex", "ris", "csljson"]


def test_get_and_for_extension():
    assert export_formats.get("csv").extension == "zip"
    assert export_formats.get("html").media_type == "text/html; charset=utf-8"
    with pytest.raises(InputError, match="unknown export format 'exe'; choose from html, "):
        export_formats.get("exe")
    assert export_formats.for_extension("zip").name == "csv"
    assert export_formats.for_extension("json").name == "json"  # csljson's is csl.json
    assert export_formats.for_extension("csl.json").name == "csljson"
    assert export_formats.for_extension("txt") is None


def test_register_refuses_a_second_name_and_unsafe_names():
    html = export_formats.get("html")
    with pytest.raises(ValueError, match="twice"):
        register(html)
    for name, extension in (("Bad Name", "x"), ("x/y", "x"), ("fine", ".dot"), ("fine", "a/b")):
        with pytest.raises(ValueError, match="plain lower-case"):
            register(ExportFormat(name, "X", extension, "text/plain", html.write))
    with pytest.raises(ValueError, match="media type"):
        register(ExportFormat("fine", "X", "x", "", html.write))
    assert "fine" not in export_formats.names()


def test_readme_documents_every_format_in_its_table():
    text = README.read_text(encoding="utf-8")
    table = text.split("| format | what it is |", 1)[1].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert documented == list(export_formats.names())
    listed = re.search(r"--format html -o map\.html +# ([\w|]+)", text).group(1)
    assert listed.split("|") == list(export_formats.names())
