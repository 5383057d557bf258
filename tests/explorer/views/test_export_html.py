"""The offline HTML export of a hand-built view: landmark, escaping, provenance comment."""

from __future__ import annotations

from explorer.views.export_html import comment_text, to_html
from tests.explorer.views.export_samples import SCRIPT, hostile_view


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
