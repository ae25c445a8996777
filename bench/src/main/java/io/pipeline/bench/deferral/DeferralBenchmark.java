package io.pipeline.bench.deferral;

import com.sun.management.OperatingSystemMXBean;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.bench.node.PgCpu;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.Engine;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.SecretMasker;
import io.pipeline.engine.TaskResources;
import io.pipeline.store.Stores;
import io.pipeline.task.PokeResult;
import io.pipeline.task.SensorSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deferrable waits on one node (scheduler, worker and triggerer in this JVM; PostgreSQL embedded, fsync on):
 * <ol>
 * <li>10,000 sensors deferred on time triggers two hours ahead (100 runs x 100 sensors); once the triggerer holds all
 * of them, the node's CPU (this JVM's process CPU time over {@code bench.deferral.window}, default 60 s, in % of one
 * core; PostgreSQL's beside it) and its heap after a full GC, total and above the same node's heap before the
 * runs were made; the same node idle (no runs yet) over half the window, for comparison;</li>
 * <li>with the 10,000 still waiting, 200 sensors whose instants come one every 100 ms from 30 s on: how long after
 * its instant each deferred sensor's resumed poke runs (p50, p99, max); a sensor whose run started so late that its
 * first poke came after its instant never deferred and is counted apart, not as a sample.</li>
 * </ol>
 * Prints key=value lines: {@code deferred_10k_cpu_pct}, {@code deferred_10k_heap_mb}, {@code deferred_resume_p99_ms}
 * and a few more.
 */
public final class DeferralBenchmark {
    /** Runs the 10,000 waits are spread over ({@code bench.deferral.runs}, default 100: 100 sensors each). */
    static final int RUNS = Integer.getInteger("bench.deferral.runs", 100);
    static final int SENSORS_PER_RUN = 10_000 / RUNS;
    static final int RESUMES = 200;
    static final ConcurrentLinkedQueue<Long> LATENCIES_MS = new ConcurrentLinkedQueue<>();
    /** Runs whose sensor deferred before its instant: only their resumed pokes are samples. */
    static final Set<String> DEFERRED_RUNS = ConcurrentHashMap.newKeySet();
    /** Sensors whose first poke came after their instant (the run started late): no resume to measure. */
    static final AtomicInteger LATE_FIRST_POKES = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/deferral-pg"));
        Duration window = Duration.ofSeconds(Long.getLong("bench.deferral.window", 60));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.toFile())
                .setCleanDataDirectory(true).setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "100").start()) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            hc.setMaximumPoolSize(12);
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                // V150 builds an index CONCURRENTLY: Flyway must not hold its lock in a transaction meanwhile
                Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                        .load().migrate();
                run(ds, PgCpu.of(dir), window);
            }
        }
    }

    static List<Dag> dags() {
        Instant far = Instant.now().plus(Duration.ofHours(2));
        SensorSpec spec = SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(6));
        Dag hold = DagBuilder.dag("deferral_hold").maxActiveRuns(RUNS + 1).maxActiveTasks(100_000).tasks(g -> {
            for (int i = 0; i < SENSORS_PER_RUN; i++) {
                g.sensor("wait_" + i, ctx -> ctx.clock().instant().isBefore(far) ? PokeResult.deferUntil(far)
                        : PokeResult.met(), spec);
            }
        }).build();
        Dag resume = DagBuilder.dag("deferral_resume").maxActiveRuns(RESUMES + 1).tasks(g -> g.sensor("at", ctx -> {
            Instant at = Instant.ofEpochMilli(Long.parseLong(ctx.runId().substring("at_".length())));
            Instant now = ctx.clock().instant();
            if (now.isBefore(at)) {
                DEFERRED_RUNS.add(ctx.runId());
                return PokeResult.deferUntil(at);
            }
            if (DEFERRED_RUNS.contains(ctx.runId())) {
                LATENCIES_MS.add(Duration.between(at, now).toMillis());
            } else {
                LATE_FIRST_POKES.incrementAndGet();
            }
            return PokeResult.met();
        }, spec)).build();
        return List.of(hold, resume);
    }

    static void run(HikariDataSource ds, PgCpu pgCpu, Duration window) throws Exception {
        Clock clock = Clock.systemUTC();
        JdbcClient jdbc = JdbcClient.create(ds);
        DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
        TransactionTemplate tx = new TransactionTemplate(txm);
        Stores stores = Stores.create(jdbc);
        EngineConfig config = EngineConfig.defaults("bench-deferral").withQuartz(false);
        DagRegistry registry = new DagRegistry(stores, tx, clock, config);
        registry.load(dags(), List.of());
        Engine engine = new Engine(ds, stores, txm, clock, new SimpleMeterRegistry(), config, registry, List.of(),
                TaskResources.none(), new SecretMasker());
        engine.start();
        try {
            DagRunService runs = new DagRunService(stores, tx, clock, registry);
            jdbc.sql("UPDATE dag SET is_paused = false").update();
            long heapBefore = heapAfterGc();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            double[] idle = cpuOver(os, pgCpu, window.dividedBy(2));
            Instant logical = Instant.parse("2026-01-01T00:00:00Z");
            long t0 = System.nanoTime();
            for (int r = 0; r < RUNS; r++) {
                runs.trigger("deferral_hold", "hold_" + r, logical.plusSeconds(r), null, null);
            }
            engine.wake();
            int total = RUNS * SENSORS_PER_RUN;
            awaitDeferred(jdbc, engine, total, Duration.ofMinutes(20));
            double deferAllS = (System.nanoTime() - t0) / 1e9;

            long heapHeld = heapAfterGc();
            double[] held = cpuOver(os, pgCpu, window);
            double cpuPct = held[0];
            double pgPct = held[1];

            Instant base = clock.instant().plusSeconds(30);
            for (int i = 0; i < RESUMES; i++) {
                Instant at = base.plusMillis(100L * i);
                runs.trigger("deferral_resume", "at_" + at.toEpochMilli(), logical.plusSeconds(10_000 + i), null,
                        null);
            }
            engine.wake();
            Instant end = base.plusMillis(100L * RESUMES).plusSeconds(30);
            while (LATENCIES_MS.size() + LATE_FIRST_POKES.get() < RESUMES && clock.instant().isBefore(end)) {
                Thread.sleep(200);
            }
            List<Long> lat = new ArrayList<>(LATENCIES_MS);
            Collections.sort(lat);
            int stillDeferred = jdbc.sql("SELECT count(*) FROM task_instance WHERE state = 'deferred'")
                    .query(Integer.class).single();

            System.out.println("deferred_10k_waits=" + total);
            System.out.println("deferred_10k_defer_all_s=" + String.format("%.1f", deferAllS));
            System.out.println("deferred_10k_runs=" + RUNS);
            System.out.println("deferred_10k_window_s=" + window.toSeconds());
            System.out.println("deferred_10k_cpu_pct=" + String.format("%.2f", cpuPct));
            System.out.println("deferred_10k_pg_cpu_pct=" + String.format("%.2f", pgPct));
            System.out.println("deferred_idle_cpu_pct=" + String.format("%.2f", idle[0]));
            System.out.println("deferred_idle_pg_cpu_pct=" + String.format("%.2f", idle[1]));
            System.out.println("deferred_10k_heap_mb=" + heapHeld / (1024 * 1024));
            System.out.println("deferred_10k_heap_above_idle_mb=" + (heapHeld - heapBefore) / (1024 * 1024));
            System.out.println("deferred_resume_samples=" + lat.size() + "/" + RESUMES);
            System.out.println("deferred_resume_late_first_pokes=" + LATE_FIRST_POKES.get());
            System.out.println("deferred_resume_p50_ms=" + pct(lat, 0.50));
            System.out.println("deferred_resume_p99_ms=" + pct(lat, 0.99));
            System.out.println("deferred_resume_max_ms=" + (lat.isEmpty() ? -1 : lat.getLast()));
            System.out.println("deferred_still_waiting=" + stillDeferred);
        } finally {
            engine.stop(Duration.ofSeconds(10));
        }
    }

    static void awaitDeferred(JdbcClient jdbc, Engine engine, int total, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            int deferred = jdbc.sql("SELECT count(*) FROM task_instance WHERE state = 'deferred'")
                    .query(Integer.class).single();
            if (deferred == total && engine.triggerer().held() == total) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the " + total + " sensors did not all defer within " + max);
    }

    /** This JVM's and PostgreSQL's CPU over {@code window}, in % of one core. */
    static double[] cpuOver(OperatingSystemMXBean os, PgCpu pg, Duration window) throws InterruptedException {
        long cpu0 = os.getProcessCpuTime();
        long pg0 = pg.cpuMillis();
        long w0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long wallNs = System.nanoTime() - w0;
        return new double[]{100.0 * (os.getProcessCpuTime() - cpu0) / wallNs,
                100.0 * (pg.cpuMillis() - pg0) * 1_000_000 / wallNs};
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private DeferralBenchmark() {
    }
}
