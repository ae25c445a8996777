package io.pipeline.bench.ops;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.engine.DagRegistry;
import io.pipeline.engine.DagRunService;
import io.pipeline.engine.EngineConfig;
import io.pipeline.engine.EngineMetrics;
import io.pipeline.engine.StateRecorder;
import io.pipeline.engine.TaskInstanceService;
import io.pipeline.ops.Actor;
import io.pipeline.ops.Backfill;
import io.pipeline.ops.BackfillDates;
import io.pipeline.ops.BackfillRequest;
import io.pipeline.ops.BackfillService;
import io.pipeline.ops.ClearRequest;
import io.pipeline.ops.Operations;
import io.pipeline.ops.RunScope;
import io.pipeline.ops.TaskScope;
import io.pipeline.ops.TiRef;
import io.pipeline.schedule.Schedules;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Page;
import io.pipeline.store.TaskInstanceRow;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Operations benchmarks on an embedded PostgreSQL with fsync on, printing {@code key=value} lines:
 * clearing a 2,000-task run with downstream (2,000 TIs cleared in one transaction with their audit entry), creating
 * a 10-year backfill of a 10-task session DAG (about 2,500 runs and 25,000 TIs), and reading the 2,000 TIs of a run
 * (the service behind {@code GET .../taskInstances}, plus Jackson serialisation of the rows). Medians of several
 * measured repetitions after warm-up (clear: also p90 and max over 20).
 */
public final class OpsBench {

    static final int TASKS = 2_000;
    static final Actor BENCH = Actor.cli("bench");

    private OpsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "bench/out/ops-pg"));
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        boolean pgStat = Boolean.getBoolean("bench.pgstat");
        if (pgStat) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres pg = builder.setDataDirectory(dir.toFile())
                .setCleanDataDirectory(true).setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("log_min_duration_statement", System.getProperty("bench.pg.logslow", "-1")).start()) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            hc.setMaximumPoolSize(4);
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                        .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                        .load().migrate();
                if (pgStat) {
                    JdbcClient.create(ds).sql("CREATE EXTENSION pg_stat_statements").update();
                }
                run(ds, pgStat);
            }
        }
    }

    static void run(HikariDataSource ds, boolean pgStat) {
        JdbcClient jdbc = JdbcClient.create(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        Clock clock = Clock.systemUTC();
        io.pipeline.store.Stores stores = io.pipeline.store.Stores.create(jdbc);
        DagRegistry registry = new DagRegistry(stores, tx, clock, EngineConfig.defaults("bench").withQuartz(false));
        registry.load(List.of(wideDag(), sessionDag()), List.of());
        DagRunService runs = new DagRunService(stores, tx, clock, registry);
        StateRecorder recorder = new StateRecorder(List.of(), new EngineMetrics(new SimpleMeterRegistry()));
        Operations ops = new Operations(stores, tx, clock, registry, runs, recorder, null);
        BackfillService backfills = new BackfillService(stores, tx, clock, registry, recorder, null);
        Map<String, String> out = new java.util.TreeMap<>();
        out.put("fsync", jdbc.sql("SHOW fsync").query(String.class).single());

        DagRunRow run = runs.trigger("bench_clear", "bench_run", Instant.parse("2026-01-05T00:00:00Z"), Map.of(),
                null);
        List<Double> clears = new ArrayList<>();
        int cleared = 0;
        for (int i = 0; i < 25; i++) {
            failRun(jdbc, run);
            long t0 = System.nanoTime();
            List<TiRef> refs = ops.clear(ClearRequest.of("bench_clear", TaskScope.ids("t_0_0").withDownstream(true),
                    RunScope.run(run.runId())), BENCH);
            clears.add(ms(t0));
            cleared = refs.size();
        }
        out.put("clear_2000_downstream_tis", String.valueOf(cleared));
        out.put("clear_2000_downstream_ms", fmt(median(clears.subList(5, clears.size()))));
        out.put("clear_2000_downstream_p90_ms", fmt(percentile(clears.subList(5, clears.size()), 0.9)));
        out.put("clear_2000_downstream_max_ms", fmt(Collections.max(clears.subList(5, clears.size()))));
        if (pgStat) {
            printStatementStats(jdbc);
            jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).optional();
        }

        TaskInstanceService tis = new TaskInstanceService(stores);
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        List<Double> lists = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            Page<TaskInstanceRow> page = tis.list("bench_clear", run.runId(), TASKS, 0);
            byte[] body = json.writeValueAsBytes(page.items());
            lists.add(ms(t0));
            if (page.items().size() != TASKS || body.length == 0) {
                throw new IllegalStateException("expected " + TASKS + " TIs, got " + page.items().size());
            }
        }
        out.put("ti_list_2000_ms", fmt(median(lists.subList(10, lists.size()))));

        Dag sessions = registry.require("bench_sessions");
        BackfillRequest tenYears = BackfillRequest.of("bench_sessions",
                BackfillDates.start(sessions, LocalDate.of(2015, 1, 1)),
                BackfillDates.end(sessions, LocalDate.of(2024, 12, 31)));
        List<Double> creates = new ArrayList<>();
        int created = 0;
        for (int i = 0; i < 5; i++) {
            jdbc.sql("DELETE FROM dag_run WHERE dag_id = 'bench_sessions'").update();
            jdbc.sql("DELETE FROM backfill").update();
            long t0 = System.nanoTime();
            Backfill b = backfills.create(tenYears, BENCH);
            creates.add(ms(t0));
            created = b.progress().total();
        }
        out.put("backfill_10y_runs", String.valueOf(created));
        out.put("backfill_10y_tis", String.valueOf(jdbc.sql(
                "SELECT count(*) FROM task_instance WHERE dag_id = 'bench_sessions'").query(Long.class).single()));
        out.put("backfill_10y_create_ms", fmt(median(creates.subList(2, creates.size()))));
        out.put("backfill_10y_create_max_ms", fmt(Collections.max(creates.subList(2, creates.size()))));
        out.forEach((k, v) -> System.out.println(k + "=" + v));
    }

    /** The statements that took the most time so far (with -Dbench.pgstat=true), on stderr. */
    static void printStatementStats(JdbcClient jdbc) {
        jdbc.sql("""
                SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
                       rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q
                FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15
                """)
                .query(rs -> {
                    System.err.printf("%8d calls %10s ms total %8s ms mean %8d rows  %s%n", rs.getLong("calls"),
                            rs.getString("total_ms"), rs.getString("mean_ms"), rs.getLong("rows"), rs.getString("q"));
                });
    }

    /** 20 layers of 100 tasks, each task downstream of one in the layer before: 2,000 tasks under one root. */
    static Dag wideDag() {
        return DagBuilder.dag("bench_clear").tasks(g -> {
            TaskRef root = g.task("t_0_0", ctx -> null);
            List<TaskRef> previous = List.of(root);
            for (int layer = 1; layer < 20; layer++) {
                List<TaskRef> current = new ArrayList<>();
                int width = layer == 1 ? 199 : 100;
                for (int i = 0; i < width; i++) {
                    TaskRef t = g.task("t_" + layer + "_" + i, ctx -> null);
                    previous.get(i % previous.size()).then(t);
                    current.add(t);
                }
                previous = current;
            }
        }).build();
    }

    /** Ten chained tasks on every XNYS session at 16:30 New York. */
    static Dag sessionDag() {
        return DagBuilder.dag("bench_sessions")
                .schedule(Schedules.onSessions("XNYS").at("16:30", "America/New_York"))
                .startDate(LocalDate.of(2026, 1, 2), "America/New_York")
                .tasks(g -> {
                    TaskRef last = g.task("step_0", ctx -> null);
                    for (int i = 1; i < 10; i++) {
                        TaskRef next = g.task("step_" + i, ctx -> null);
                        last.then(next);
                        last = next;
                    }
                }).build();
    }

    /** The root failed on its first try, everything else upstream_failed, the run failed. */
    static void failRun(JdbcClient jdbc, DagRunRow run) {
        jdbc.sql("""
                UPDATE task_instance SET state = CASE WHEN task_id = 't_0_0' THEN 'failed' ELSE 'upstream_failed' END,
                    try_number = CASE WHEN task_id = 't_0_0' THEN try_number + 1 ELSE try_number END,
                    start_date = now(), end_date = now(), version = version + 1
                WHERE run_pk = :run
                """).param("run", run.id()).update();
        jdbc.sql("UPDATE dag_run SET state = 'failed', end_date = now() WHERE id = :run").param("run", run.id())
                .update();
    }

    static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
