package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.engine.TryOutcome;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRepository;
import io.pipeline.store.DagRunRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.pipeline.ops.SessionDags.NYSE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfill runs through the real engine (driven step by step): they start under the backfill's own max_active_runs
 * in its order, their progress is readable as they go, and the DAG's scheduled run starts on time beside them.
 * The DAG starts on 2026-03-02 (its first scheduled run is due at 16:30 New York, 21:30Z); the clock starts at
 * 15:00Z that day, so no scheduled run exists until a test moves the clock.
 */
class BackfillAdmissionTest {

    static final Instant MORNING = Instant.parse("2026-03-02T15:00:00Z");
    static EngineTestDriver driver;
    static BackfillService backfills;
    static Dag dag;

    @BeforeAll
    static void engine() {
        dag = SessionDags.nyseClose(LocalDate.of(2026, 3, 2), 1, 2);
        driver = EngineTestDriver.create(TestDatabase.migratedDatabase(BackfillAdmissionTest.class),
                SettableClock.at(MORNING.toString()), dag);
        var p = driver.parts();
        backfills = new BackfillService(p.stores(), p.tx(), p.clock(), driver.registry(), p.recorder(), null);
    }

    @BeforeEach
    void clean() {
        driver.clock().set(MORNING);
        driver.parts().jdbc().sql("DELETE FROM dag_run").update();
        driver.parts().jdbc().sql("DELETE FROM backfill").update();
    }

    @Test
    void runs_start_under_the_backfills_own_limit_newest_first_when_backwards() {
        Backfill b = backfills.create(request(LocalDate.of(2024, 12, 16), LocalDate.of(2024, 12, 20))
                .withMaxActiveRuns(2).backwards(), OpsTestKit.alice());

        driver.tick();

        assertThat(runs(b, DagRunState.RUNNING)).extracting(DagRunRow::sessionDate)
                .containsExactly(LocalDate.of(2024, 12, 19), LocalDate.of(2024, 12, 20));
        assertThat(backfills.get(b.row().id()).progress()).isEqualTo(new BackfillProgress(5, 0, 2, 0, 3, 0));
    }

    @Test
    void progress_is_readable_while_it_runs_and_the_backfill_completes_after_its_last_run() {
        Backfill b = backfills.create(request(LocalDate.of(2024, 12, 18), LocalDate.of(2024, 12, 20))
                .withMaxActiveRuns(1), OpsTestKit.alice());

        driver.tick();
        assertThat(progress(b)).isEqualTo(new BackfillProgress(3, 0, 1, 0, 2, 0));
        driver.runQueued();
        assertThat(progress(b)).isEqualTo(new BackfillProgress(3, 1, 0, 0, 2, 0));
        driver.tick();
        assertThat(progress(b)).isEqualTo(new BackfillProgress(3, 1, 1, 0, 1, 0));
        driver.settle();
        assertThat(progress(b)).isEqualTo(new BackfillProgress(3, 3, 0, 0, 0, 0));
        assertThat(backfills.get(b.row().id()).row().completedAt()).isEqualTo(MORNING);
    }

    @Test
    void the_scheduled_run_starts_on_time_and_its_tasks_go_first_while_a_long_backfill_runs() {
        Backfill b = backfills.create(request(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))
                .withMaxActiveRuns(3), OpsTestKit.alice());
        driver.tick();
        assertThat(runs(b, DagRunState.RUNNING)).hasSize(3);
        assertThat(activeTis()).as("max_active_tasks 2 is full of backfill work").isEqualTo(2);

        driver.clock().set(Instant.parse("2026-03-02T21:31:00Z"));
        driver.tick();

        DagRunRow today = driver.runs().get(NYSE, "scheduled__" + BackfillDates.start(dag, LocalDate.of(2026, 3, 2)))
                .orElseThrow();
        assertThat(today.state()).as("DAG max_active_runs is 1: backfill runs do not count against it")
                .isEqualTo(DagRunState.RUNNING);
        assertThat(driver.state(today, "fetch")).isEqualTo(TaskState.SCHEDULED);

        List<ClaimedTi> busy = driver.claim(2);
        TryOutcome done = driver.parts().runner().run(busy.getFirst());
        driver.parts().finisher().finish(List.of(done), 0);

        assertThat(driver.state(today, "fetch")).as("the first free slot goes to the scheduled run")
                .isEqualTo(TaskState.QUEUED);
        assertThat(progress(b).remaining()).isEqualTo(252 - 3);
    }

    private static BackfillRequest request(LocalDate from, LocalDate to) {
        return BackfillRequest.of(NYSE, BackfillDates.start(dag, from), BackfillDates.end(dag, to));
    }

    private static BackfillProgress progress(Backfill b) {
        return backfills.get(b.row().id()).progress();
    }

    private static List<DagRunRow> runs(Backfill b, DagRunState state) {
        return driver.parts().jdbc().sql("""
                SELECT * FROM dag_run WHERE backfill_id = :b AND state = :s ORDER BY logical_date
                """)
                .param("b", b.row().id()).param("s", state.value()).query(DagRunRepository.MAPPER).list();
    }

    private static long activeTis() {
        return driver.parts().jdbc().sql("SELECT count(*) FROM task_instance WHERE state IN ('queued', 'running')")
                .query(Long.class).single();
    }
}
