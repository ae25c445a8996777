package io.pipeline.engine;

import com.zaxxer.hikari.HikariDataSource;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.ProbeDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Measuring probe, run by name only ({@code -Dtest=FanOutBuffersProbe}): statements and buffers per 1,000 TIs in the
 * middle of a wide fan-out, through the engine's own claim, runner and finishing transaction, on its own embedded
 * PostgreSQL with pg_stat_statements and auto_explain. Properties: {@code probe.width} (20,000), {@code probe.measured}
 * (8,000 TIs counted, ending 2,000 before the end), {@code probe.handoff} (false: every admitted TI goes through
 * queued and the claim), {@code probe.setup} (SQL run first, e.g. a reloption to try), {@code probe.explain}
 * (auto_explain's log_min_duration; plans sampled at {@code probe.sample}, into the printed log directory).
 * Asserts nothing: docs/decisions/node-speed.md.
 */
class FanOutBuffersProbe {

    @Test
    void fan_out_statements() throws Exception {
        int width = Integer.getInteger("probe.width", 20_000);
        int measured = Integer.getInteger("probe.measured", 8_000);
        int slots = 16;
        Path logDir = Files.createTempDirectory("probe-pglog");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                .setServerConfig("auto_explain.log_min_duration", System.getProperty("probe.explain", "-1"))
                .setServerConfig("auto_explain.log_analyze", "on")
                .setServerConfig("auto_explain.log_buffers", "on")
                .setServerConfig("auto_explain.log_nested_statements", "on")
                .setServerConfig("auto_explain.sample_rate", System.getProperty("probe.sample", "0.02"))
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logDir.toString())
                .setServerConfig("fsync", "off").setServerConfig("shared_buffers", "128MB")
                .start()) {
            try (HikariDataSource ds = ProbeDatabase.migrated(pg, 4)) {
                JdbcClient jdbc = JdbcClient.create(ds);
                for (String setup : System.getProperty("probe.setup", "").split(";")) {
                    if (!setup.isBlank()) {
                        jdbc.sql(setup).update();
                    }
                }
                Dag dag = DagBuilder.dag("probe_fanout").maxActiveTasks(10_000).tasks(b -> {
                    TaskRef start = b.task("start", ctx -> IntStream.range(0, width).boxed().toList());
                    TaskRef work = b.task("work", ctx -> ctx.mapItem(Integer.class)).expand(start);
                    start.then(work).then(b.task("join", ctx -> 1));
                }).build();
                EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-02T10:00:00Z"), dag);
                DagRunRow run = d.trigger("probe_fanout");
                d.tick();
                // each claimed TI with the mark taken after its claim committed, as the worker runs them
                List<Claimed> running = new ArrayList<>(Claimed.marked(d.claim(slots), d));
                int done = 0;
                int warm = width - measured - 2_000;
                boolean reset = false;
                while (!running.isEmpty() && done < width - 2_000) {
                    if (!reset && done >= warm) {
                        jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).optional();
                        jdbc.sql("SELECT pg_stat_reset()").query(Object.class).optional();
                        reset = true;
                        done = warm;
                    }
                    List<TryOutcome> outcomes = new ArrayList<>();
                    int batch = Math.min(running.size(), 11);
                    List<Claimed> now = new ArrayList<>(running.subList(0, batch));
                    running.subList(0, batch).clear();
                    for (Claimed c : now) {
                        outcomes.add(d.parts().runner().run(c.ti(), c.claimMark()));
                    }
                    // probe.handoff=false: the finishing transaction has no free slot of its own (a busy node), so the
                    // admitted TIs are queued and the worker's claim takes them
                    int own = Boolean.parseBoolean(System.getProperty("probe.handoff", "true"))
                            ? slots - running.size() : 0;
                    TryFinisher.Finished f = d.parts().finisher().finish(outcomes, own);
                    now.forEach(c -> d.parts().running().finished(c.ti()));
                    running.addAll(Claimed.marked(f.claimedHere(), d));
                    if (running.size() < slots) {
                        running.addAll(Claimed.marked(d.claim(slots - running.size()), d));
                    }
                    done += batch;
                }
                int tis = done - warm;
                double per = 1000.0 / tis;
                System.out.println("PROBE measured TIs: " + tis);
                jdbc.sql("""
                        SELECT calls, total_exec_time, rows, shared_blks_hit + shared_blks_read AS blocks,
                               shared_blks_dirtied AS dirtied, wal_records,
                               regexp_replace(query, '\\s+', ' ', 'g') AS query
                        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                        ORDER BY blocks DESC LIMIT 25""").query(rs -> {
                    String q = rs.getString("query");
                    System.out.printf(Locale.ROOT, "PROBE %8.1f calls | %7.1f ms | %8.1f rows | %8.1f blks | %6.1f dirt | %6.1f wal | %s%n",
                            rs.getLong("calls") * per, rs.getDouble("total_exec_time") * per, rs.getLong("rows") * per,
                            rs.getLong("blocks") * per, rs.getLong("dirtied") * per, rs.getLong("wal_records") * per,
                            q.length() > 260 ? q.substring(0, 260) : q);
                });
                jdbc.sql("""
                        SELECT sum(shared_blks_hit + shared_blks_read) AS blocks, sum(total_exec_time) AS ms,
                               sum(wal_records) AS wal
                        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                        """).query(rs -> {
                    System.out.printf(Locale.ROOT, "PROBE total per 1000 TIs: %.0f blocks, %.1f ms, %.0f wal records%n",
                            rs.getLong("blocks") * per, rs.getDouble("ms") * per, rs.getLong("wal") * per);
                });
                jdbc.sql("""
                        SELECT indexrelname, idx_blks_hit + coalesce(idx_blks_read, 0) AS b,
                               pg_relation_size(indexrelid) / 8192 AS pages
                        FROM pg_statio_user_indexes s
                        WHERE s.relname IN ('task_instance', 'task_try', 'xcom') ORDER BY 2 DESC""").query(rs -> {
                    System.out.printf(Locale.ROOT, "PROBE index %-24s %10d blocks (whole run) %6d pages%n",
                            rs.getString(1), rs.getLong(2), rs.getLong(3));
                });
                jdbc.sql("""
                        SELECT relname, n_tup_upd, n_tup_hot_upd, n_dead_tup, pg_relation_size(relid) / 8192 AS pages,
                               heap_blks_hit
                        FROM pg_stat_user_tables JOIN pg_statio_user_tables USING (relid, schemaname, relname)
                        WHERE relname IN ('task_instance', 'task_try', 'xcom', 'task_progress', 'dag_run', 'pool')""")
                        .query(rs -> {
                    System.out.printf(Locale.ROOT, "PROBE table %s upd %d hot %d dead %d pages %d heap blks %d%n",
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                });
                for (String explain : List.of(
                        "EXPLAIN (ANALYZE, BUFFERS) " + io.pipeline.store.ProbeAccess.poolState()
                                .replace(":pool", "'default_pool'").replace(":dag", "'probe_fanout'"))) {
                    jdbc.sql(explain).query(String.class).list().forEach(l -> System.out.println("PROBE plan " + l));
                }
                System.out.println("PROBE server log in " + logDir);
            }
        }
    }

    private record Claimed(ClaimedTi ti, long claimMark) {
        static List<Claimed> marked(List<ClaimedTi> claimed, EngineTestDriver d) {
            long mark = d.parts().runner().claimMark();
            return claimed.stream().map(ti -> new Claimed(ti, mark)).toList();
        }
    }
}
