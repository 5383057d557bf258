"""HTML pages: status codes, escaping of hostile text, security headers."""

from __future__ import annotations

import html as html_text
import json
import re

import pytest

from explorer.views.palette import page_palette
from tests.webui.conftest import DOTTED_ID, HOSTILE_ID, IMG, QUOTE, SCRIPT

PAGES = ["/", "/search?q=hostile", f"/paper/{HOSTILE_ID}", f"/paper/{DOTTED_ID}", "/paper/W100",
         "/person/orcid:0000-0002-1825-0097", "/topic/kw:hostile", "/institution/inst:evil",
         "/cypher"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("path", PAGES)
def test_no_inline_scripts_and_no_hostile_markup(client, path):
    html = client.get(path).get_data(as_text=True)
    assert SCRIPT not in html and IMG not in html and QUOTE not in html
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith("src="), "inline script found"
    assert "cdn" not in html.lower()


def _palette(html: str) -> dict:
    found = re.search(r"<html[^>]*\sdata-palette='([^']*)'", html)
    assert found, "no data-palette on the root element"
    return json.loads(html_text.unescape(found.group(1)))


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_one_palette(client, path):
    assert _palette(client.get(path).get_data(as_text=True)) == page_palette()


def test_the_html_export_carries_the_pages_palette(client):
    page = _palette(client.get(f"/paper/{HOSTILE_ID}").get_data(as_text=True))
    export = _palette(client.get(f"/export/{HOSTILE_ID}.html").get_data(as_text=True))
    assert page == export == page_palette()


def test_paper_page_shows_hostile_title_as_text(client):
    html = client.get(f"/paper/{HOSTILE_ID}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Hostile maps" in html
    assert "&#34;&#39;&gt;&lt;b&gt;x Journal" in html
    assert 'href="https://doi.org/10.1234/xss-1"' in html
    assert "Ada Lovelace" in html and 'href="/person/orcid:0000-0001-5109-3700"' in html


def test_search_page_groups(client):
    html = client.get("/search?q=citation").get_data(as_text=True)
    assert 'id="group-paper"' in html and "Citation study" in html


def test_wrong_type_page_redirects(client):
    response = client.get(f"/person/{HOSTILE_ID}?depth=2")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/paper/{HOSTILE_ID}?depth=2")


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/paper/W424242424242")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Not found" in html and "Traceback" not in html


def test_vis_network_is_served_locally(client):
    response = client.get("/vendor/vis-network.min.js")
    assert response.status_code == 200 and len(response.data) > 100_000
    assert client.get("/vendor/../../etc/passwd").status_code == 404
    assert client.get("/vendor/other.js").status_code == 404


def test_graph_unavailable_is_503(server_settings, tmp_path):
    from cypher.access.localserver import manager as localserver
    from cypher.access.settings import Settings
    from webui.app import create_app

    # no server there: a home with no local server, or a Neo4j URI on a closed port
    gone = ({"uri": f"bolt://127.0.0.1:{localserver.free_port()}"} if server_settings.uri
            else {"home": tmp_path})
    settings = Settings(**{**server_settings.__dict__, **gone})
    app = create_app({"TESTING": True, "SETTINGS": settings, "GRAPH_AUTOSTART": False})
    client = app.test_client()
    response = client.get("/api/nodes/W100")
    assert response.status_code == 503
    assert "unavailable" in response.get_json()["error"]
    page = client.get("/paper/W100")
    assert page.status_code == 503 and "Traceback" not in page.get_data(as_text=True)
