"""Web app fixtures: a small graph with hostile text, the app, a live server.

The data goes into the session's private graph server (created by this test
run, emptied here first); the live server runs the app with waitress's
sibling, werkzeug's ``make_server``, on a free 127.0.0.1 port in a thread.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from explorer.views import related_index
from loaders.native import parse_objects
from loaders.records import Author, Institution, PaperRecord, Topic
from loaders.writer import GraphWriter
from tests.conftest import is_own_server
from webui.app import create_app

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
# A browser test of a page that draws the JSON the app answers runs on the local server
# only: that JSON is checked on both backends (tests/webui/test_api.py, the views' tests),
# and what the browser does with it does not depend on the graph behind the app. The
# console's answers, drawn as the graph gives them, are drawn on both.
DRAWN_FROM_JSON = pytest.mark.arcadedb_only(
    "the page draws the JSON the app answers, which the API and view tests check on both "
    "backends; the console's answers, drawn as the graph gives them, are drawn on both")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
QUOTE = "\"'><b>x"
HOSTILE_ID = "doi:10.1234/xss-1"
MARKUP_TITLE = "Co-citation <i>analysis</i> revisited<sup>2</sup>"
DOTTED_ID = "arxiv:2001.00001"


def hostile_records() -> list[PaperRecord]:
    """A small citation graph whose texts try to inject script."""
    inst = Institution(id="inst:evil", name=f"{QUOTE} Institute {IMG}")
    evil = Author(id="orcid:0000-0002-1825-0097", name=f"Eve {IMG}", position=0,
                  institutions=(inst,))
    ada = Author(id="orcid:0000-0001-5109-3700", name="Ada Lovelace", position=1,
                 institutions=(inst,))
    topic = Topic(id="kw:hostile", name=f"{JS_URL} topic")
    papers = [
        PaperRecord(id=HOSTILE_ID, source="test", title=f"{SCRIPT} Hostile maps {IMG}",
                    year=2019, doi="10.1234/xss-1", venue=f"{QUOTE} Journal",
                    abstract=f"An abstract with {IMG} and {JS_URL} and {QUOTE}.",
                    cited_by_count=12, authors=(evil, ada), topics=(topic,), kind="article",
                    references=(DOTTED_ID, "W100", "W102")),
        PaperRecord(id=DOTTED_ID, source="test", title=f"Graph methods {QUOTE} for maps",
                    year=2015, authors=(ada,), topics=(topic,), kind="preprint",
                    references=("W100", "W101")),
        PaperRecord(id="W100", source="test", title=f"{QUOTE} quote-breaking classic {{brace}}",
                    year=2010, cited_by_count=400, kind="article", authors=(ada,)),
        PaperRecord(id="W101", source="test", title=MARKUP_TITLE,
                    year=2008, cited_by_count=90, kind="article"),
    ]
    for i in range(102, 112):
        refs = tuple(f"W{j}" for j in (100, 101, i - 1) if j != i and j >= 100)
        papers.append(PaperRecord(id=f"W{i}", source="test", title=f"Citation study {i}",
                                  year=2005 + i % 15, kind="article", references=refs,
                                  topics=(topic,) if i % 2 else ()))
    papers.append(PaperRecord(id="W120", source="test", title="Coupled paper sharing refs",
                              year=2020, kind="article", references=(DOTTED_ID, "W100", "W102")))
    return papers


def sample_records():
    path = REPO / "loaders" / "sample" / "seed-papers.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return parse_objects(((n, json.loads(t)) for n, t in enumerate(lines, 1) if t.strip()),
                         file=str(path))


@pytest.fixture(scope="module")
def loaded_graph(graph, server_settings):
    """The session graph emptied (it is this run's own server) and loaded, once per
    module: tests elsewhere empty the same server, whatever order they run in."""
    assert is_own_server(server_settings)
    graph.run_text("MATCH (n) DETACH DELETE n")
    writer = GraphWriter(graph)
    writer.write(sample_records())
    writer.write(hostile_records())
    related_index.build(graph)  # as every load through the product does
    return graph


@pytest.fixture(scope="module")
def app(loaded_graph):
    return create_app({"TESTING": True, "GRAPH": loaded_graph})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def live_server(app, loaded_graph):
    """The app served on a free loopback port for the browser tests, the console's
    own graph server started first, as ``explorer serve`` does at start."""
    loaded_graph.prepare_console()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
