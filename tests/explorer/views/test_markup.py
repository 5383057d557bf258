"""Markup inside titles: allow-listed formatting kept as pieces, every other tag dropped."""

from __future__ import annotations

from explorer.views.markup import plain, title_parts


def test_allow_listed_formatting_becomes_pieces():
    parts = title_parts("Tests for departure from normality: <i>b</i><sup>2</sup>")
    assert parts == [{"text": "Tests for departure from normality: ", "tags": []},
                     {"text": "b", "tags": ["i"]}, {"text": "2", "tags": ["sup"]}]


def test_nested_and_aliased_tags():
    parts = title_parts("<em>H<sub>2</sub>O</em> and <strong>CO</strong>")
    assert parts == [{"text": "H", "tags": ["i"]}, {"text": "2", "tags": ["i", "sub"]},
                     {"text": "O", "tags": ["i"]}, {"text": " and ", "tags": []},
                     {"text": "CO", "tags": ["b"]}]


def test_other_tags_are_dropped_and_never_survive_as_markup():
    hostile = '<script>alert(1)</script> Hostile <img src=x onerror=alert(1)> <a href="j">x</a>'
    parts = title_parts(hostile)
    assert all(p["tags"] == [] for p in parts)
    text = "".join(p["text"] for p in parts)
    assert "<" not in text and ">" not in text
    assert plain(hostile) == "alert(1) Hostile x"
    assert plain("<scp>Mesenchymal</scp> stem cells<mml:math><mml:mi>x</mml:mi></mml:math>") \
        == "Mesenchymal stem cellsx"


def test_entities_decode_and_a_lone_angle_bracket_is_text():
    assert plain("Cats &amp; dogs &lt;3") == "Cats & dogs <3"
    assert plain("p < 0.05 and q > 1") == "p < 0.05 and q > 1"
    assert title_parts("<i>unclosed") == [{"text": "unclosed", "tags": ["i"]}]
    assert title_parts("stray </b> close") == [{"text": "stray  close", "tags": []}]
    assert title_parts(None) == [] and plain("") == ""
