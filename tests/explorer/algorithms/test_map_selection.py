"""explorer.algorithms.map_selection: which related papers a map shows, its links, its words."""

from __future__ import annotations

from explorer.algorithms.map_selection import evidence_text, rank_candidates, strongest_links


def test_first_hop_papers_come_before_any_second_hop_paper():
    first = {"s": [["a", 0.2], ["b", 0.1]]}
    second = {"a": [["c", 1.0]], "b": [["d", 1.0], ["a", 1.0]]}
    ranked = rank_candidates(["s"], first, second, limit=10)
    assert [pid for pid, _, _ in ranked] == ["a", "b", "c", "d"]
    assert [hop for _, _, hop in ranked] == [1, 1, 2, 2]
    # a second-hop paper is scored through the first-hop paper that reaches it
    assert dict((p, s) for p, s, _ in ranked)["c"] == 0.2


def test_seeds_are_never_candidates_and_several_seeds_add_up():
    first = {"s": [["t", 1.0], ["x", 0.5]], "t": [["s", 1.0], ["x", 0.5]]}
    ranked = rank_candidates(["s", "t"], first, limit=5)
    assert ranked == [("x", 1.0, 1)]


def test_a_deeper_map_stops_at_the_limit():
    first = {"s": [[f"p{i}", 1.0 - i / 100] for i in range(10)]}
    assert len(rank_candidates(["s"], first, limit=4)) == 4


def test_strongest_links_keep_one_link_a_pair_and_every_paper_linked():
    links = [("a", "b", 0.9), ("b", "a", 0.95), ("a", "c", 0.8), ("a", "d", 0.7),
             ("d", "e", 0.1), ("a", "a", 1.0)]
    kept = strongest_links(links, per_paper=1)
    pairs = {frozenset((a, b)) for a, b, _ in kept}
    assert len(pairs) == len(kept)  # one per pair
    assert ("b", "a", 0.95) in kept  # the stronger direction
    assert {"a", "b", "c", "d", "e"} == {n for a, b, _ in kept for n in (a, b)}
    assert not [link for link in kept if link[0] == link[1]]


def test_evidence_sentences_say_what_links_two_papers():
    words = evidence_text({"cocited": 2, "coupled": 1, "cites": 2, "shared": "knee"})
    assert words == ["cited together by 2 papers", "shares 1 reference",
                     "cites and is cited by it", "similar words: knee"]
    assert evidence_text({"cocited": 0, "coupled": 0, "cites": 0, "shared": ""}) == []


def test_strongest_links_order_strongest_first_ties_by_ids():
    import random

    rng = random.Random(3)
    names = [f"p{i}" for i in range(40)]
    links = [(rng.choice(names), rng.choice(names), rng.choice([0.1, 0.25, 0.5, 0.9]))
             for _ in range(600)]  # many ties, both directions, self-links
    best = {}
    for a, b, score in links:
        if a != b:
            key = tuple(sorted((a, b)))
            if key not in best or score > best[key][2]:
                best[key] = (a, b, float(score))
    ordered = sorted(best.values(), key=lambda link: (-link[2], link[0], link[1]))
    count, expected = {}, []
    for a, b, score in ordered:
        if count.get(a, 0) < 3 or count.get(b, 0) < 3:
            expected.append((a, b, score))
        count[a] = count.get(a, 0) + 1
        count[b] = count.get(b, 0) + 1
    assert strongest_links(links, per_paper=3) == expected


def test_strongest_links_keep_what_rides_after_the_score():
    links = [("a", "b", 0.9, {"cocited": 3}), ("b", "a", 0.95, {"cocited": 4}),
             ("a", "c", 0.2, {"coupled": 1})]
    assert strongest_links(links, per_paper=1) == [("b", "a", 0.95, {"cocited": 4}),
                                                   ("a", "c", 0.2, {"coupled": 1})]
