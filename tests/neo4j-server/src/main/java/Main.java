/*
 * A Neo4j 5.26 Community server with the open Graph Data Science procedures,
 * for the test suite only.
 *
 *   java -cp "target/classes:target/lib/*" Main PORT [DATA_DIR]
 *
 * Bolt listens on 127.0.0.1:PORT with authentication on; the password of the
 * user neo4j is read from the environment variable NEO4J_TEST_PASSWORD, or
 * from the file named by NEO4J_TEST_PASSWORD_FILE. Data lives in DATA_DIR
 * (default: a new temporary folder, deleted at the end). When the server
 * accepts queries it prints one line "neo4j-test-server ready bolt://..."; it
 * stops cleanly on SIGTERM or when its standard input is closed. With
 * NEO4J_TEST_COPY_FROM set to a Neo4j home whose data/ folder holds a store
 * (e.g. one written by neo4j-admin database import), the server starts on a copy
 * of it (the bulk-load tests). NEO4J_TEST_PAGECACHE_MB sizes the page cache
 * (default 256 MB; the benchmarks on a million-paper store give it more).
 */

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

public final class Main {

    /** The GDS procedures and functions the product calls, those bench/index_gds.py
     *  compares the related-work index with, and a few to inspect. */
    private static final List<Class<?>> PROCEDURES = List.of(
            org.neo4j.gds.catalog.GraphProjectProc.class,
            org.neo4j.gds.catalog.GraphDropProc.class,
            org.neo4j.gds.catalog.GraphListProc.class,
            org.neo4j.gds.catalog.GraphExistsProc.class,
            org.neo4j.gds.leiden.LeidenWriteProc.class,
            org.neo4j.gds.leiden.LeidenStreamProc.class,
            org.neo4j.gds.louvain.LouvainWriteProc.class,
            org.neo4j.gds.louvain.LouvainStreamProc.class,
            org.neo4j.gds.similarity.filterednodesim.FilteredNodeSimilarityStreamProc.class,
            org.neo4j.gds.similarity.knn.KnnStreamProc.class,
            org.neo4j.gds.catalog.GraphFilterProc.class,
            org.neo4j.gds.embeddings.fastrp.FastRPMutateProc.class,
            org.neo4j.gds.VersionProc.class,
            org.neo4j.gds.SysInfoProc.class);
    private static final List<Class<?>> FUNCTIONS = List.of(
            org.neo4j.gds.functions.VersionFunc.class,
            org.neo4j.gds.catalog.GraphExistsFunc.class);
    /** gds.graph.project as an aggregation over Cypher rows (bench/index_gds.py). */
    private static final List<Class<?>> AGGREGATIONS = List.of(
            org.neo4j.gds.projection.CypherAggregation.class);

    private Main() {
    }

    private static long pageCacheBytes() {
        String megabytes = System.getenv("NEO4J_TEST_PAGECACHE_MB");
        long mb = megabytes == null || megabytes.isEmpty() ? 256L : Long.parseLong(megabytes);
        return mb * 1024 * 1024;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Main PORT [DATA_DIR]  (password in NEO4J_TEST_PASSWORD"
                    + " or the file NEO4J_TEST_PASSWORD_FILE)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String password = password();
        boolean temporary = args.length < 2;
        Path data = temporary ? Files.createTempDirectory("neo4j-test-server-")
                : Files.createDirectories(Path.of(args[1]));

        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(data)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .withConfig(HttpConnector.enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes())
                // The pool shared by all transactions (70 % of the heap by default) was
                // found full on a long test run with no transaction open: 0 = no pool cap,
                // so a long run is bounded by the heap alone.
                .withConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 0L)
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        String copyFrom = System.getenv("NEO4J_TEST_COPY_FROM");
        if (copyFrom != null && !copyFrom.isEmpty()) {
            builder = builder.copyFrom(Path.of(copyFrom));
        }
        for (Class<?> procedure : PROCEDURES) {
            builder = builder.withProcedure(procedure);
        }
        for (Class<?> function : FUNCTIONS) {
            builder = builder.withFunction(function);
        }
        for (Class<?> aggregation : AGGREGATIONS) {
            builder = builder.withAggregationFunction(aggregation);
        }
        Neo4j neo4j = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop(neo4j, data, temporary);
            stopped.countDown();
        }, "neo4j-test-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        GraphDatabaseService system = neo4j.databaseManagementService()
                .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        System.out.println("neo4j-test-server ready bolt://127.0.0.1:" + port + " data " + data);
        System.out.flush();

        // Standard input closed (the parent is gone) ends the server like SIGTERM.
        InputStream in = System.in;
        try {
            while (in.read() != -1) {
                // ignore anything written to us
            }
        } catch (IOException ignored) {
            // treat as closed
        }
        System.exit(0);
    }

    private static String password() throws IOException {
        String value = System.getenv("NEO4J_TEST_PASSWORD");
        String file = System.getenv("NEO4J_TEST_PASSWORD_FILE");
        if ((value == null || value.isEmpty()) && file != null && !file.isEmpty()) {
            value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        }
        if (value == null || value.length() < 8) {
            System.err.println("set NEO4J_TEST_PASSWORD (or NEO4J_TEST_PASSWORD_FILE) to a"
                    + " password of at least 8 characters");
            System.exit(2);
        }
        return value;
    }

    private static synchronized void stop(Neo4j neo4j, Path data, boolean temporary) {
        try {
            neo4j.close();
        } catch (RuntimeException exc) {
            System.err.println("neo4j-test-server: stopping failed: " + exc);
        }
        if (temporary) {
            try (Stream<Path> paths = Files.walk(data)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException exc) {
                System.err.println("neo4j-test-server: could not delete " + data + ": " + exc);
            }
        }
        System.err.println("neo4j-test-server stopped");
    }
}
