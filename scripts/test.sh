#!/usr/bin/env bash
# The whole test suite on a fresh machine: install (including Debian's
# chromium for the browser tests), lint with ruff, type-check with mypy, run pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium (Debian)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# A JDK and Maven for the Neo4j test server (tests/neo4j-server/, jars from Maven Central)
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
    echo "installing a JDK and Maven (Debian)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless maven >/dev/null
fi
bash scripts/setup-venv.sh .venv-test test
# pandas for the notebook test's Jupyter kernel only (explorer/notebook.py's to_pandas),
# kept out of the test environment itself: the neo4j driver imports pandas whenever it
# can, which would add 0.3 s to each of the hundreds of CLI and server processes the
# suite starts, though the product's own install has no pandas
if [ ! -d .venv-test/notebook-pandas/pandas ]; then
    .venv-test/bin/python -m pip install -q --no-deps --target .venv-test/notebook-pandas \
        "pandas>=2,<3"
fi
# Node.js readers of the exports (graphology-gexf, citation-js) and axe-core
if ! command -v npm >/dev/null 2>&1; then
    echo "installing nodejs and npm (Debian)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
(cd tests/readers && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
export PATH="$PWD/.venv-test/bin:$PATH"
# three pytest processes share the cores: each scores its related-work indexes itself
# (tests/explorer/algorithms/test_relatedness.py forks scoring processes on purpose)
export EXPLORER_INDEX_WORKERS=1
# The suite starts about a hundred short-lived local graph servers and import processes,
# each an embedded Java runtime (arcadedb-embedded reads ARCADEDB_JVM_ARGS): with the
# quick compiler alone a start and a few queries cost about a third less CPU (4.6 s ->
# 2.9 s measured), and the whole suite ran 30 s faster on two cores
export ARCADEDB_JVM_ARGS="${ARCADEDB_JVM_ARGS:--XX:TieredStopAtLevel=1}"
# and with the classes they load kept loaded and linked in an AOT cache made by one
# training start (tests/jvm_cache.py; a quarter less CPU a start): made again when the
# installed arcadedb-embedded is newer; a runtime that cannot use it ignores it
aot_cache="$PWD/.venv-test/arcadedb-tests.aot"
arcadedb_pkg="$(python -c 'import arcadedb_embedded, os; print(os.path.dirname(arcadedb_embedded.__file__))')"
if [ ! -s "$aot_cache" ] || [ "$arcadedb_pkg" -nt "$aot_cache" ]; then
    rm -f "$aot_cache"
    python -m tests.jvm_cache "$aot_cache" >/dev/null 2>&1 \
        || echo "note: no AOT cache for the local servers' Java runtime (they start without)" >&2
fi
if [ -s "$aot_cache" ]; then
    export ARCADEDB_JVM_ARGS="$ARCADEDB_JVM_ARGS -XX:AOTCache=$aot_cache -Xlog:aot*=off,cds*=off"
fi
# the same for the Neo4j test server (tests/neo4j_server.py): on a hundred of the suite's
# tests on Neo4j it cost 120 CPU seconds against 147 (alone on the machine the full
# compiler finishes sooner on the idle core, but the suite keeps both cores busy)
export EXPLORER_TEST_JVM_ARGS="${EXPLORER_TEST_JVM_ARGS:--XX:TieredStopAtLevel=1}"
ruff check .
mypy
# Every graph-touching test runs on both backends: the local ArcadeDB server and
# Neo4j 5.26 with Graph Data Science (built and started by the suite from
# tests/neo4j-server/). With no arguments, three pytest processes run side by side
# (the suite spends much of its time waiting on servers, child processes and the
# browser): the whole suite on the local server, in two parts (the loaders, graph
# access with the local server's own tests, and the parsers' fuzz tests; everything
# else), and every graph-touching test again on Neo4j. The other two reports follow
# the first. Arguments (e.g. --backend arcadedb|neo4j|both, a path) run one pytest.
if [ "$#" -gt 0 ]; then
    exec python -m pytest "$@"
fi
SECOND_PART=(tests/loaders tests/cypher tests/fuzz)
neo4j_log="$(mktemp -t explorer-neo4j-tests.XXXXXX)"
second_log="$(mktemp -t explorer-local-tests.XXXXXX)"
python -m pytest -q -p no:cacheprovider --backend neo4j --graph-tests-only --durations=15 \
    >"$neo4j_log" 2>&1 &
neo4j_pid=$!
# the two local-server parts yield a little of the processor to the Neo4j part (nice 3),
# the part that runs longest: alone it takes about 440 s, beside them about 750 s, and
# for its last minutes it ran alone on one core while the other idled
nice -n 3 python -m pytest -q -p no:cacheprovider --backend arcadedb --durations=6 "${SECOND_PART[@]}" \
    >"$second_log" 2>&1 &
second_pid=$!
status=0
nice -n 3 python -m pytest --backend arcadedb --durations=12 \
    "${SECOND_PART[@]/#/--ignore=}" || status=$?
second_status=0
wait "$second_pid" || second_status=$?
echo
echo "==== the loaders', graph access and fuzz tests on the local server (exit $second_status) ===="
if [ "$second_status" -eq 0 ]; then tail -n 20 "$second_log"; else cat "$second_log"; fi
neo4j_status=0
wait "$neo4j_pid" || neo4j_status=$?
echo
echo "==== the graph-touching tests on Neo4j 5.26 + GDS (exit $neo4j_status) ===="
if [ "$neo4j_status" -eq 0 ]; then tail -n 30 "$neo4j_log"; else cat "$neo4j_log"; fi
rm -f "$neo4j_log" "$second_log"
[ "$status" -eq 0 ] && [ "$second_status" -eq 0 ] && [ "$neo4j_status" -eq 0 ]
