"""The console guard: the issue's runaway queries are refused before they run,
and whatever the guard accepts is bounded on the real server (hypothesis).

Refusals are checked through ``Graph.run_text(read_only=True)`` (the console's
path) against the session's server; the fuzz test builds path queries with
comments, strings and every bound syntax around a 12-hop chain, and every query
the guard lets through must return paths of at most EXPLORER_MAX_PATH_LENGTH hops.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j.exceptions import Neo4jError

from cypher.access.console_guard import GuardRefused, PathTooLong, check_query, tokenize
from cypher.access.graph import QueryError

pytestmark = pytest.mark.server

CHAIN = 12
RUNAWAYS = [
    "RETURN util.sleep(60000)",
    "CALL apoc.util.sleep(60000)",
    "RETURN size(reduce(s='', x IN range(1,300000) | s + 'xxxxxxxxxx'))",
    "RETURN size([x IN range(1,13000000) | [y IN range(1,10) | x*y]])",
    "// '\nMATCH p=(a:GuardChain)-[:NEXT*]->(b) RETURN count(p) //'",
    "MATCH p=(a:GuardChain)-[:NEXT*1..25 WHERE true]->(b) RETURN count(p)",
    "MATCH p=(a:GuardChain) ((x)-[:NEXT]->(y)){1,25} (b) RETURN count(p)",
    "MATCH p=(a:GuardChain) ((x)-[:NEXT]->(y))+ (b) RETURN count(p)",
    "MATCH p=(a:GuardChain) ((x)-[:NEXT]->(y))* (b) RETURN count(p)",
    "MATCH p=(a:GuardChain) ((x)-[:NEXT]->(y)){2,} (b) RETURN count(p)",
    "MATCH p=(a:GuardChain)-[:NEXT]->{1,9}(b) RETURN count(p)",
    "RETURN {a: `util`.`sleep`(60000)}",
    "RETURN range(1, $n)",
    "UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b UNWIND range(1, 1000) AS c "
    "RETURN count(*)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL apoc.cypher.run('MATCH (n) DETACH DELETE n', {})",
    "CALL dbms.security.createUser('x', 'y', false)",
    "MATCH p=(a:GuardChain)\u2010[:NEXT*]\u2010\u27e9(b) RETURN count(p)",
    "MATCH p=(a:GuardChain)\uff0d[:NEXT*..0x19]-(b) RETURN count(p)",
    "RETURN [p = (a:GuardChain)-[:NEXT*2..]->(b) | p]",
    "MATCH (a:GuardChain) WHERE EXISTS { (a)-[:NEXT*]->() } RETURN a",
    # range bounds the guard cannot read, nested or under reduce
    "RETURN size([x IN range(1, toInteger('2000000')) | "
    "[y IN range(1, toInteger('2000000')) | 1]])",
    "WITH 2000000 AS n RETURN size([x IN range(1, n) | [y IN range(1, n) | x]])",
    "MATCH (g:GuardChain) RETURN reduce(s = '', x IN range(0, g.i * 1000000) | s + 'x')",
]


@pytest.fixture(scope="module")
def chain(graph):
    """A 12-hop chain under its own label, removed afterwards."""
    graph.run_text("UNWIND range(0, $n) AS i CREATE (:GuardChain {i: i})", {"n": CHAIN})
    graph.run_text("MATCH (a:GuardChain), (b:GuardChain) WHERE b.i = a.i + 1 "
                   "CREATE (a)-[:NEXT]->(b)")
    graph.run_text("MERGE (p:Paper {id: 'guard:title'}) SET p.title = 'Original'")
    yield graph
    graph.run_text("MATCH (n:GuardChain) DETACH DELETE n")
    graph.run_text("MATCH (p:Paper {id: 'guard:title'}) DETACH DELETE p")


def title(graph) -> str:
    rows = graph.run_text("MATCH (p:Paper {id: 'guard:title'}) RETURN p.title AS t",
                          read_only=True)
    return rows.records[0]["t"]


@pytest.mark.parametrize("query", RUNAWAYS)
def test_runaway_queries_are_refused_before_they_run(chain, query):
    started = time.monotonic()
    with pytest.raises(QueryError) as info:
        chain.run_text(query, {"n": 10**9}, read_only=True, timeout=5)
    assert time.monotonic() - started < 3  # refused, not stopped at the limit
    assert "\n" not in str(info.value)


def test_do_when_that_sets_a_title_is_refused_and_changes_nothing(chain):
    before = title(chain)
    query = ("CALL do.when(true, 'MATCH (p:Paper {id:\"guard:title\"}) SET p.title=\"pwned\" "
             "RETURN p.title AS t', 'RETURN 1')")
    with pytest.raises(QueryError, match="do.when"):
        chain.run_text(query, read_only=True)
    for variant in ("CALL `do`.`when`(true, 'MATCH (p:Paper {id:\"guard:title\"}) "
                    "SET p.title=\"pwned\"', '')",
                    "CALL apoc.do.when(true, 'MATCH (p:Paper) SET p.title=\"pwned\"', '')"):
        with pytest.raises(QueryError):
            chain.run_text(variant, read_only=True)
    assert title(chain) == before == "Original"


@pytest.mark.parametrize("query", [
    "MATCH p=(a:GuardChain {i: 0})-[:NEXT*1..3]->(b) RETURN max(length(p)) AS n",
    pytest.param(
        "MATCH p=(a:GuardChain {i: 0})-[:NEXT*..2 WHERE true]->(b) RETURN max(length(p)) AS n",
        marks=pytest.mark.arcadedb_only("Neo4j 5 refuses WHERE inside a variable-length "
                                        "relationship (its bounded form is the QPP below)")),
    "MATCH p=(a:GuardChain {i: 0}) ((x)-[:NEXT]->(y)){1,2} (b) RETURN max(length(p)) AS n",
    "RETURN '[:NEXT*]' AS n // [:NEXT*] it's a comment",
    "UNWIND range(1, 100000) AS i RETURN count(i) AS n",
    "RETURN size(reduce(s = '', x IN range(1, 100) | s + 'x')) AS n",
    "MATCH (g:GuardChain) RETURN max(size(range(0, g.i))) AS n",
    "CALL db.labels() YIELD label RETURN count(label) AS n",
    "RETURN date('2020-01-02').year AS n",
    # schema listings, and command words used as names
    "SHOW INDEXES YIELD name RETURN count(name) AS n",
    "SHOW CONSTRAINTS YIELD name RETURN count(name) AS n",
    "MATCH (use:GuardChain {i: 0}) RETURN use.i + 1 AS n",
    "MATCH (show:GuardChain) WITH show.i AS terminate RETURN max(terminate) AS n",
])
def test_bounded_queries_still_run(chain, query):
    result = chain.run_text(query, read_only=True)
    assert result.records and result.records[0]["n"] is not None


ADMIN = [
    # Neo4j plans these as reads: the read-only check alone lets them run
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW TRANSACTIONS",
    "show transactions yield currentQuery, parameters",
    "SHOW SETTINGS YIELD name, value RETURN name, value",
    "RETURN 1; TERMINATE TRANSACTIONS 'x'",
    # administration, other databases, users
    "ALTER USER neo4j SET PASSWORD 'pwnedpwned' CHANGE NOT REQUIRED",
    "CREATE DATABASE evil", "CREATE OR REPLACE DATABASE neo4j", "DROP DATABASE neo4j",
    "STOP DATABASE neo4j", "GRANT ROLE admin TO reader", "CREATE USER evil SET PASSWORD 'x'",
    "SHOW USERS", "SHOW CURRENT USER", "SHOW DATABASES", "SHOW PRIVILEGES", "SHOW SERVERS",
    "USE system SHOW USERS", "USE neo4j MATCH (n) RETURN count(n)",
    "MATCH (n) CALL { USE system SHOW USERS YIELD user RETURN user } RETURN user",
    "DRYRUN ENABLE SERVER 'x'",
]


@pytest.mark.parametrize("query", ADMIN)
def test_administration_commands_are_refused_by_name(chain, query):
    before = chain.counts()
    with pytest.raises(QueryError, match="not allowed in the console"):
        chain.run_text(query, read_only=True)
    assert chain.counts() == before


def test_comments_and_strings_are_read_in_one_pass():
    texts = [t.text for t in tokenize("RETURN '//' // it's\n, `a b` /* ] */ *1..2")]
    assert texts == ["return", "'//'", ",", "a b", "*", "1", "..", "2"]
    with pytest.raises(PathTooLong):
        check_query("/* ' */ MATCH p=()-[*]->() RETURN p // '")
    with pytest.raises(GuardRefused, match="unterminated"):
        check_query("RETURN 'open")


NOISE = st.sampled_from(["", " ", "\n", "// it's '\n", "/* ' \" ` */", "/*//*/", "\t"])
BOUND = st.one_of(st.none(), st.integers(0, 5), st.integers(0, 30))


@st.composite
def path_queries(draw) -> str:
    low, high = draw(BOUND), draw(BOUND)
    lo = "" if low is None else str(low)
    hi = "" if high is None else str(high)
    shape = draw(st.sampled_from(["star", "range", "upto", "where", "qpp", "qpp+", "qpp*",
                                  "qrel", "qrel+", "exact"]))
    n = draw(NOISE)
    pattern = {
        "star": f"-[:NEXT{n}*{n}]->",
        "range": f"-[:NEXT*{lo}{n}..{n}{hi}]->",
        "upto": f"-[r:NEXT*..{hi}]->",
        "where": f"-[:NEXT*{lo}..{hi} WHERE{n}true]->",
        "exact": f"-[:NEXT*{lo}]->",
        "qpp": f" ((x){n}-[:NEXT]->(y)){{{lo},{hi}}} ",
        "qpp+": f" ((x)-[:NEXT]->{n}(y))+ ",
        "qpp*": f" ((x)-[:NEXT]->(y)){n}* ",
        "qrel": f"-[:NEXT]->{{{lo}{n},{hi}}}",
        "qrel+": f"-[:NEXT]->{n}+",
    }[shape]
    pattern = pattern.replace("-", draw(st.sampled_from(["-", "-", "\u2010", "\u2212"])))
    before, after = draw(NOISE), draw(NOISE)
    return (f"{before}MATCH p = (s:GuardChain {{i: 0}}){pattern}(e){after} "
            f"RETURN max(length(p)) AS n{draw(NOISE)}")


def test_whatever_the_guard_accepts_is_bounded_on_the_server(chain):
    limit = chain.settings.max_path_length
    ran: list[str] = []

    @settings(max_examples=100, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(query=path_queries())
    def accepted_queries_are_bounded(query: str) -> None:
        try:
            check_query(query, {}, limit)
        except GuardRefused:
            return
        try:
            result = chain.run_text(query, read_only=True, timeout=10)
        except (Neo4jError, QueryError):
            return  # the server's parser refused it: nothing ran
        ran.append(query)
        longest = result.records[0]["n"] if result.records else None
        assert longest is None or longest <= limit, query

    accepted_queries_are_bounded()
    assert len(ran) >= 5  # the fuzz reached the server, not only the guard
