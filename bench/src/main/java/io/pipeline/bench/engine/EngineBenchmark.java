package io.pipeline.bench.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.store.Stores;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.Engine;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskResources;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * End-to-end engine benchmark against a fresh embedded PostgreSQL with fsync on: a fan-out of no-op task instances
 * (one mapped task expanded over N elements) for throughput, and a chain of no-op tasks for the hop latency (upstream
 * end to downstream start, from the stored timestamps). Prints key=value lines.
 *
 * <p>System properties: {@code bench.fanout} (20000), {@code bench.chain} (1000), {@code bench.workers} (128),
 * {@code bench.pool.slots} (default_pool slots, 128), {@code bench.dir} (data directory).
 */
public final class EngineBenchmark {

    public static void main(String[] args) throws Exception {
        int fanout = Integer.getInteger("bench.fanout", 20_000);
        int chain = Integer.getInteger("bench.chain", 1_000);
        int workers = Integer.getInteger("bench.workers", 128);
        int poolSlots = Integer.getInteger("bench.pool.slots", 128);
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/engine-pg"));
        deleteRecursively(dir);
        Files.createDirectories(dir);

        boolean pgStat = Boolean.getBoolean("bench.pgstat");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (pgStat) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        String explainMs = System.getProperty("bench.pg.explain");
        if (explainMs != null) {
            builder.setServerConfig("shared_preload_libraries", "auto_explain");
            builder.setServerConfig("auto_explain.log_min_duration", explainMs);
            builder.setServerConfig("auto_explain.log_analyze", "on");
            builder.setServerConfig("auto_explain.log_buffers", "on");
        }
        String serverLog = System.getProperty("bench.pg.logdir");
        if (serverLog != null) {
            builder.setServerConfig("logging_collector", "on");
            builder.setServerConfig("log_directory", serverLog);
        }
        try (EmbeddedPostgres pg = builder
                .setDataDirectory(dir.toFile()).setCleanDataDirectory(true)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("log_min_duration_statement", System.getProperty("bench.pg.logslow", "-1"))
                .start()) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            hc.setMaximumPoolSize(12);
            hc.setPoolName("bench");
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                        .load().migrate();
                JdbcClient jdbc = JdbcClient.create(ds);
                jdbc.sql("UPDATE pool SET slots = :slots WHERE name = 'default_pool'").param("slots", poolSlots).update();
                String fsync = jdbc.sql("SHOW fsync").query(String.class).single();
                if (pgStat) {
                    jdbc.sql("CREATE EXTENSION pg_stat_statements").update();
                }
                run(ds, jdbc, fanout, chain, workers, poolSlots, fsync, io.pipeline.bench.node.PgCpu.of(dir));
                if (pgStat) {
                    printStatementStats(jdbc);
                }
            }
        }
    }

    static void run(HikariDataSource ds, JdbcClient jdbc, int fanout, int chainLength, int workers, int poolSlots,
                    String fsync, io.pipeline.bench.node.PgCpu pgCpu) throws Exception {
        Clock clock = Clock.systemUTC();
        DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
        boolean sync = Boolean.getBoolean("bench.sync");
        EngineConfig config = EngineConfig.defaults("bench-node").withQuartz(false).withWorkerConcurrency(workers)
                .withSynchronousCommit(sync)
                .withIntervals(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(60));
        Stores stores = Stores.create(jdbc);
        DagRegistry registry = new DagRegistry(stores, new TransactionTemplate(txm), clock, config);
        registry.load(List.of(fanoutDag(fanout), chainDag(chainLength), fanoutDag("bench_warmup_fanout", 2000),
                chainDag("bench_warmup_chain", 50)), List.of());
        DagRunService runs = new DagRunService(stores, new TransactionTemplate(txm), clock, registry);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Engine engine = new Engine(ds, stores, txm, clock, meters, config, registry, List.of(),
                TaskResources.none(), new SecretMasker());
        engine.start();
        try {
            // warm-up: a small fan-out and a short chain, so that JIT and caches are not measured
            await(runs, engine, runs.trigger("bench_warmup_fanout", null, null, null, null), Duration.ofMinutes(2));
            await(runs, engine, runs.trigger("bench_warmup_chain", null, null, null, null), Duration.ofMinutes(2));

            long pgBefore = pgCpu.cpuMillis();
            DagRunRow fan = runs.trigger("bench_fanout", null, null, null, null);
            long t0 = System.nanoTime();
            DagRunRow fanDone = await(runs, engine, fan, Duration.ofMinutes(10));
            double fanWall = (System.nanoTime() - t0) / 1e9;
            long pgMillis = pgCpu.cpuMillis() - pgBefore;
            long tis = jdbc.sql("SELECT count(*) FROM task_instance WHERE run_pk = :r AND state = 'success'")
                    .param("r", fan.id()).query(Long.class).single();

            DagRunRow ch = runs.trigger("bench_chain", null, null, null, null);
            long c0 = System.nanoTime();
            DagRunRow chDone = await(runs, engine, ch, Duration.ofMinutes(10));
            double chainWall = (System.nanoTime() - c0) / 1e9;
            List<Double> hops = hops("bench_chain");
            Collections.sort(hops);

            System.out.println("fsync=" + fsync);
            System.out.println("hot_path_synchronous_commit=" + (sync ? "on" : "off"));
            System.out.println("worker_concurrency=" + workers);
            System.out.println("default_pool_slots=" + poolSlots);
            System.out.println("fanout_tis=" + tis);
            System.out.println("fanout_state=" + fanDone.state().value());
            System.out.printf("fanout_wall_s=%.3f%n", fanWall);
            System.out.printf("throughput_tis_per_s=%.0f%n", tis / fanWall);
            // PostgreSQL's CPU (postmaster and its processes, from /proc) during the fan-out, per 1,000 TIs: the
            // node benchmark prints the same figure for the shipped jar (node_pg_cpu_ms_per_1k_tis)
            System.out.printf("pg_cpu_ms_per_1k_tis=%.1f%n", 1000.0 * pgMillis / tis);
            System.out.println("chain_tasks=" + chainLength);
            System.out.println("chain_state=" + chDone.state().value());
            System.out.printf("chain_%d_wall_s=%.3f%n", chainLength, chainWall);
            System.out.printf("chain_run_s=%.3f%n",
                    Duration.between(chDone.startDate(), chDone.endDate()).toNanos() / 1e9);
            System.out.printf("hop_p50_ms=%.2f%n", percentile(hops, 0.50));
            System.out.printf("hop_p99_ms=%.2f%n", percentile(hops, 0.99));
            System.out.printf("hop_max_ms=%.2f%n", hops.getLast());
            System.out.println("heap_max_mb=" + peakHeapMb());
            if (Boolean.getBoolean("bench.meters")) {
                meters.getMeters().stream().filter(m -> !m.getId().getName().startsWith("pipeline.ti.state"))
                        .forEach(m -> System.err.println(m.getId() + " " + m.measure()));
            }
        } finally {
            engine.stop(Duration.ofSeconds(10));
        }
    }

    /** The statements that took the most database time, to stderr (with -Dbench.pgstat=true). */
    static void printStatementStats(JdbcClient jdbc) {
        jdbc.sql("""
                SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
                       rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q
                FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25
                """)
                .query(rs -> {
                    System.err.printf("%8d calls %10s ms total %8s ms mean %8d rows  %s%n", rs.getLong("calls"),
                            rs.getString("total_ms"), rs.getString("mean_ms"), rs.getLong("rows"), rs.getString("q"));
                });
    }

    static Dag fanoutDag(int width) {
        return fanoutDag("bench_fanout", width);
    }

    static Dag fanoutDag(String id, int width) {
        return DagBuilder.dag(id).maxActiveTasks(100_000).tasks(g -> {
            TaskRef source = g.task("source", ctx -> IntStream.range(0, width).boxed().toList());
            TaskRef work = g.task("work", ctx -> null).expand(source);
            source.then(work).then(g.task("sink", ctx -> null));
        }).build();
    }

    static Dag chainDag(int length) {
        return chainDag("bench_chain", length);
    }

    /** Start and end (System.nanoTime) of each chain task's body, as the task itself saw them. */
    static final Map<String, long[]> CHAIN_TIMES = new ConcurrentHashMap<>();

    static Dag chainDag(String id, int length) {
        long[] starts = new long[length];
        long[] ends = new long[length];
        CHAIN_TIMES.put(id + ".start", starts);
        CHAIN_TIMES.put(id + ".end", ends);
        return DagBuilder.dag(id).maxActiveTasks(100_000).tasks(g -> {
            TaskRef prev = null;
            for (int i = 0; i < length; i++) {
                int n = i;
                TaskRef t = g.task(String.format("t%04d", i), ctx -> {
                    starts[n] = System.nanoTime();
                    ends[n] = System.nanoTime();
                    return null;
                });
                prev = prev == null ? t : prev.then(t);
            }
        }).build();
    }

    static DagRunRow await(DagRunService runs, Engine engine, DagRunRow run, Duration timeout) throws Exception {
        engine.wake();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            DagRunRow r = runs.get(run.dagId(), run.runId()).orElseThrow();
            if (r.state() == DagRunState.SUCCESS || r.state() == DagRunState.FAILED) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("run " + run.runId() + " of " + run.dagId() + " did not finish in " + timeout);
    }

    /** Upstream end to downstream start, per hop of the chain, in milliseconds, as the tasks saw them. */
    static List<Double> hops(String dagId) {
        long[] starts = CHAIN_TIMES.get(dagId + ".start");
        long[] ends = CHAIN_TIMES.get(dagId + ".end");
        List<Double> out = new ArrayList<>();
        for (int i = 1; i < starts.length; i++) {
            out.add((starts[i] - ends[i - 1]) / 1e6);
        }
        return out;
    }

    static double percentile(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }

    static void deleteRecursively(Path p) {
        File f = p.toFile();
        if (!f.exists()) {
            return;
        }
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteRecursively(c.toPath());
            }
        }
        f.delete();
    }
}
