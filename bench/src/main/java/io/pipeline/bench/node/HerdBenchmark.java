package io.pipeline.bench.node;

import io.pipeline.calendar.Calendars;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The close, as users run it: the shipped jar with {@code pipeline.examples.herd-dags} herd DAGs (20 tasks each:
 * start, 18 in parallel, end; see StressHerd) scheduled at the XNYS close, its clock started {@code bench.herd.lead-s}
 * seconds before the next XNYS close ({@code pipeline.bench.clock-start}), so that the close comes while the
 * benchmark watches. After a warm-up (a chain and a fan-out through the REST API) it runs 200-link
 * {@code stress_chain}s back to back from just before the close until every herd run has ended, and reads the times
 * the node recorded (in the node's clock) from its database. Prints key=value: herd_runs_created_s (close to the
 * instant all herd runs exist, seen by polling; herd_runs_created_at_s is their created_at, the pass's instant), herd_first_task_p50_s|p99_s|max_s (close to each run's first task running), herd_all_done_s,
 * herd_chain_hop_p50_ms|p99_ms, herd_starvation_ratio (the last run's first task over the median).
 */
public final class HerdBenchmark {

    private HerdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target/pipeline.jar"));
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/herd"));
        int dags = Integer.getInteger("bench.herd.dags", 1_000);
        int chain = Integer.getInteger("bench.herd.chain", 200);
        int leadSeconds = Integer.getInteger("bench.herd.lead-s", 360);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        NodeBenchmark.deleteRecursively(dir);
        Files.createDirectories(dir);

        // The next XNYS close after now; the node's clock starts lead seconds before it.
        Instant close = Calendars.get("XNYS").nextClose(Instant.now().plus(Duration.ofMinutes(10)));
        LocalDate session = close.atZone(ZoneId.of("America/New_York")).toLocalDate();
        Instant clockStart = close.minusSeconds(leadSeconds);
        System.err.println("herd: " + dags + " DAGs at the XNYS close " + close + " (session " + session
                + "); node clock starts at " + clockStart);

        int port = NodeBenchmark.freePort();
        List<String> jvm = List.of("-Dpipeline.examples.herd-dags=" + dags,
                "-Dpipeline.examples.herd-start-date=" + session);
        List<String> extra = new ArrayList<>(List.of("--pipeline.bench.clock-start=" + clockStart));
        String nodeArgs = System.getProperty("bench.node.args", "").strip();
        if (!nodeArgs.isEmpty()) {
            extra.addAll(List.of(nodeArgs.split("\\s+")));
        }
        try (NodeProcess node = NodeProcess.start(jar, dir, port, NodeBenchmark.PASSWORD, jvm, extra)) {
            Api api = new Api(port, "admin", NodeBenchmark.PASSWORD);
            // With 1,000 DAGs the node listens well before its admin user exists; polling with credentials until
            // then would trip the login throttle, so wait for the started line first.
            awaitLogLine(node, "Started PipelineApplication", Duration.ofMinutes(10));
            api.awaitHealthy(Duration.ofMinutes(5), node);
            api.awaitDag("stress_chain", Duration.ofMinutes(1));
            api.awaitDag(String.format("stress_herd_%04d", dags - 1), Duration.ofMinutes(1));
            String url = "jdbc:postgresql://localhost:" + Files.readString(dir.resolve("data/postgres.port")).strip()
                    + "/pipeline";

            // Warm-up, and the node's clock read off a run it creates.
            Instant before = Instant.now();
            api.trigger("stress_chain", "warmup_chain", Map.of("length", 100));
            Instant after = Instant.now();
            Duration offset = Duration.between(before.plus(Duration.between(before, after).dividedBy(2)),
                    createdAt(url, "warmup_chain"));
            api.awaitEnd("stress_chain", "warmup_chain", Duration.ofMinutes(5));
            api.runToEnd("stress_fanout", "warmup_fanout", Map.of("width", 2_000, "sleep_ms", 0),
                    Duration.ofMinutes(10));
            long herdBefore = count(url, "SELECT count(*) FROM dag_run WHERE dag_id LIKE 'stress_herd_%'");
            if (herdBefore != 0) {
                throw new IllegalStateException(herdBefore + " herd runs exist before the close");
            }

            Instant closeReal = close.minus(offset);
            long untilChain = Duration.between(Instant.now(), closeReal.minusMillis(500)).toMillis();
            if (untilChain < 0) {
                throw new IllegalStateException("the node took too long to start and warm up: the close passed "
                        + (-untilChain) + " ms ago; raise -Dbench.herd.lead-s (now " + leadSeconds + ")");
            }
            System.err.println("herd: waiting " + untilChain + " ms for the close");
            NodeBenchmark.sleep(untilChain);

            // The chain keeps running: 200-link runs back to back until the herd is done. Run creation is seen
            // from outside (the runs' created_at is the scheduler pass's instant, not the commit): the herd's runs
            // are counted every 20 ms, and the first instant all exist is converted to the node's clock.
            List<Double> hops = new ArrayList<>();
            int chains = 0;
            api.trigger("stress_chain", "herd_chain_0", Map.of("length", chain));
            Instant allCreated = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (allCreated == null) {
                if (count(url, "SELECT count(*) FROM dag_run WHERE dag_id LIKE 'stress_herd_%'") >= dags) {
                    allCreated = Instant.now().plus(offset);
                } else if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the herd's runs were not all created in 30 minutes");
                } else {
                    NodeBenchmark.sleep(20);
                }
            }
            while (count(url, "SELECT count(*) FROM dag_run WHERE dag_id LIKE 'stress_herd_%'"
                    + " AND state IN ('success', 'failed')") < dags) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the herd did not finish in 30 minutes");
                }
                String runId = "herd_chain_" + chains;
                Api.Run run = api.awaitEnd("stress_chain", runId, Duration.ofMinutes(10));
                if (!run.state().equals("success")) {
                    throw new IllegalStateException("chain " + runId + " ended " + run.state());
                }
                hops.addAll(NodeBenchmark.hops(api.taskInstances("stress_chain", runId), chain));
                chains++;
                api.trigger("stress_chain", "herd_chain_" + chains, Map.of("length", chain));
            }
            api.awaitEnd("stress_chain", "herd_chain_" + chains, Duration.ofMinutes(10));

            List<Double> created = seconds(url, close, "SELECT created_at FROM dag_run"
                    + " WHERE dag_id LIKE 'stress_herd_%' ORDER BY created_at");
            List<Double> firstTask = seconds(url, close, "SELECT min(ti.start_date) FROM task_instance ti"
                    + " JOIN dag_run r ON r.id = ti.run_pk WHERE r.dag_id LIKE 'stress_herd_%'"
                    + " GROUP BY r.id ORDER BY 1");
            List<Double> done = seconds(url, close, "SELECT end_date FROM dag_run"
                    + " WHERE dag_id LIKE 'stress_herd_%' ORDER BY end_date");
            long failed = count(url, "SELECT count(*) FROM dag_run WHERE dag_id LIKE 'stress_herd_%'"
                    + " AND state <> 'success'");

            double p50 = NodeBenchmark.percentile(firstTask, 50);
            NodeBenchmark.print("herd_dags", dags);
            NodeBenchmark.print("herd_runs", created.size());
            NodeBenchmark.print("herd_runs_not_success", failed);
            NodeBenchmark.print("herd_runs_created_at_s", created.getLast());
            NodeBenchmark.print("herd_runs_created_s", NodeBenchmark.seconds(close, allCreated));
            NodeBenchmark.print("herd_first_task_p50_s", p50);
            NodeBenchmark.print("herd_first_task_p99_s", NodeBenchmark.percentile(firstTask, 99));
            NodeBenchmark.print("herd_first_task_max_s", firstTask.getLast());
            NodeBenchmark.print("herd_starvation_ratio", firstTask.getLast() / p50);
            NodeBenchmark.print("herd_all_done_s", done.getLast());
            NodeBenchmark.print("herd_chain_runs", chains);
            NodeBenchmark.print("herd_chain_hop_p50_ms", NodeBenchmark.percentile(hops, 50));
            NodeBenchmark.print("herd_chain_hop_p99_ms", NodeBenchmark.percentile(hops, 99));
        }
    }

    private static void awaitLogLine(NodeProcess node, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(node.log()) || !Files.readString(node.log()).contains(text)) {
            if (!node.isAlive()) {
                throw new IllegalStateException("the node exited during start; see " + node.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' in " + node.log() + " after " + timeout);
            }
            NodeBenchmark.sleep(500);
        }
        System.err.println("herd: node started");
    }

    private static Instant createdAt(String url, String runId) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             var s = c.prepareStatement("SELECT created_at FROM dag_run WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no run " + runId);
                }
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The instants a query returns (sorted by it), as seconds after the close. */
    private static List<Double> seconds(String url, Instant close, String sql) throws SQLException {
        List<Double> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Timestamp t = rs.getTimestamp(1);
                out.add(t == null ? Double.NaN : NodeBenchmark.seconds(close, t.toInstant()));
            }
        }
        return out;
    }
}
