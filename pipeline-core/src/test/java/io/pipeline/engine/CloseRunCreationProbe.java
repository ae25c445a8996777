package io.pipeline.engine;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.Dag;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.ProbeDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measuring probe, run by name only ({@code -Dtest=CloseRunCreationProbe}): where the time of creating the runs of
 * 1,000 herd DAGs (start, 18 leaves, end) at one close goes, through the real {@link CreateDueRunsStep} and
 * {@link RunCreator} on its own embedded PostgreSQL (fsync and synchronous commit on, as the node's). Each round
 * empties the run tables and creates all runs once per variant; a variant drops one thing (a foreign key, an index)
 * before its pass and puts it back after (or adds one: {@code with_progress_fk}, the key V300 dropped), so that the
 * difference to the baseline is that thing's share. Rounds
 * alternate the variants, as statement times on a loaded machine are noisy. Per pass it prints the wall time and the
 * statements' execution times from pg_stat_statements (the rest is the JVM, the wire and planning); a last baseline
 * pass with auto_explain (ANALYZE, BUFFERS, triggers) prints each insert's plan with its foreign-key trigger time.
 * Properties: {@code probe.dags} (1,000), {@code probe.rounds} (3), {@code probe.variants} (comma-separated names of
 * {@link #VARIANTS}), {@code probe.history} (runs of older sessions per DAG left in the tables, 0).
 * Asserts nothing: docs/decisions/herd.md, "Run creation at the close, measured".
 */
class CloseRunCreationProbe {

    /** Name: SQL that drops the thing before the pass; SQL that restores it after. */
    static final Map<String, String[]> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("base", new String[] {"", ""});
        VARIANTS.put("no_ti_fk", new String[] {
                "ALTER TABLE task_instance DROP CONSTRAINT IF EXISTS task_instance_run_pk_fkey",
                "ALTER TABLE task_instance ADD CONSTRAINT task_instance_run_pk_fkey FOREIGN KEY (run_pk)"
                        + " REFERENCES dag_run (id) ON DELETE CASCADE"});
        // the foreign key task_progress had before V300 (a variant that adds rather than drops)
        VARIANTS.put("with_progress_fk", new String[] {
                "ALTER TABLE task_progress ADD CONSTRAINT task_progress_run_pk_fkey FOREIGN KEY (run_pk)"
                        + " REFERENCES dag_run (id) ON DELETE CASCADE",
                "ALTER TABLE task_progress DROP CONSTRAINT IF EXISTS task_progress_run_pk_fkey"});
        VARIANTS.put("no_ti_unfinished", new String[] {
                "DROP INDEX IF EXISTS ti_unfinished",
                "CREATE INDEX ti_unfinished ON task_instance (run_pk, task_id) WHERE state IN ('none', 'scheduled',"
                        + " 'queued', 'running', 'up_for_retry', 'up_for_reschedule', 'deferred')"});
        VARIANTS.put("no_ti_key", new String[] {
                "ALTER TABLE task_instance DROP CONSTRAINT IF EXISTS task_instance_key",
                "ALTER TABLE task_instance ADD CONSTRAINT task_instance_key UNIQUE (run_pk, task_id, map_index)"});
        VARIANTS.put("no_state_partials", new String[] {
                "DROP INDEX IF EXISTS ti_queued; DROP INDEX IF EXISTS ti_scheduled; DROP INDEX IF EXISTS ti_active;"
                        + " DROP INDEX IF EXISTS ti_waiting; DROP INDEX IF EXISTS ti_deferred;"
                        + " DROP INDEX IF EXISTS ti_scheduled_pool",
                "CREATE INDEX ti_queued ON task_instance (queue, priority DESC, queued_at, id) WHERE state = 'queued';"
                        + " CREATE INDEX ti_scheduled ON task_instance (dag_id, pool, priority DESC, id)"
                        + " WHERE state = 'scheduled';"
                        + " CREATE INDEX ti_active ON task_instance (pool, dag_id) INCLUDE (pool_slots)"
                        + " WHERE state IN ('queued', 'running');"
                        + " CREATE INDEX ti_waiting ON task_instance (next_attempt_at)"
                        + " WHERE state IN ('up_for_retry', 'up_for_reschedule');"
                        + " CREATE INDEX ti_deferred ON task_instance (run_pk, sensor_deadline) WHERE state = 'deferred';"
                        + " CREATE INDEX ti_scheduled_pool ON task_instance (pool, priority DESC, id)"
                        + " WHERE state = 'scheduled'"});
    }

    @Test
    void close_run_creation() throws Exception {
        int dags = Integer.getInteger("probe.dags", 1000);
        int rounds = Integer.getInteger("probe.rounds", 3);
        List<String> variants = List.of(System.getProperty("probe.variants", String.join(",", VARIANTS.keySet()))
                .split(","));
        Path logDir = Files.createTempDirectory("probe-pglog");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                .setServerConfig("pg_stat_statements.track_utility", "on")
                .setServerConfig("auto_explain.log_min_duration", "-1")
                .setServerConfig("auto_explain.log_analyze", "on")
                .setServerConfig("auto_explain.log_buffers", "on")
                .setServerConfig("auto_explain.log_triggers", "on")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logDir.toString())
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_buffers", "128MB")
                .start()) {
            try (HikariDataSource ds = ProbeDatabase.migrated(pg, 4)) {
                JdbcClient jdbc = JdbcClient.create(ds);
                List<Dag> herd = new ArrayList<>();
                for (int i = 0; i < dags; i++) {
                    herd.add(CloseRunCreationTest.herdMember("close_%04d".formatted(i), LocalDate.of(2026, 1, 6)));
                }
                Instant close = Instant.parse("2026-01-06T21:00:00Z");
                SettableClock clock = SettableClock.at("2026-01-06T21:00:00.005Z");
                EngineTestDriver d = EngineTestDriver.create(ds, clock, herd.toArray(Dag[]::new));
                CreateDueRunsStep step = d.parts().createDueRuns();
                Map<String, List<long[]>> results = new LinkedHashMap<>();
                // a first pass warms the JIT and the catalog caches; not counted
                pass(jdbc, step, herd, clock.instant(), "", "", false);
                for (int r = 0; r < rounds; r++) {
                    for (String v : variants) {
                        String[] sql = VARIANTS.get(v);
                        if (sql == null) {
                            throw new IllegalArgumentException("probe.variants: unknown variant '" + v + "', known: "
                                    + VARIANTS.keySet());
                        }
                        results.computeIfAbsent(v, k -> new ArrayList<>())
                                .add(pass(jdbc, step, herd, clock.instant(), sql[0], sql[1], r == 0));
                    }
                }
                System.out.println("PROBE load average " + Files.readString(Path.of("/proc/loadavg")).trim());
                results.forEach((v, list) -> System.out.printf(Locale.ROOT,
                        "PROBE %-18s wall ms %s | statements ms %s%n", v,
                        list.stream().map(a -> Long.toString(a[0])).toList(),
                        list.stream().map(a -> Long.toString(a[1])).toList()));
                // the last baseline pass on sessions that log every statement's plan with its triggers
                HikariConfig explained = new HikariConfig();
                explained.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
                explained.setMaximumPoolSize(2);
                explained.setConnectionInitSql("SET auto_explain.log_min_duration = 0");
                try (HikariDataSource eds = new HikariDataSource(explained)) {
                    CreateDueRunsStep logged = EngineTestDriver.create(eds, clock, herd.toArray(Dag[]::new)).parts()
                            .createDueRuns();
                    pass(JdbcClient.create(eds), logged, herd, clock.instant(), "", "", true);
                }
                try (Stream<Path> logs = Files.list(logDir)) {
                    for (Path log : logs.sorted().toList()) {
                        boolean inInsert = false;
                        for (String line : Files.readAllLines(log)) {
                            if (line.contains("duration:")) {
                                inInsert = false;
                            }
                            if (line.contains("Insert on")) {
                                inInsert = true;
                            }
                            if (inInsert && (line.contains("Insert on") || line.contains("Trigger")
                                    || line.contains("Execution Time") || line.contains("Buffers")
                                    || line.contains("WAL"))) {
                                System.out.println("PROBE plan " + line.trim());
                            }
                        }
                    }
                }
                System.out.println("PROBE server log in " + logDir);
            }
        }
    }

    /** Empties the run tables, drops what the variant drops, creates every DAG's run once, restores; ms wall, ms SQL. */
    private static long[] pass(JdbcClient jdbc, CreateDueRunsStep step, List<Dag> herd, Instant now, String drop,
                               String restore, boolean print) {
        jdbc.sql("TRUNCATE dag_run, task_instance, task_progress CASCADE").update();
        for (String s : drop.split(";")) {
            if (!s.isBlank()) {
                jdbc.sql(s).update();
            }
        }
        jdbc.sql("CHECKPOINT").update();
        jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).optional();
        long t0 = System.nanoTime();
        int created = step.createDue(herd, now);
        long wall = (System.nanoTime() - t0) / 1_000_000;
        if (created != herd.size()) {
            throw new IllegalStateException("created " + created + " runs of " + herd.size());
        }
        double[] sqlMs = {0};
        jdbc.sql("""
                SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read AS blocks, wal_records,
                       regexp_replace(query, '\\s+', ' ', 'g') AS query
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND query NOT LIKE '%pg_stat_statements%'
                ORDER BY total_exec_time DESC""").query(rs -> {
            sqlMs[0] += rs.getDouble("total_exec_time");
            if (print) {
                String q = rs.getString("query");
                System.out.printf(Locale.ROOT, "PROBE   %5d calls | %8.1f ms | %7d rows | %7d blks | %7d wal | %s%n",
                        rs.getLong("calls"), rs.getDouble("total_exec_time"), rs.getLong("rows"), rs.getLong("blocks"),
                        rs.getLong("wal_records"), q.length() > 150 ? q.substring(0, 150) : q);
            }
        });
        for (String s : restore.split(";")) {
            if (!s.isBlank()) {
                jdbc.sql("TRUNCATE dag_run, task_instance, task_progress CASCADE").update();
                jdbc.sql(s).update();
            }
        }
        return new long[] {wall, Math.round(sqlMs[0])};
    }
}
