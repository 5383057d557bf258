"""The console's time limit: the graph layer's timeout reaches the user by name."""

from __future__ import annotations

from cypher.access.graph import QueryTimeout
from webui.app import create_app


class TimingOutGraph:
    """Stands in for a graph whose server stopped the query at its time limit
    (the real stop is tested in tests/explorer against the real server)."""

    def run_text(self, *args, **kwargs):
        raise QueryTimeout("the query was stopped at the time limit of 1 s "
                           "(setting EXPLORER_QUERY_TIMEOUT)")


def test_timeout_message_names_the_setting():
    app = create_app({"TESTING": True, "GRAPH": TimingOutGraph(), "QUERY_TIMEOUT": 1.0})
    response = app.test_client().post("/api/cypher", json={"query": "MATCH p=()-[*]->() "
                                                                     "RETURN count(p)"})
    assert response.status_code == 400
    assert "EXPLORER_QUERY_TIMEOUT" in response.get_json()["error"]
