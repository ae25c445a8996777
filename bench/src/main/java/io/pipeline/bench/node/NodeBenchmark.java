package io.pipeline.bench.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node as users run it: the shipped jar ({@code java -jar pipeline-web/target/pipeline.jar}) with its default
 * settings and its embedded PostgreSQL, driven only through the REST API. Measures a 1,000-link {@code stress_chain}
 * on the idle node, then a {@code stress_fanout} of {@code bench.node.width} no-op instances with a 200-link chain
 * running beside it (the hop under load), the PostgreSQL CPU time the fan-out cost, and finally db-scheduler on the
 * same PostgreSQL with the same number of no-op executions, as a reference taken in the same run. Before measuring it
 * warms the node up with a fan-out of the same width and a chain of the same length (a deployed node is a long-running
 * JVM); the warm-up fan-out's throughput is printed too, as the first fan-out after start. Prints key=value.
 */
public final class NodeBenchmark {

    static final String PASSWORD = "bench-admin-password";

    private NodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.node.jar", "pipeline-web/target/pipeline.jar"));
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/node"));
        int width = Integer.getInteger("bench.node.width", 20_000);
        int chain = Integer.getInteger("bench.node.chain", 1_000);
        int loadChain = Integer.getInteger("bench.node.load-chain", 200);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it with mvn -pl pipeline-web -am package");
        }
        deleteRecursively(dir);
        Files.createDirectories(dir);
        int port = freePort();
        boolean pgStat = Boolean.getBoolean("bench.node.pgstat");
        List<String> extra = new ArrayList<>();
        if (pgStat) {
            extra.add("--pipeline.embedded-postgres.settings.shared_preload_libraries=pg_stat_statements");
        }
        String nodeArgs = System.getProperty("bench.node.args", "").strip(); // e.g. --pipeline.node.worker-concurrency=64
        if (!nodeArgs.isEmpty()) {
            extra.addAll(List.of(nodeArgs.split("\\s+")));
        }
        try (NodeProcess node = NodeProcess.start(jar, dir, port, PASSWORD, extra)) {
            Api api = new Api(port, "admin", PASSWORD);
            api.awaitHealthy(Duration.ofMinutes(3), node);
            api.awaitDag("stress_chain", Duration.ofMinutes(1));
            api.awaitDag("stress_fanout", Duration.ofMinutes(1));

            // Warm-up: a node runs for days, so the figures below are those of a warmed-up JVM (JIT-compiled hot
            // paths, a filled connection pool). The warm-up fan-out has the measured one's width; its throughput is
            // printed on its own as the first fan-out after start (node_first_fanout_tis_per_s).
            int warmupWidth = Integer.getInteger("bench.node.warmup-width", width);
            // -Dbench.node.pool-slots=N: default_pool's slots set through the API first (default: as the node has it)
            Integer poolSlots = Integer.getInteger("bench.node.pool-slots");
            if (poolSlots != null) {
                api.poolSlots("default_pool", poolSlots);
            }
            api.runToEnd("stress_chain", "warmup_chain", Map.of("length", 100), Duration.ofMinutes(5));
            Api.Run firstFanout = api.runToEnd("stress_fanout", "warmup_fanout",
                    Map.of("width", warmupWidth, "sleep_ms", 0), Duration.ofMinutes(20));
            api.runToEnd("stress_chain", "warmup_chain_2", Map.of("length", chain), Duration.ofMinutes(10));
            // JFR of the node after one warm-up fan-out: the C2 compiler still took 35-39 % of the JVM's CPU during
            // the measured fan-out (600-700 compilations). More warm-up fan-outs (bench.node.warmups) leave it less
            // to do, but each leaves 20,000 more finished TIs and their dead tuples behind, and with two the
            // measured fan-out came out slower (1,625 against 2,226 TIs/s, PostgreSQL 684 against 503 ms per 1,000
            // TIs, back to back on the quiet machine): the default stays one.
            int warmups = Integer.getInteger("bench.node.warmups", 1);
            for (int i = 2; i <= warmups; i++) {
                api.runToEnd("stress_fanout", "warmup_fanout_" + i, Map.of("width", warmupWidth, "sleep_ms", 0),
                        Duration.ofMinutes(20));
            }

            Api.Run idle = api.runToEnd("stress_chain", "bench_chain", Map.of("length", chain),
                    Duration.ofMinutes(10));
            List<Double> idleHops = hops(api.taskInstances("stress_chain", "bench_chain"), chain);

            String url = "jdbc:postgresql://localhost:" + Files.readString(dir.resolve("data/postgres.port")).strip()
                    + "/postgres";
            Statements statements = pgStat ? Statements.reset(url.replace("/postgres", "/pipeline")) : null;
            PgCpu pg = PgCpu.of(dir.resolve("data").resolve("postgres"));
            long pgBefore = pg.cpuMillis();
            long jvmBefore = node.cpuMillis();
            api.trigger("stress_fanout", "bench_fanout", Map.of("width", width, "sleep_ms", 0));
            api.trigger("stress_chain", "bench_chain_under_load", Map.of("length", loadChain));
            Api.Run fanout = api.awaitEnd("stress_fanout", "bench_fanout", Duration.ofMinutes(20));
            Api.Run loaded = api.awaitEnd("stress_chain", "bench_chain_under_load", Duration.ofMinutes(20));
            long pgMillis = pg.cpuMillis() - pgBefore;
            long jvmMillis = node.cpuMillis() - jvmBefore;
            List<Api.TaskInstance> loadedTis = api.taskInstances("stress_chain", "bench_chain_under_load");
            List<Double> allLoadHops = hops(loadedTis, loadChain);
            List<Double> loadHops = hopsWithin(loadedTis, loadChain, fanout.start(), fanout.end());

            int fanoutTis = width + 2;
            double fanoutSeconds = seconds(fanout.start(), fanout.end());
            double tisPerSecond = fanoutTis / fanoutSeconds;
            double perThousand = 1000.0 * pgMillis / (fanoutTis + loadChain);

            if (statements != null) {
                statements.print(fanoutTis + loadChain);
            }
            DatabaseSize size = DatabaseSize.measure(url.replace("/postgres", "/pipeline"));
            double reference = DbSchedulerReference.run(url, width, node.workerConcurrency(api));

            print("node_worker_concurrency", node.workerConcurrency(api));
            print("node_first_fanout_tis_per_s", (warmupWidth + 2) / seconds(firstFanout.start(), firstFanout.end()));
            print("node_chain_state", idle.state());
            print("node_chain_1000_wall_s", seconds(idle.start(), idle.end()));
            print("node_chain_idle_hop_p50_ms", percentile(idleHops, 50));
            print("node_chain_idle_hop_p99_ms", percentile(idleHops, 99));
            print("node_fanout_state", fanout.state());
            print("node_fanout_tis", fanoutTis);
            print("node_fanout_wall_s", fanoutSeconds);
            print("node_throughput_tis_per_s", tisPerSecond);
            print("node_hop_under_fanout_state", loaded.state());
            print("node_hop_beside_fanout", loadHops.size());
            print("node_hop_p50_ms", percentile(loadHops, 50));
            print("node_hop_p99_ms", percentile(loadHops, 99));
            print("node_hop_whole_chain_p99_ms", percentile(allLoadHops, 99));
            print("node_pg_cpu_s", pgMillis / 1000.0);
            print("node_jvm_cpu_s", jvmMillis / 1000.0);
            print("node_pg_cpu_ms_per_1k_tis", perThousand);
            if (!"false".equals(System.getProperty("bench.node.three"))) {
                threeNodes(jar, dir, url.replace("/postgres", "/pipeline"), api, width, loadChain, tisPerSecond,
                        extra);
            }
            print("node_db_bytes_per_ti", size.bytesPerTaskInstance());
            print("node_db_task_instances", size.taskInstances());
            print("dbscheduler_tis_per_s", reference);
            print("node_vs_dbscheduler", tisPerSecond / reference);
        }
    }

    /**
     * Two more nodes started from the same jar, attached to the first node's PostgreSQL (as a user scales out:
     * {@code SPRING_DATASOURCE_URL} of the shared server, own data directory, default settings otherwise); each is
     * warmed up on a fan-out of the same width, then the same fan-out with the chain beside it is run on all three,
     * triggered through the first node's API.
     */
    static void threeNodes(Path jar, Path dir, String url, Api api, int width, int loadChain, double oneNode,
                           List<String> extra) throws Exception {
        List<String> attach = new ArrayList<>(extra);
        attach.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                "--spring.datasource.password="));
        List<NodeProcess> more = new ArrayList<>();
        try {
            for (int i = 2; i <= 3; i++) {
                Path nodeDir = dir.resolve("node" + i);
                Files.createDirectories(nodeDir);
                int port = freePort();
                NodeProcess n = NodeProcess.start(jar, nodeDir, port, PASSWORD, attach);
                more.add(n);
                new Api(port, "admin", PASSWORD).awaitHealthy(Duration.ofMinutes(3), n);
            }
            api.runToEnd("stress_fanout", "warmup_fanout_3", Map.of("width", width, "sleep_ms", 0),
                    Duration.ofMinutes(20));
            api.trigger("stress_fanout", "bench_fanout_3", Map.of("width", width, "sleep_ms", 0));
            api.trigger("stress_chain", "bench_chain_3", Map.of("length", loadChain));
            Api.Run fanout = api.awaitEnd("stress_fanout", "bench_fanout_3", Duration.ofMinutes(20));
            api.awaitEnd("stress_chain", "bench_chain_3", Duration.ofMinutes(20));
            List<Double> hops = hopsWithin(api.taskInstances("stress_chain", "bench_chain_3"), loadChain,
                    fanout.start(), fanout.end());
            double three = (width + 2) / seconds(fanout.start(), fanout.end());
            print("node_3nodes_fanout_state", fanout.state());
            print("node_3nodes_throughput_tis_per_s", three);
            print("node_3nodes_vs_1node", three / oneNode);
            print("node_3nodes_hop_beside_fanout", hops.size());
            print("node_3nodes_hop_p50_ms", percentile(hops, 50));
            print("node_3nodes_hop_p99_ms", percentile(hops, 99));
        } finally {
            for (NodeProcess n : more) {
                n.close();
            }
        }
    }

    /**
     * The hop of each link: from its start to the next link's start, in ms, for links 0..length-1. The times are
     * the ones the node records (a link's end and the next one's start are written by one transaction, so the gap
     * between them says nothing); start to start is what moving one link along costs, the no-op body included.
     */
    static List<Double> hops(List<Api.TaskInstance> tis, int length) {
        List<Api.TaskInstance> links = tis.stream().filter(t -> t.taskId().startsWith("link_"))
                .sorted(Comparator.comparing(Api.TaskInstance::taskId)).limit(length).toList();
        List<Double> hops = new ArrayList<>();
        for (int i = 0; i + 1 < links.size(); i++) {
            Instant start = links.get(i).start();
            Instant nextStart = links.get(i + 1).start();
            if (start == null || nextStart == null) {
                throw new IllegalStateException("link without a start: " + links.get(i) + " / " + links.get(i + 1));
            }
            hops.add(Duration.between(start, nextStart).toNanos() / 1e6);
        }
        return hops;
    }

    /**
     * The hops of {@link #hops} that began beside the fan-out: the link started between the fan-out's start and its
     * end (the next link may start after it: a link that waited for the fan-out to end is counted with its wait). A
     * chain held back by the fan-out shows here as few, long hops (their number is printed as
     * {@code node_hop_beside_fanout}), not as a fast chain measured after the fan-out.
     */
    static List<Double> hopsWithin(List<Api.TaskInstance> tis, int length, Instant from, Instant to) {
        List<Api.TaskInstance> links = tis.stream().filter(t -> t.taskId().startsWith("link_"))
                .sorted(Comparator.comparing(Api.TaskInstance::taskId)).limit(length).toList();
        List<Double> all = hops(tis, length);
        List<Double> within = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Instant start = links.get(i).start();
            if (!start.isBefore(from) && start.isBefore(to)) {
                within.add(all.get(i));
            }
        }
        return within;
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static double seconds(Instant start, Instant end) {
        return Duration.between(start, end).toNanos() / 1e9;
    }

    static void print(String key, Object value) {
        String text = value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(value);
        System.out.println(key + "=" + text);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
