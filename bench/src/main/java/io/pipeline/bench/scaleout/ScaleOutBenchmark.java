package io.pipeline.bench.scaleout;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.EngineMetrics;
import io.pipeline.engine.StateRecorder;
import io.pipeline.ops.Actor;
import io.pipeline.ops.Backfill;
import io.pipeline.ops.BackfillRequest;
import io.pipeline.ops.BackfillService;
import io.pipeline.store.DagRunRow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scale-out on one PostgreSQL (embedded, fsync and synchronous_commit on): the same stress_fanout run of no-op TIs
 * on one node and on three nodes (each its own JVM, {@link ScaleOutNode}), the hop latency of a chain across the three
 * nodes alone and while a fan-out loads them, and how fast a backfill's runs are created meanwhile. Prints key=value lines.
 *
 * <p>System properties: {@code bench.scaleout.fanout} (TIs of the fan-out, 20000), {@code bench.scaleout.workers}
 * (worker slots per node, 16), {@code bench.dir} (data directory, recreated; the nodes' logs go next to it).
 */
public final class ScaleOutBenchmark {

    private static final Actor BENCH = Actor.cli("bench");

    private final JdbcClient jdbc;
    private final DagRunService runs;
    private final BackfillService backfills;
    private final String url;
    private final int workers;
    private final Path logDir;
    private int runCount;
    /** What the database sessions were doing during the last fan-out (see {@link WaitSampler}). */
    private String lastWaits = "";

    private ScaleOutBenchmark(HikariDataSource ds, String url, int workers, Path logDir) {
        this.jdbc = JdbcClient.create(ds);
        this.url = url;
        this.workers = workers;
        this.logDir = logDir;
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        Clock clock = Clock.systemUTC();
        io.pipeline.store.Stores stores = io.pipeline.store.Stores.create(jdbc);
        DagRegistry registry = new DagRegistry(stores, tx, clock, EngineConfig.defaults("bench").withQuartz(false));
        registry.load(ScaleOutDags.all(), List.of());
        this.runs = new DagRunService(stores, tx, clock, registry);
        this.backfills = new BackfillService(stores, tx, clock, registry,
                new StateRecorder(List.of(), new EngineMetrics(new SimpleMeterRegistry())), null);
    }

    public static void main(String[] args) throws Exception {
        int fanout = Integer.getInteger("bench.scaleout.fanout", 20_000);
        int workers = Integer.getInteger("bench.scaleout.workers", 16);
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/scaleout-pg"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.toFile())
                .setCleanDataDirectory(true).setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB").start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(url);
            hc.setMaximumPoolSize(4);
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                        .load().migrate();
                JdbcClient.create(ds).sql("UPDATE pool SET slots = 1000 WHERE name = 'default_pool'").update();
                new ScaleOutBenchmark(ds, url, workers, dir.toAbsolutePath().getParent()).run(fanout);
            }
        }
    }

    private void run(int fanout) throws Exception {
        double one;
        try (NodeJvms nodes = NodeJvms.start(url, 1, workers, logDir)) {
            fanout(2_000); // warm-up
            one = fanout(fanout);
            print("scaleout_1node_db_sessions", lastWaits);
        }
        try (NodeJvms nodes = NodeJvms.start(url, 3, workers, logDir)) {
            fanout(2_000);
            double three = fanout(fanout);
            print("scaleout_3node_db_sessions", lastWaits);
            print("scaleout_fanout_tis", fanout + 2);
            print("scaleout_worker_slots_per_node", workers);
            print("scaleout_1node_tis_per_s", Math.round(one));
            print("scaleout_3node_tis_per_s", Math.round(three));
            print("scaleout_ratio", String.format("%.2f", three / one));
            underLoad(fanout);
        }
    }

    /** Triggers a no-op fan-out of {@code width} and waits for it; TIs per second from the run's start to end. */
    private double fanout(int width) throws InterruptedException {
        DagRunRow run = trigger("stress_fanout", Map.of("width", width, "sleep_ms", 0));
        DagRunRow done;
        try (WaitSampler waits = new WaitSampler(jdbc)) {
            done = await(run, Duration.ofMinutes(15));
            lastWaits = waits.summary();
        }
        if (!"success".equals(done.state().value())) {
            throw new IllegalStateException("run " + run.runId() + " ended " + done.state().value());
        }
        return (width + 2) / (Duration.between(done.startDate(), done.endDate()).toNanos() / 1e9);
    }

    /**
     * On the three nodes: the hops of a chain with nothing else running, then, while a fan-out keeps them busy, the
     * hops of another chain and the creation of a two-year backfill.
     */
    private void underLoad(int fanout) throws InterruptedException {
        List<Double> idle = hops(await(trigger(ScaleOutDags.CHAIN, Map.of()), Duration.ofMinutes(10)));
        DagRunRow load = trigger("stress_fanout", Map.of("width", fanout, "sleep_ms", 0));
        awaitState(load, "running");
        DagRunRow chain = trigger(ScaleOutDags.CHAIN, Map.of());
        long t0 = System.nanoTime();
        Backfill backfill = backfills.create(BackfillRequest.of(ScaleOutDags.DAILY,
                Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2023-12-31T00:00:00Z")), BENCH);
        double createS = (System.nanoTime() - t0) / 1e9;
        String loadState = state(load);
        List<Double> loaded = hops(await(chain, Duration.ofMinutes(10)));
        await(load, Duration.ofMinutes(15));
        int total = backfill.progress().total();
        print("scaleout_chain_tasks", ScaleOutDags.CHAIN_LENGTH);
        print("scaleout_hop_3node_p50_ms", String.format("%.1f", percentile(idle, 0.5)));
        print("scaleout_hop_3node_p99_ms", String.format("%.1f", percentile(idle, 0.99)));
        print("scaleout_hop_under_load_p50_ms", String.format("%.1f", percentile(loaded, 0.5)));
        print("scaleout_hop_under_load_p99_ms", String.format("%.1f", percentile(loaded, 0.99)));
        print("scaleout_backfill_runs", total);
        print("scaleout_backfill_create_ms", Math.round(createS * 1000));
        print("scaleout_backfill_runs_per_s", Math.round(total / createS));
        print("scaleout_backfill_created_while_load_was", loadState);
    }

    /** Upstream body end to downstream body start along a chain run, as the tasks saw them (their return values). */
    private List<Double> hops(DagRunRow chain) {
        List<Double> hops = jdbc.sql("""
                SELECT ((d.value ->> 0)::bigint - (u.value ->> 1)::bigint) / 1000.0
                FROM xcom u JOIN xcom d ON d.run_pk = u.run_pk
                     AND d.task_id = 't' || lpad((substr(u.task_id, 2)::int + 1)::text, 4, '0')
                WHERE u.run_pk = ? ORDER BY 1""").param(chain.id()).query(Double.class).list();
        if (hops.size() != ScaleOutDags.CHAIN_LENGTH - 1) {
            throw new IllegalStateException("expected " + (ScaleOutDags.CHAIN_LENGTH - 1) + " hops, got " + hops.size());
        }
        return hops;
    }

    private DagRunRow trigger(String dagId, Map<String, Object> conf) {
        return runs.trigger(dagId, "bench_" + (++runCount), null, conf, null);
    }

    private String state(DagRunRow run) {
        return runs.get(run.dagId(), run.runId()).orElseThrow().state().value();
    }

    private void awaitState(DagRunRow run, String state) throws InterruptedException {
        while (!state(run).equals(state)) {
            Thread.sleep(5);
        }
    }

    private DagRunRow await(DagRunRow run, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            DagRunRow r = runs.get(run.dagId(), run.runId()).orElseThrow();
            if (r.state().isTerminal()) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("run " + run.runId() + " of " + run.dagId() + " not done in " + timeout);
    }

    private static double percentile(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
