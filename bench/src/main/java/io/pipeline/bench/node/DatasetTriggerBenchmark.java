package io.pipeline.bench.node;

import io.pipeline.calendar.Calendars;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * From a dataset event to the consumer's run created and its first task running, on the shipped jar with default
 * settings (its embedded PostgreSQL), driven through the REST API. The example DAGs: {@code example_dataset_producer}
 * (manual; its task's success records the event of {@code example://prices/eod} for a session) and
 * {@code example_dataset_consumer} (one run per session of that dataset). Two paths, one event at a time, each
 * waited for until the consumer's run succeeded before the next:
 * <ul>
 *   <li>producer: the producer triggered for a session (its success commits the event), as the shipped loads do;</li>
 *   <li>external: {@code POST /api/v1/datasets/events} for a session, as a vendor system would report a file.</li>
 * </ul>
 * The figures are the node's own database timestamps: {@code dataset_event.created_at} to the consumer's
 * {@code dag_run.created_at} and to its first task instance's {@code start_date}. Warm-up events first (not counted).
 * Prints key=value: {@code dataset_trigger_p50_ms|p99_ms} (producer path, event to first task running),
 * {@code dataset_trigger_run_created_p50_ms|p99_ms}, {@code dataset_trigger_external_p50_ms|p99_ms}.
 */
public final class DatasetTriggerBenchmark {

    static final String URI = "example://prices/eod";
    static final String PRODUCER = "example_dataset_producer";
    static final String CONSUMER = "example_dataset_consumer";

    private DatasetTriggerBenchmark() {
    }

    record Sample(LocalDate key, double runCreatedMs, double firstTaskMs) {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target/pipeline.jar"));
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/datasets"));
        int events = Integer.getInteger("bench.datasets.events", 200);
        int warmup = Integer.getInteger("bench.datasets.warmup", 30);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        NodeBenchmark.deleteRecursively(dir);
        Files.createDirectories(dir);
        int port = NodeBenchmark.freePort();
        // Sessions far from today's, so that nothing else of the node touches them: 2*(warmup + events) of them.
        List<LocalDate> sessions = Calendars.get("XNYS").sessionsInRange(LocalDate.of(2015, 1, 2),
                LocalDate.of(2024, 12, 31));
        if (sessions.size() < 2 * (warmup + events)) {
            throw new IllegalArgumentException("at most " + sessions.size() / 2 + " events and warm-ups in all");
        }
        try (NodeProcess node = NodeProcess.start(jar, dir, port, NodeBenchmark.PASSWORD, List.of())) {
            Api api = new Api(port, "admin", NodeBenchmark.PASSWORD);
            api.awaitHealthy(Duration.ofMinutes(3), node);
            api.awaitDag(PRODUCER, Duration.ofMinutes(1));
            api.awaitDag(CONSUMER, Duration.ofMinutes(1));
            String url = "jdbc:postgresql://localhost:" + Files.readString(dir.resolve("data/postgres.port")).strip()
                    + "/pipeline";
            try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
                int next = 0;
                Consumer<LocalDate> produce = key -> api.triggerAt(PRODUCER, "bench_" + key,
                        key + "T21:00:00Z");
                Consumer<LocalDate> report = key -> api.datasetEvent(URI, key.toString());
                run(db, sessions.subList(next, next += warmup), produce);
                List<Sample> produced = run(db, sessions.subList(next, next += events), produce);
                run(db, sessions.subList(next, next += warmup), report);
                List<Sample> reported = run(db, sessions.subList(next, next += events), report);

                List<Double> first = produced.stream().map(Sample::firstTaskMs).toList();
                List<Double> created = produced.stream().map(Sample::runCreatedMs).toList();
                List<Double> external = reported.stream().map(Sample::firstTaskMs).toList();
                NodeBenchmark.print("dataset_trigger_events", events);
                NodeBenchmark.print("dataset_trigger_p50_ms", NodeBenchmark.percentile(first, 50));
                NodeBenchmark.print("dataset_trigger_p99_ms", NodeBenchmark.percentile(first, 99));
                NodeBenchmark.print("dataset_trigger_max_ms", NodeBenchmark.percentile(first, 100));
                NodeBenchmark.print("dataset_trigger_run_created_p50_ms", NodeBenchmark.percentile(created, 50));
                NodeBenchmark.print("dataset_trigger_run_created_p99_ms", NodeBenchmark.percentile(created, 99));
                NodeBenchmark.print("dataset_trigger_external_p50_ms", NodeBenchmark.percentile(external, 50));
                NodeBenchmark.print("dataset_trigger_external_p99_ms", NodeBenchmark.percentile(external, 99));
                NodeBenchmark.print("dataset_trigger_external_run_created_p50_ms", NodeBenchmark.percentile(
                        reported.stream().map(Sample::runCreatedMs).toList(), 50));
            }
        }
    }

    /** One event per key, each waited for until the consumer's run of the key succeeded; their samples. */
    static List<Sample> run(Connection db, List<LocalDate> keys, Consumer<LocalDate> cause) throws SQLException {
        List<Sample> out = new ArrayList<>();
        for (LocalDate key : keys) {
            cause.accept(key);
            awaitConsumer(db, key, Duration.ofSeconds(60));
            out.add(sample(db, key));
        }
        return out;
    }

    private static void awaitConsumer(Connection db, LocalDate key, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT state FROM dag_run WHERE dag_id = ? AND partition_key = ?")) {
            s.setString(1, CONSUMER);
            s.setString(2, key.toString());
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        String state = rs.getString(1);
                        if (state.equals("success")) {
                            return;
                        }
                        if (state.equals("failed")) {
                            throw new IllegalStateException("the consumer's run of " + key + " failed");
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no successful consumer run of " + key + " after " + timeout);
                }
                NodeBenchmark.sleep(5);
            }
        }
    }

    private static Sample sample(Connection db, LocalDate key) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("""
                SELECT e.created_at, r.created_at, min(ti.start_date)
                FROM dataset_event e
                JOIN dataset d ON d.id = e.dataset_id AND d.uri = ?
                JOIN dag_run r ON r.dag_id = ? AND r.partition_key = e.partition_key
                JOIN task_instance ti ON ti.run_pk = r.id
                WHERE e.partition_key = ?
                GROUP BY e.id, e.created_at, r.created_at
                ORDER BY e.id
                LIMIT 1""")) {
            s.setString(1, URI);
            s.setString(2, CONSUMER);
            s.setString(3, key.toString());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no event and consumer run for " + key);
                }
                Instant event = instant(rs.getTimestamp(1));
                Instant run = instant(rs.getTimestamp(2));
                Instant first = instant(rs.getTimestamp(3));
                return new Sample(key, millis(event, run), millis(event, first));
            }
        }
    }

    private static Instant instant(Timestamp t) {
        if (t == null) {
            throw new IllegalStateException("a timestamp is missing");
        }
        return t.toInstant();
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
