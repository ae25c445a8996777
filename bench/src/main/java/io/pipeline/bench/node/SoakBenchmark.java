package io.pipeline.bench.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak of one node: the shipped jar with default settings (its embedded PostgreSQL under {@code bench.dir}), every
 * minute a run of each of the example and market-data DAGs triggered through the API, a {@code stress_fanout} burst
 * every {@code bench.soak.fanout-every-minutes}, for {@code bench.soak.minutes}. Every
 * {@code bench.soak.sample-seconds} it samples the node: heap after a full GC ({@code jcmd <pid> GC.run}, then the
 * heap in use from {@code /actuator/prometheus}), live threads, the connections to the database
 * ({@code pg_stat_activity}) and the run tables' size. Growth is the mean of the last quarter of the samples minus
 * the mean of the first quarter after the warm-up (the first 10% of the soak, at least the first sample), so that one
 * sample taken during a burst does not decide it. At the end it waits for the triggered runs to finish and counts
 * the failed task instances.
 */
public final class SoakBenchmark {

    /**
     * Example and market-data DAGs whose manual runs end on their own on one node: not daily_bars_spark and
     * backtest_k8s (they need Spark and Kubernetes), nightly_dataload (its sensor waits for 09:00 New York),
     * risk_models (it waits for its input partitions), example_close_sensor (it waits for the close).
     */
    static final String DEFAULT_DAGS = "example_hello,example_task_groups,example_trading_day,daily_bars,"
            + "intraday_prices,backtest";
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);
    private static final Pattern THREADS = Pattern.compile("^jvm_threads_live_threads(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);

    record Sample(Instant at, double heapMb, int threads, int connections, double runTablesMb, long tis) {
    }

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target/pipeline.jar"));
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/soak"));
        int minutes = Integer.getInteger("bench.soak.minutes", 120);
        int sampleSeconds = Integer.getInteger("bench.soak.sample-seconds", 60);
        int fanoutEvery = Integer.getInteger("bench.soak.fanout-every-minutes", 10);
        int fanoutWidth = Integer.getInteger("bench.soak.fanout-width", 5_000);
        List<String> dags = Arrays.stream(System.getProperty("bench.soak.dags", DEFAULT_DAGS).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (minutes < 1) {
            throw new IllegalArgumentException("bench.soak.minutes (SOAK_MINUTES) must be at least 1, got " + minutes);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        NodeBenchmark.deleteRecursively(dir);
        Files.createDirectories(dir);
        int port = NodeBenchmark.freePort();
        try (NodeProcess node = NodeProcess.start(jar, dir, port, NodeBenchmark.PASSWORD, List.of())) {
            Api api = new Api(port, "admin", NodeBenchmark.PASSWORD);
            api.awaitHealthy(Duration.ofMinutes(Integer.getInteger("bench.soak.start-minutes", 10)), node);
            for (String dag : dags) {
                api.awaitDag(dag, Duration.ofMinutes(1));
            }
            api.awaitDag("stress_fanout", Duration.ofMinutes(1));
            String url = "jdbc:postgresql://localhost:" + Files.readString(dir.resolve("data/postgres.port")).strip()
                    + "/pipeline";

            List<String> runs = new ArrayList<>(); // "dag/run"
            List<Sample> samples = new ArrayList<>();
            Instant start = Instant.now();
            Instant end = start.plus(Duration.ofMinutes(minutes));
            Instant nextSample = start;
            int minute = 0;
            while (Instant.now().isBefore(end)) {
                Instant minuteStart = Instant.now();
                for (String dag : dags) {
                    String runId = String.format(Locale.ROOT, "soak_%04d", minute);
                    api.trigger(dag, runId, Map.of());
                    runs.add(dag + "/" + runId);
                }
                if (fanoutEvery > 0 && minute % fanoutEvery == fanoutEvery - 1) {
                    String runId = String.format(Locale.ROOT, "soak_burst_%04d", minute);
                    api.trigger("stress_fanout", runId, Map.of("width", fanoutWidth, "sleep_ms", 0));
                    runs.add("stress_fanout/" + runId);
                }
                Instant nextMinute = minuteStart.plus(Duration.ofMinutes(1));
                while (Instant.now().isBefore(nextMinute) && Instant.now().isBefore(end)) {
                    if (!Instant.now().isBefore(nextSample)) {
                        Sample s = sample(node, api, url);
                        samples.add(s);
                        System.out.printf(Locale.ROOT, "sample minute=%d heap_after_gc_mb=%.1f threads=%d"
                                        + " connections=%d run_tables_mb=%.1f task_instances=%d%n", minute, s.heapMb(),
                                s.threads(), s.connections(), s.runTablesMb(), s.tis());
                        nextSample = nextSample.plusSeconds(sampleSeconds);
                    }
                    NodeBenchmark.sleep(1_000);
                }
                minute++;
                if (!node.isAlive()) {
                    throw new IllegalStateException("the node exited during the soak; see " + node.log());
                }
            }
            // let what was triggered finish (at most bench.soak.drain-minutes in all), then one last sample
            Map<String, Long> states = new LinkedHashMap<>();
            Instant drainEnd = Instant.now().plus(Duration.ofMinutes(Integer.getInteger("bench.soak.drain-minutes", 10)));
            for (String r : runs) {
                String[] parts = r.split("/", 2);
                Duration left = Duration.between(Instant.now(), drainEnd);
                try {
                    Api.Run run = api.awaitEnd(parts[0], parts[1], left.isNegative() ? Duration.ZERO : left);
                    states.merge(run.state(), 1L, Long::sum);
                } catch (IllegalStateException stillRunning) {
                    states.merge("unfinished", 1L, Long::sum);
                    System.out.println("unfinished: " + stillRunning.getMessage());
                }
            }
            samples.add(sample(node, api, url));

            int warm = Math.max(1, samples.size() / 10);
            List<Sample> steady = samples.subList(Math.min(warm, samples.size() - 1), samples.size());
            int quarter = Math.max(1, steady.size() / 4);
            List<Sample> first = steady.subList(0, quarter);
            List<Sample> last = steady.subList(steady.size() - quarter, steady.size());
            NodeBenchmark.print("soak_minutes", minutes);
            NodeBenchmark.print("soak_runs", runs.size());
            states.forEach((state, n) -> NodeBenchmark.print("soak_runs_" + state, n));
            NodeBenchmark.print("soak_samples", samples.size());
            NodeBenchmark.print("soak_heap_first_mb", mean(first, Sample::heapMb));
            NodeBenchmark.print("soak_heap_last_mb", mean(last, Sample::heapMb));
            NodeBenchmark.print("soak_heap_growth_mb", mean(last, Sample::heapMb) - mean(first, Sample::heapMb));
            NodeBenchmark.print("soak_threads_first", mean(first, s -> s.threads()));
            NodeBenchmark.print("soak_threads_growth", mean(last, s -> s.threads()) - mean(first, s -> s.threads()));
            NodeBenchmark.print("soak_connections_max", samples.stream().mapToInt(Sample::connections).max()
                    .orElse(0));
            NodeBenchmark.print("soak_connections_growth",
                    mean(last, s -> s.connections()) - mean(first, s -> s.connections()));
            Sample firstSample = samples.getFirst();
            Sample lastSample = samples.getLast();
            NodeBenchmark.print("soak_run_tables_growth_mb", lastSample.runTablesMb() - firstSample.runTablesMb());
            NodeBenchmark.print("soak_task_instances", lastSample.tis());
            NodeBenchmark.print("soak_run_tables_bytes_per_ti", lastSample.tis() == 0 ? Double.NaN
                    : lastSample.runTablesMb() * 1024 * 1024 / lastSample.tis());
            NodeBenchmark.print("soak_failed_tis", failedTis(url));
        }
    }

    private static double mean(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        return samples.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static Sample sample(NodeProcess node, Api api, String url) throws IOException, InterruptedException,
            SQLException {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(node.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS)) {
            gc.destroyForcibly();
            throw new IllegalStateException("jcmd GC.run did not end in 60 s");
        }
        String metrics = api.rawActuator("/actuator/prometheus").body();
        double heap = 0;
        Matcher m = HEAP.matcher(metrics);
        while (m.find()) {
            heap += Double.parseDouble(m.group(1));
        }
        Matcher t = THREADS.matcher(metrics);
        if (!t.find()) {
            throw new IllegalStateException("no jvm_threads_live_threads in /actuator/prometheus");
        }
        int threads = (int) Double.parseDouble(t.group(1));
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()),"
                     + " (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                     + " AND c.relname IN (" + DatabaseSize.TABLES + ")),"
                     + " (SELECT count(*) FROM task_instance)")) {
            rs.next();
            return new Sample(Instant.now(), heap / (1024 * 1024), threads, rs.getInt(1),
                    rs.getLong(2) / (1024.0 * 1024), rs.getLong(3));
        }
    }

    private static long failedTis(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM task_instance WHERE state = 'failed'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
