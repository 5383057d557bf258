"""explorer.views.export_html: page scripts inlined as modules, the palette on the page,
the main landmark, escaping and the provenance comment."""

from __future__ import annotations

import base64
import html
import json
import re

import pytest

from explorer.views import export_html
from explorer.views.export_html import comment_text, to_html
from explorer.views.palette import page_palette
from tests.explorer.views.export_samples import SCRIPT, hostile_view

VIEW = {"center": "W1", "depth": 1, "modularity": 0.1, "total_nodes": 1, "truncated": [],
        "communities": [{"id": 0, "label": "c0", "size": 1}], "query": {"name": "read/x"},
        "nodes": [{"id": "W1", "type": "Paper", "label": "W1", "community": 0, "x": 0, "y": 0}],
        "edges": []}


def _decoded(url: str) -> str:
    prefix = "data:text/javascript;base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url[len(prefix):]).decode("utf-8")


def test_the_export_entry_gets_each_import_from_the_import_map():
    static = export_html.WEBUI / "static"
    text, import_map = export_html.inline_modules(static, export_html.ENTRY_SCRIPT)
    source = (static / "export-map.js").read_text(encoding="utf-8")
    names = export_html.module_imports(source)
    # relative specifiers become bare ones: a notebook's srcdoc frame has no base URL
    assert text == source.replace('"./', '"rge/') and '"./' not in text
    imports = json.loads(import_map)["imports"]
    assert {f"rge/{name}" for name in names} <= set(imports)  # and what those import
    assert {"rge/palette.js", "rge/vis.js"} <= set(imports)
    for specifier, url in imports.items():
        assert _decoded(url) == (static / specifier[4:]).read_text(encoding="utf-8").replace(
            '"./', '"rge/')


def test_modules_imported_in_turn_are_served_too_and_a_script_end_is_refused(tmp_path):
    (tmp_path / "leaf.js").write_text("export var a = 1;\n", encoding="utf-8")
    (tmp_path / "middle.js").write_text('import * as leaf from "./leaf.js";\n', encoding="utf-8")
    (tmp_path / "entry.js").write_text('import * as m from "./middle.js";\n', encoding="utf-8")
    imports = json.loads(export_html.inline_modules(tmp_path, "entry.js")[1])["imports"]
    assert list(imports) == ["rge/middle.js", "rge/leaf.js"]
    assert _decoded(imports["rge/middle.js"]) == 'import * as leaf from "rge/leaf.js";\n'
    (tmp_path / "bad.js").write_text('import {a} from "./leaf.js";\nvar s = "</script>";\n',
                                     encoding="utf-8")
    with pytest.raises(ValueError, match="</script"):
        export_html.inline_modules(tmp_path, "bad.js")
    (tmp_path / "good.js").write_text('import {a} from "./leaf.js";\n', encoding="utf-8")
    assert list(json.loads(export_html.inline_modules(tmp_path, "good.js")[1])["imports"]) == \
        ["rge/leaf.js"]


def test_the_page_carries_the_palette_an_import_map_and_module_scripts():
    page = export_html.to_html(VIEW)
    found = re.search(r"<html[^>]*\sdata-palette='([^']*)'", page)
    assert found and json.loads(html.unescape(found.group(1))) == page_palette()
    assert page.count('<script type="importmap">') == 1
    assert page.index('<script type="importmap">') < page.index('<script type="module">')
    assert "window.RGE" not in page


def test_html_has_a_main_landmark_and_escaped_provenance():
    record = {"product": "Research Graph Explorer", "version": "0", "date": "d",
              "command": f"explorer export '{SCRIPT}' --format html", "data_sources": [],
              "statements": [{"name": "read/view_nodes", "params": {"ids": ["-->"]}}]}
    html = to_html(hostile_view(), record)
    head, page = html.split("<html", 1)
    assert "<main" in page and SCRIPT not in page
    assert head.count("-->") == 1 and "read/view_nodes" in head and "UNWIND $ids" in head


def test_comment_text_breaks_every_double_dash():
    assert comment_text("a--b") == "a- -b"
    assert "--" not in comment_text("---->--")
    assert comment_text("plain") == "plain"


def test_without_provenance_the_view_query_is_named():
    view = dict(hostile_view(), query={"name": "read/neighbours", "params": {"ids": ["x"]}})
    html = to_html(view)
    comment = html.split("<!--", 1)[1].split("-->", 1)[0]
    assert "read/neighbours" in comment and "Statement read/neighbours:" in comment
