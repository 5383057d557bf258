"""The notebook API from a fresh Jupyter kernel: explorer_api.ipynb run with nbclient
against the session's own graph server, its map shown inline and drawn offline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import networkx as nx
import pytest
from nbclient import NotebookClient

from tests.conftest import server_environ

NOTEBOOK = Path(__file__).resolve().parent / "explorer_api.ipynb"
# pandas for the kernel alone (scripts/test.sh installs it there, outside the test
# environment, so that the suite's other processes start without it as a user's do)
KERNEL_PANDAS = Path(__file__).resolve().parents[2] / ".venv-test" / "notebook-pandas"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCRIPT = "<script>alert(1)</script>"
ITEMS = [  # three papers sharing a keyword, so the map of the first reaches the others
    {"id": "a", "type": "article-journal", "title": f"{SCRIPT} Notebook maps",
     "author": [{"family": "Lovelace", "given": "Ada"}], "issued": {"date-parts": [[2019]]},
     "DOI": "10.5555/nb.1", "keyword": "graphs, maps"},
    {"id": "b", "type": "chapter", "title": "Graphs in chapters", "DOI": "10.5555/nb.2",
     "author": [{"family": "Babbage", "given": "Charles"}], "issued": {"date-parts": [[2017]]},
     "keyword": "graphs"},
    {"id": "c", "type": "article", "title": "Maps as preprints", "DOI": "10.5555/nb.3",
     "issued": {"date-parts": [[2021]]}, "keyword": "maps"},
    {"id": "d", "type": "book"},
]


@pytest.fixture
def executed(empty_graph, server_settings, tmp_path, monkeypatch):
    files = tmp_path / "library.jsonl"
    files.write_text("\n".join(json.dumps(item) for item in ITEMS), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    environ = server_environ(server_settings.home, server_settings.bolt_port)
    for name in [n for n in os.environ if n.startswith("NEO4J_")]:
        monkeypatch.delenv(name)
    assert (KERNEL_PANDAS / "pandas").is_dir(), "scripts/test.sh installs the kernel's pandas"
    for name, value in {**environ, "PYTHONPATH": str(KERNEL_PANDAS),
                        "EXPLORER_NOTEBOOK_FILES": str(files),
                        "EXPLORER_NOTEBOOK_OUT": str(out)}.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return notebook, out


def test_notebook_runs_shows_the_map_and_its_exports_open(executed, browser):
    notebook, out = executed
    printed = json.loads(notebook.cells[-1].outputs[0]["text"])
    assert printed["summary"]["loaded"] == 3 and printed["summary"]["rejected"] == 1
    assert printed["nodes"] >= 4 and printed["edges"] >= 3  # paper, author, two topics
    assert "doi:10.5555/nb.2" in printed["suggested"] or "doi:10.5555/nb.3" in \
        printed["suggested"]
    graph = nx.read_graphml(out / "map.graphml")
    assert graph.number_of_nodes() == printed["nodes"]
    titles = {i["title"] for i in json.loads((out / "refs.json").read_text(encoding="utf-8"))}
    assert f"{SCRIPT} Notebook maps" in titles
    assert "@article{lovelace2019script," in (out / "refs.bib").read_text(encoding="utf-8")
    # the map is shown inline and draws offline
    shown = notebook.cells[3].outputs[0]["data"]
    assert shown["text/plain"].startswith("<ResearchMap doi:10.5555/nb.1:")
    frame = shown["text/html"]
    assert frame.startswith("<iframe ") and 'sandbox="allow-scripts"' in frame
    assert SCRIPT not in frame and "https://" not in frame.split("srcdoc", 1)[0]
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(f"<!DOCTYPE html><html lang='en'><body>{frame}</body></html>")
    inner = page.frames[1]
    inner.wait_for_function("window.__mapStats && window.__mapStats.drawn", timeout=60_000)
    stats = inner.evaluate("window.__mapStats")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "notebook-map.png"))
    page.close()
    assert stats["nodes"] == printed["nodes"] and not dialogs
    assert [u for u in requests if u.startswith("http")] == []
