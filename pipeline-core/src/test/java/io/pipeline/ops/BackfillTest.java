package io.pipeline.ops;

import io.pipeline.calendar.Calendars;
import io.pipeline.calendar.Session;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.ParamValidationException;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.pipeline.ops.SessionDags.NYSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Creating, planning, reprocessing, pausing and cancelling backfills, against PostgreSQL. */
class BackfillTest {

    static OpsTestKit kit;
    static Dag nyse;

    @BeforeAll
    static void database() {
        nyse = SessionDags.nyseClose(16, 16);
        kit = new OpsTestKit(BackfillTest.class, 4, nyse,
                DagBuilder.dag("by_hand").tasks(g -> g.task("only", ctx -> null)).build());
    }

    @BeforeEach
    void clean() {
        kit.deleteAllRuns();
    }

    @Test
    void a_two_year_backfill_of_a_session_dag_has_one_run_per_session_and_none_on_holidays() {
        LocalDate from = LocalDate.of(2023, 1, 1);
        LocalDate to = LocalDate.of(2024, 12, 31);
        List<LocalDate> sessions = Calendars.get("XNYS").sessions(from, to).stream().map(Session::date).toList();

        Backfill b = kit.backfills.create(request(from, to), OpsTestKit.alice());

        List<DagRunRow> runs = runsOf(b.row().id());
        assertThat(runs).extracting(DagRunRow::sessionDate).containsExactlyElementsOf(sessions);
        assertThat(sessions).hasSize(250 + 252)
                .doesNotContain(LocalDate.of(2023, 7, 4), LocalDate.of(2023, 12, 25), LocalDate.of(2024, 1, 15),
                        LocalDate.of(2024, 3, 29), LocalDate.of(2024, 12, 25))
                .contains(LocalDate.of(2024, 12, 24), LocalDate.of(2023, 11, 24));
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.runType()).isEqualTo("backfill");
            assertThat(r.state()).isEqualTo(DagRunState.QUEUED);
            assertThat(r.runId()).isEqualTo("backfill__" + r.logicalDate());
            assertThat(r.logicalDate()).isEqualTo(BackfillDates.start(nyse, r.sessionDate()));
            assertThat(r.confJson()).isEqualTo("{}");
        });
        assertThat(b.progress()).isEqualTo(new BackfillProgress(502, 0, 0, 0, 502, 0));
        assertThat(kit.jdbc.sql("""
                SELECT count(*) FROM task_progress p JOIN dag_run r ON r.id = p.run_pk
                WHERE r.backfill_id = :b AND p.unfinished = 1
                """).param("b", b.row().id()).query(Long.class).single())
                .as("the engine's progress counters exist for every new run").isEqualTo(502L * 2);
        List<TaskInstanceRow> tis = kit.tis.allForRun(runs.getFirst().id());
        assertThat(tis).extracting(TaskInstanceRow::taskId).containsExactly("fetch", "store");
        assertThat(tis).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.NONE));
        // effective priorities by the default downstream weight rule (fetch: itself and store), offset below
        assertThat(tis).extracting(TaskInstanceRow::priority).containsExactly(
                2 - BackfillRunWriter.PRIORITY_OFFSET, 1 - BackfillRunWriter.PRIORITY_OFFSET);
    }

    @Test
    void a_dry_run_lists_the_logical_dates_in_start_order_and_writes_nothing() {
        BackfillRequest req = request(LocalDate.of(2024, 12, 20), LocalDate.of(2024, 12, 27));

        List<PlannedRun> forwards = kit.backfills.plan(req);
        List<PlannedRun> backwards = kit.backfills.plan(req.backwards());

        assertThat(forwards).extracting(PlannedRun::session).containsExactly(LocalDate.of(2024, 12, 20),
                LocalDate.of(2024, 12, 23), LocalDate.of(2024, 12, 24), LocalDate.of(2024, 12, 26),
                LocalDate.of(2024, 12, 27));
        assertThat(forwards).allSatisfy(p -> assertThat(p.action()).isEqualTo(PlannedRun.Action.CREATE));
        assertThat(backwards).extracting(PlannedRun::session).containsExactlyElementsOf(
                forwards.reversed().stream().map(PlannedRun::session).toList());
        assertThat(kit.jdbc.sql("SELECT count(*) FROM dag_run").query(Long.class).single()).isZero();
        assertThat(kit.jdbc.sql("SELECT count(*) FROM backfill").query(Long.class).single()).isZero();
    }

    @Test
    void reprocess_none_leaves_every_existing_run_alone() {
        existingRuns();

        Backfill b = kit.backfills.create(request(DEC_16, DEC_20), OpsTestKit.alice());

        assertThat(kit.backfills.dates(b.row().id())).extracting(BackfillDate::skipReason).containsExactly(
                "already_exists", "already_exists", "in_flight", "already_exists", null);
        assertThat(kit.runState(NYSE, "failed_one")).isEqualTo(DagRunState.FAILED);
        assertThat(b.progress()).isEqualTo(new BackfillProgress(1, 0, 0, 0, 1, 4));
    }

    @Test
    void reprocess_failed_reruns_the_failed_tis_of_failed_runs() {
        existingRuns();

        Backfill b = kit.backfills.create(request(DEC_16, DEC_20).withReprocess(ReprocessBehavior.FAILED),
                OpsTestKit.alice());

        assertThat(kit.backfills.dates(b.row().id())).extracting(BackfillDate::runId, BackfillDate::skipReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "already_exists"),
                        org.assertj.core.groups.Tuple.tuple("failed_one", null),
                        org.assertj.core.groups.Tuple.tuple(null, "in_flight"),
                        org.assertj.core.groups.Tuple.tuple("failed_two", null),
                        org.assertj.core.groups.Tuple.tuple("backfill__" + BackfillDates.start(nyse, DEC_20), null));
        assertThat(kit.runState(NYSE, "failed_one")).isEqualTo(DagRunState.QUEUED);
        assertThat(kit.dagRuns.get(NYSE, "failed_one").orElseThrow().backfillId()).isEqualTo(b.row().id());
        assertThat(kit.ti(NYSE, "failed_one", "fetch").state()).as("only failed TIs").isEqualTo(TaskState.SUCCESS);
        assertThat(kit.ti(NYSE, "failed_one", "store").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.runState(NYSE, "ok")).isEqualTo(DagRunState.SUCCESS);
        assertThat(b.progress()).isEqualTo(new BackfillProgress(3, 0, 0, 0, 3, 2));
    }

    @Test
    void reprocess_completed_reruns_successful_and_failed_runs_but_never_one_in_flight() {
        existingRuns();

        Backfill b = kit.backfills.create(request(DEC_16, DEC_20).withReprocess(ReprocessBehavior.COMPLETED),
                OpsTestKit.alice());

        assertThat(kit.runState(NYSE, "ok")).isEqualTo(DagRunState.QUEUED);
        assertThat(kit.ti(NYSE, "ok", "fetch").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.runState(NYSE, "busy")).isEqualTo(DagRunState.RUNNING);
        assertThat(b.progress()).isEqualTo(new BackfillProgress(4, 0, 0, 0, 4, 1));
    }

    @Test
    void one_backfill_of_a_dag_at_a_time_and_cancel_fails_its_queued_runs() {
        Backfill first = kit.backfills.create(request(DEC_16, DEC_20), Actor.cli("bob"));

        assertThatThrownBy(() -> kit.backfills.create(request(DEC_16, DEC_20), OpsTestKit.alice()))
                .isInstanceOf(OpsConflictException.class)
                .hasMessage("backfill " + first.row().id() + " of DAG 'nyse_close' is still active; cancel it or"
                        + " wait until it completes");

        Backfill cancelled = kit.backfills.cancel(first.row().id(), OpsTestKit.alice());

        assertThat(cancelled.row().completedAt()).isEqualTo(kit.clock.instant());
        assertThat(cancelled.row().paused()).isTrue();
        assertThat(cancelled.progress()).isEqualTo(new BackfillProgress(5, 0, 0, 5, 0, 0));
        assertThatThrownBy(() -> kit.backfills.cancel(first.row().id(), OpsTestKit.alice()))
                .isInstanceOf(OpsConflictException.class).hasMessageContaining("already completed");
        assertThat(kit.backfills.create(request(LocalDate.of(2024, 12, 23), LocalDate.of(2024, 12, 24))
                .withReprocess(ReprocessBehavior.FAILED), OpsTestKit.alice()).progress().total()).isEqualTo(2);
        var events = new AuditQuery(kit.jdbc).list(AuditFilter.dag(NYSE), 10, 0, null).items();
        assertThat(events).extracting(AuditEntry::event, AuditEntry::owner).containsExactly(
                org.assertj.core.groups.Tuple.tuple("backfill_create", "bob"),
                org.assertj.core.groups.Tuple.tuple("backfill_cancel", "alice"),
                org.assertj.core.groups.Tuple.tuple("backfill_create", "alice"));
    }

    @Test
    void pause_and_unpause_flip_the_flag_and_unknown_backfills_are_not_found() {
        Backfill b = kit.backfills.create(request(DEC_16, DEC_20), OpsTestKit.alice());

        assertThat(kit.backfills.pause(b.row().id(), true, OpsTestKit.alice()).row().paused()).isTrue();
        assertThat(kit.backfills.pause(b.row().id(), false, OpsTestKit.alice()).row().paused()).isFalse();
        assertThatThrownBy(() -> kit.backfills.get(99_999)).isInstanceOf(BackfillNotFoundException.class)
                .hasMessage("backfill 99999 not found");
    }

    @Test
    void a_conf_that_breaks_the_params_or_the_size_cap_is_rejected_before_anything_exists() {
        assertThatThrownBy(() -> kit.backfills.create(request(DEC_16, DEC_20).withConf(Map.of("lookback", "x")),
                OpsTestKit.alice())).isInstanceOf(ParamValidationException.class).hasMessageContaining("lookback");
        assertThatThrownBy(() -> kit.backfills.create(request(DEC_16, DEC_20)
                .withConf(Map.of("blob", "x".repeat(ConfLimit.MAX_CONF_BYTES))), OpsTestKit.alice()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the limit is 65536 bytes");
        assertThat(kit.jdbc.sql("SELECT count(*) FROM backfill").query(Long.class).single()).isZero();
    }

    @Test
    void a_dag_without_a_schedule_has_nothing_to_backfill() {
        assertThatThrownBy(() -> kit.backfills.create(BackfillRequest.of("by_hand", Instant.parse(
                "2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z")), OpsTestKit.alice()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no schedule");
    }

    static final LocalDate DEC_16 = LocalDate.of(2024, 12, 16);
    static final LocalDate DEC_20 = LocalDate.of(2024, 12, 20);

    private static BackfillRequest request(LocalDate from, LocalDate to) {
        return BackfillRequest.of(NYSE, BackfillDates.start(nyse, from), BackfillDates.end(nyse, to));
    }

    /** Runs at 12-16 (success), 12-17 (failed), 12-18 (running), 12-19 (failed); none at 12-20. */
    private static void existingRuns() {
        existing("ok", DEC_16, DagRunState.SUCCESS, TaskState.SUCCESS);
        existing("failed_one", DEC_16.plusDays(1), DagRunState.FAILED, TaskState.FAILED);
        existing("busy", DEC_16.plusDays(2), DagRunState.RUNNING, TaskState.RUNNING);
        existing("failed_two", DEC_16.plusDays(3), DagRunState.FAILED, TaskState.FAILED);
    }

    private static void existing(String runId, LocalDate session, DagRunState state, TaskState store) {
        kit.dagRuns.trigger(NYSE, runId, BackfillDates.start(nyse, session), Map.of(), null);
        kit.setTi(NYSE, runId, "fetch", TaskState.SUCCESS, 1);
        kit.setTi(NYSE, runId, "store", store, 1);
        kit.setRunState(NYSE, runId, state);
    }

    private static List<DagRunRow> runsOf(long backfillId) {
        return kit.jdbc.sql("SELECT * FROM dag_run WHERE backfill_id = :b ORDER BY logical_date")
                .param("b", backfillId).query(io.pipeline.store.DagRunRepository.MAPPER).list();
    }
}
