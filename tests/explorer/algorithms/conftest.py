"""The hand-built citation graph the signal, walk and ranking tests share."""

import networkx as nx
import pytest


@pytest.fixture
def citations():
    """S is the seed. S cites R1..R3; A cites R1, R2 (coupling 2); B cites R3;
    P1 and P2 cite S and C (co-cited twice), P2 also cites D; S cites E and
    F cites S (direct)."""
    return nx.DiGraph([
        ("S", "R1"), ("S", "R2"), ("S", "R3"), ("S", "E"),
        ("A", "R1"), ("A", "R2"), ("B", "R3"),
        ("P1", "S"), ("P1", "C"), ("P2", "S"), ("P2", "C"), ("P2", "D"),
        ("F", "S"),
    ])
