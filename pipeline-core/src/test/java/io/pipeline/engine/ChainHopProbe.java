package io.pipeline.engine;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.DagRunState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Stores;
import io.pipeline.testing.ProbeDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Measuring probe, run by name only ({@code -Dtest=ChainHopProbe}): an idle chain of no-op tasks through the engine
 * on its own threads (claim thread, task threads, finisher), after a fan-out that leaves thousands of finished TIs,
 * with {@code probe.workers} worker slots (16); prints the chain's wall time, the hop (one task's end to the next
 * one's start) and the statements per hop (pg_stat_statements). Asserts nothing: docs/decisions/node-speed.md.
 */
class ChainHopProbe {

    @Test
    void idle_chain() throws Exception {
        int workers = Integer.getInteger("probe.workers", 16);
        int length = Integer.getInteger("probe.chain", 400);
        try (EmbeddedPostgres pg = ProbeDatabase.server()) {
            try (HikariDataSource ds = ProbeDatabase.migrated(pg, 10)) {
                JdbcClient jdbc = JdbcClient.create(ds);
                long[] starts = new long[length];
                long[] ends = new long[length];
                Dag chain = DagBuilder.dag("probe_chain").maxActiveTasks(100_000).tasks(g -> {
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
                Dag fan = DagBuilder.dag("probe_fan").maxActiveTasks(100_000).tasks(g -> {
                    TaskRef src = g.task("src", ctx -> IntStream.range(0, 5_000).boxed().toList());
                    src.then(g.task("work", ctx -> null).expand(src));
                }).build();
                Clock clock = Clock.systemUTC();
                DataSourceTransactionManager txm = new DataSourceTransactionManager(ds);
                EngineConfig config = EngineConfig.defaults("probe").withQuartz(false).withWorkerConcurrency(workers)
                        .withIntervals(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
                                Duration.ofSeconds(60));
                Stores stores = Stores.create(jdbc);
                DagRegistry registry = new DagRegistry(stores, new TransactionTemplate(txm), clock, config);
                registry.load(List.of(chain, fan), List.of());
                DagRunService runs = new DagRunService(stores, new TransactionTemplate(txm), clock, registry);
                Engine engine = new Engine(ds, stores, txm, clock, new SimpleMeterRegistry(), config, registry,
                        List.of(), TaskResources.none(), new SecretMasker());
                engine.start();
                try {
                    await(runs, engine, runs.trigger("probe_fan", null, null, null, null));
                    await(runs, engine, runs.trigger("probe_chain", "warm", null, null, null));
                    jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).optional();
                    long t0 = System.nanoTime();
                    await(runs, engine, runs.trigger("probe_chain", "measured", null, null, null));
                    double wall = (System.nanoTime() - t0) / 1e9;
                    List<Double> hops = new ArrayList<>();
                    for (int i = 1; i < length; i++) {
                        hops.add((starts[i] - ends[i - 1]) / 1e6);
                    }
                    Collections.sort(hops);
                    System.out.printf(Locale.ROOT, "PROBE workers %d chain %d wall %.2f s hop p50 %.2f ms p99 %.2f ms%n",
                            workers, length, wall, hops.get(hops.size() / 2), hops.get(hops.size() * 99 / 100));
                    double per = 1.0 / (length - 1);
                    ProbeDatabase.printStatements(jdbc, "total_exec_time", 12, per, "per hop", 200);
                } finally {
                    engine.stop(Duration.ofSeconds(5));
                }
            }
        }
    }

    static void await(DagRunService runs, Engine engine, DagRunRow run) throws Exception {
        engine.wake();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            DagRunRow r = runs.get(run.dagId(), run.runId()).orElseThrow();
            if (r.state() == DagRunState.SUCCESS || r.state() == DagRunState.FAILED) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("run " + run.runId() + " did not finish");
    }
}
