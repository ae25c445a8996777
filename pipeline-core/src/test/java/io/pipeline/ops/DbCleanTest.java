package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.Timestamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DbCleanTest {
    private static final Dag ETL = DagBuilder.dag("etl")
            .tasks(g -> g.task("extract", ctx -> 1).then(g.task("load", ctx -> 2))).build();
    private static final Dag OTHER = DagBuilder.dag("other").tasks(g -> g.task("only", ctx -> 1)).build();
    private static final OpsTestKit KIT = new OpsTestKit(DbCleanTest.class, 4, ETL, OTHER);

    private final DbClean clean = new DbClean(KIT.dataSource, KIT.tx, KIT.clock);

    @BeforeEach
    void empty() {
        KIT.deleteAllRuns();
    }

    @Test
    void deletesFinishedRunsBeforeTheDateWithEverythingHangingOffThem() {
        DagRunRow old = finished("etl", "2025-01-06", "success");
        DagRunRow oldFailed = finished("etl", "2025-01-07", "failed");
        DagRunRow recent = finished("etl", "2026-02-02", "success");
        addChildren(old);
        addChildren(oldFailed);

        DbClean.Report report = clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null, null,
                false, null), Actor.cli("ops"));

        assertThat(report.runs()).isEqualTo(2);
        assertThat(report.rows()).containsEntry("dag_run", 2L).containsEntry("task_instance", 4L)
                .containsEntry("task_log", 2L).containsEntry("xcom", 2L);
        assertThat(runIds()).containsExactly(recent.id());
        assertThat(count("SELECT count(*) FROM task_instance WHERE run_pk IN (" + old.id() + ", " + oldFailed.id()
                + ")")).isZero();
        assertThat(count("SELECT count(*) FROM task_log")).isZero();
        assertThat(count("SELECT count(*) FROM xcom")).isZero();
        assertThat(KIT.jdbc.sql("SELECT extra FROM audit_log WHERE event = 'db_clean'").query(String.class).single())
                .contains("\"runs_deleted\":2");
    }

    @Test
    void aDryRunCountsAndDeletesNothing() {
        DagRunRow old = finished("etl", "2025-01-06", "success");
        addChildren(old);
        DbClean.Report report = clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null, null,
                true, null), Actor.cli("ops"));
        assertThat(report.dryRun()).isTrue();
        assertThat(report.rows()).containsEntry("dag_run", 1L).containsEntry("task_instance", 2L);
        assertThat(runIds()).containsExactly(old.id());
        assertThat(count("SELECT count(*) FROM audit_log WHERE event = 'db_clean'")).isZero();
    }

    @Test
    void aDateInTheFutureIsRefused() {
        finished("etl", "2025-01-06", "success");
        assertThatThrownBy(() -> clean.clean(new DbClean.Request(KIT.clock.instant().plusSeconds(3600), null, null,
                false, null), Actor.cli("ops")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the future");
        assertThat(runIds()).hasSize(1);
    }

    @Test
    void aSelectionHoldingARunningRunIsRefusedAndNothingIsDeleted() {
        DagRunRow done = finished("etl", "2025-01-06", "success");
        DagRunRow running = finished("etl", "2025-01-07", "running");
        assertThatThrownBy(() -> clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null, null,
                false, null), Actor.cli("ops")))
                .isInstanceOf(DbClean.RefusedException.class)
                .hasMessageContaining("etl/" + running.runId() + " (running)").hasMessageContaining("nothing was deleted");
        assertThat(runIds()).containsExactlyInAnyOrder(done.id(), running.id());

        DbClean.Report retention = clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null,
                null, false, null, true), Actor.system("retention"));
        assertThat(retention.skippedActive()).isEqualTo(1);
        assertThat(runIds()).containsExactly(running.id());
    }

    @Test
    void theLatestScheduledRunOfEachDagIsKeptForItsTimetable() {
        DagRunRow first = finished("etl", "2025-01-06", "success");
        DagRunRow latestScheduled = finished("etl", "2025-01-07", "success");
        KIT.jdbc.sql("UPDATE dag_run SET run_type = 'scheduled' WHERE id IN (:ids)")
                .param("ids", List.of(first.id(), latestScheduled.id())).update();
        clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null, null, false, null),
                Actor.cli("ops"));
        assertThat(runIds()).containsExactly(latestScheduled.id());
    }

    @Test
    void onlyTheNamedDagAndTablesAreCleaned() {
        DagRunRow etl = finished("etl", "2025-01-06", "success");
        DagRunRow other = finished("other", "2025-01-06", "success");
        addChildren(etl);
        clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), "etl",
                EnumSet.of(DbClean.Table.TASK_LOG), false, null), Actor.cli("ops"));
        assertThat(runIds()).containsExactlyInAnyOrder(etl.id(), other.id());
        assertThat(count("SELECT count(*) FROM task_log")).isZero();
        assertThat(count("SELECT count(*) FROM xcom")).isEqualTo(1);
    }

    @Test
    void theEventLogIsKeptUnlessNamed() {
        finished("etl", "2025-01-06", "success");
        KIT.jdbc.sql("INSERT INTO audit_log (event_time, event, owner) VALUES (:t, 'old_event', 'alice')")
                .param("t", Timestamps.toDb(Instant.parse("2025-06-01T00:00:00Z"))).update();
        Instant before = Instant.parse("2026-01-01T00:00:00Z");
        clean.clean(new DbClean.Request(before, null, null, false, null), Actor.cli("ops"));
        assertThat(count("SELECT count(*) FROM audit_log WHERE event = 'old_event'")).isEqualTo(1);
        clean.clean(new DbClean.Request(before, null, EnumSet.of(DbClean.Table.AUDIT_LOG), false, null),
                Actor.cli("ops"));
        assertThat(count("SELECT count(*) FROM audit_log WHERE event = 'old_event'")).isZero();
    }

    @Test
    void theArchiveHoldsTheRowsBeforeTheyAreDeleted(@TempDir Path dir) throws Exception {
        DagRunRow a = finished("etl", "2025-01-06", "success");
        DagRunRow b = finished("etl", "2025-01-07", "success");
        addChildren(a);
        addChildren(b);
        clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null, null, false, dir),
                Actor.cli("ops"));
        List<String> runs = Files.readAllLines(dir.resolve("dag_run.csv"));
        assertThat(runs.getFirst()).startsWith("id,dag_id,run_id");
        assertThat(runs).hasSize(3);
        assertThat(String.join("\n", runs)).contains(a.runId()).contains(b.runId());
        assertThat(Files.readAllLines(dir.resolve("task_instance.csv"))).hasSize(5);
        assertThat(Files.readAllLines(dir.resolve("task_log.csv"))).hasSize(3);
        assertThat(Files.readString(dir.resolve("xcom.csv"))).contains("\"{\"\"rows\"\": 42}\"");
        assertThat(runIds()).isEmpty();
    }

    @Test
    void aRunLockedByAnotherTransactionIsLeftWhole() throws Exception {
        DagRunRow locked = finished("etl", "2025-01-06", "success");
        DagRunRow free = finished("etl", "2025-01-07", "success");
        addChildren(locked);
        try (var c = KIT.dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("SELECT id FROM dag_run WHERE id = " + locked.id() + " FOR UPDATE");
            }
            DbClean.Report report = clean.clean(new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null,
                    null, false, null), Actor.cli("ops"));
            assertThat(report.skippedBusy()).isEqualTo(1);
            assertThat(report.runs()).isEqualTo(1);
            c.rollback();
        }
        assertThat(runIds()).containsExactly(locked.id());
        assertThat(count("SELECT count(*) FROM task_instance WHERE run_pk = " + locked.id())).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM task_log")).isEqualTo(1);
        assertThat(free.id()).isNotEqualTo(locked.id());
    }

    @Test
    void anExclusiveCleanIsSkippedWhileAnotherNodeHoldsItsLock() throws Exception {
        DagRunRow old = finished("etl", "2025-01-06", "success");
        DbClean.Request request = new DbClean.Request(Instant.parse("2026-01-01T00:00:00Z"), null, null, false,
                null, true);
        try (var other = KIT.dataSource.getConnection(); var st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + DbClean.EXCLUSIVE_KEY + ")");
            assertThat(clean.cleanExclusively(request, Actor.system("retention"))).isEmpty();
            assertThat(runIds()).containsExactly(old.id());
            st.execute("SELECT pg_advisory_unlock(" + DbClean.EXCLUSIVE_KEY + ")");
        }
        assertThat(clean.cleanExclusively(request, Actor.system("retention"))).get()
                .extracting(DbClean.Report::runs).isEqualTo(1);
        assertThat(runIds()).isEmpty();
        assertThat(KIT.jdbc.sql("SELECT owner FROM audit_log WHERE event = 'db_clean'").query(String.class).single())
                .isEqualTo("retention");
    }

    private DagRunRow finished(String dag, String day, String state) {
        DagRunRow run = KIT.run(dag, day);
        KIT.jdbc.sql("UPDATE dag_run SET state = :s, end_date = CASE WHEN :s IN ('success', 'failed') THEN :now END"
                        + " WHERE id = :id")
                .param("s", state).param("now", Timestamps.toDb(KIT.clock.instant())).param("id", run.id()).update();
        return run;
    }

    /** One log row and one XCom value for the run's first task instance. */
    private void addChildren(DagRunRow run) {
        long ti = KIT.jdbc.sql("SELECT min(id) FROM task_instance WHERE run_pk = :r").param("r", run.id())
                .query(Long.class).single();
        KIT.jdbc.sql("INSERT INTO task_log (ti_id, try_number, lines, created_at) VALUES (:ti, 1, 'loaded 42 rows', :t)")
                .param("ti", ti).param("t", Timestamps.toDb(KIT.clock.instant())).update();
        KIT.jdbc.sql("""
                INSERT INTO xcom (run_pk, task_id, map_index, key, value, created_at)
                VALUES (:r, 'extract', -1, 'return_value', CAST('{"rows": 42}' AS jsonb), :t)
                """).param("r", run.id()).param("t", Timestamps.toDb(KIT.clock.instant())).update();
    }

    private List<Long> runIds() {
        return KIT.jdbc.sql("SELECT id FROM dag_run ORDER BY id").query(Long.class).list();
    }

    private long count(String sql) {
        return KIT.jdbc.sql(sql).query(Long.class).single();
    }
}
