package io.pipeline.engine;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.store.Stores;
import io.pipeline.testing.ProbeDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Measuring probe, run by name only ({@code -Dtest=MappedFanOutProbe}): a fan-out whose instances read their item
 * ({@code ctx.mapItem}) through the engine on its own threads (claim thread, {@code probe.workers} task threads (16),
 * finisher), so the TIs arrive in the batches a node sees; a fan-out of {@code probe.warm} (4,000) first, then
 * {@code probe.width} (12,000) measured. Prints the wall time, this JVM's CPU per TI (the probe's own polling
 * included) and the statements per 1,000 TIs (pg_stat_statements). Asserts nothing: docs/decisions/node-speed.md.
 */
class MappedFanOutProbe {

    /** The width of the next fan-out (what {@code src} returns). */
    private static volatile int nextWidth;

    @Test
    void mapped_fan_out() throws Exception {
        int workers = Integer.getInteger("probe.workers", 16);
        int warm = Integer.getInteger("probe.warm", 4_000);
        int width = Integer.getInteger("probe.width", 12_000);
        try (EmbeddedPostgres pg = ProbeDatabase.server()) {
            try (HikariDataSource ds = ProbeDatabase.migrated(pg, 10)) {
                JdbcClient jdbc = JdbcClient.create(ds);
                Dag fan = DagBuilder.dag("probe_mapped").maxActiveTasks(100_000).tasks(g -> {
                    TaskRef src = g.task("src", ctx -> IntStream.range(0, nextWidth).boxed().toList());
                    src.then(g.task("work", ctx -> ctx.mapItem(Integer.class) + 1).expand(src));
                }).build();
                Clock clock = Clock.systemUTC();
                DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
                EngineConfig config = EngineConfig.defaults("probe").withQuartz(false).withWorkerConcurrency(workers)
                        .withIntervals(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                                Duration.ofSeconds(60));
                Stores stores = Stores.create(jdbc);
                DagRegistry registry = new DagRegistry(stores, new TransactionTemplate(txm), clock, config);
                registry.load(List.of(fan), List.of());
                DagRunService runs = new DagRunService(stores, new TransactionTemplate(txm), clock, registry);
                Engine engine = new Engine(ds, stores, txm, clock, new SimpleMeterRegistry(), config, registry,
                        List.of(), TaskResources.none(), new SecretMasker());
                engine.start();
                try {
                    nextWidth = warm;
                    ChainHopProbe.await(runs, engine, runs.trigger("probe_mapped", "warm", null, null, null));
                    jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).optional();
                    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                    long cpu0 = os.getProcessCpuTime();
                    nextWidth = width;
                    long t0 = System.nanoTime();
                    ChainHopProbe.await(runs, engine, runs.trigger("probe_mapped", "measured", null, null, null));
                    double wall = (System.nanoTime() - t0) / 1e9;
                    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                    System.out.printf(Locale.ROOT, "PROBE workers %d width %d wall %.2f s (%.0f TIs/s) JVM CPU %.2f s "
                            + "(%.0f us per TI) load %.2f%n", workers, width, wall, width / wall, cpu,
                            cpu * 1e6 / width, os.getSystemLoadAverage());
                    double per = 1000.0 / width;
                    jdbc.sql("""
                            SELECT sum(calls) AS calls, sum(total_exec_time) AS ms,
                                   sum(shared_blks_hit + shared_blks_read) AS blocks
                            FROM pg_stat_statements
                            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())""")
                            .query(rs -> {
                        System.out.printf(Locale.ROOT, "PROBE total per 1000 TIs: %.0f calls, %.1f ms, %.0f blocks%n",
                                rs.getLong("calls") * per, rs.getDouble("ms") * per, rs.getLong("blocks") * per);
                    });
                    ProbeDatabase.printStatements(jdbc, "calls", 14, per, "per 1000 TIs", 160);
                } finally {
                    engine.stop(Duration.ofSeconds(5));
                }
            }
        }
    }
}
