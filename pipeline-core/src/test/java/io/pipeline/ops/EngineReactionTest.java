package io.pipeline.ops;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.engine.TryOutcome;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.state.TriggerRule;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clear and mark against the real engine (driven step by step): the scheduler reacts to what an operator did as
 * the trigger rules say, and a worker finishing a try that was cleared or marked meanwhile changes nothing.
 */
class EngineReactionTest {

    static final AtomicBoolean B_FAILS = new AtomicBoolean();
    static EngineTestDriver driver;
    static Operations ops;

    /** {@code a >> b >> [c (all_success), d (all_done)]}; b fails while {@link #B_FAILS} is set. */
    static Dag dag() {
        return DagBuilder.dag("react")
                .tasks(g -> {
                    var a = g.task("a", ctx -> "a");
                    var b = g.task("b", ctx -> {
                        if (B_FAILS.get()) {
                            throw new IllegalStateException("b broke");
                        }
                        return "b";
                    });
                    a.then(b);
                    b.then(g.task("c", ctx -> "c"));
                    b.then(g.task("d", ctx -> "d").triggerRule(TriggerRule.ALL_DONE));
                })
                .build();
    }

    @BeforeAll
    static void engine() {
        driver = EngineTestDriver.create(TestDatabase.migratedDatabase(EngineReactionTest.class),
                SettableClock.at("2026-03-02T12:00:00Z"), dag());
        var p = driver.parts();
        ops = new Operations(p.stores(), p.tx(), p.clock(), driver.registry(), driver.runs(), p.recorder(), null);
    }

    @BeforeEach
    void aMinuteLater() {
        driver.advance(Duration.ofMinutes(1));
    }

    @Test
    void marking_a_task_failed_makes_the_scheduler_settle_its_downstream_by_trigger_rule() {
        B_FAILS.set(false);
        DagRunRow run = driver.runs().trigger("react", "mark_failed", null, null, null);
        driver.tick();

        ops.mark(MarkRequest.of("react", TaskScope.ids("b"), RunScope.run(run.runId()), TaskState.FAILED),
                OpsTestKit.alice());
        driver.settle();

        assertThat(driver.state(run, "a")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "b")).isEqualTo(TaskState.FAILED);
        assertThat(driver.state(run, "c")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(driver.state(run, "d")).as("all_done runs after a failure").isEqualTo(TaskState.SUCCESS);
        assertThat(driver.runState("react", run.runId())).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void marking_a_failed_task_success_resumes_its_failed_downstream_and_the_run_succeeds() {
        B_FAILS.set(true);
        DagRunRow run = driver.runs().trigger("react", "mark_success", null, null, null);
        driver.settle();
        assertThat(driver.state(run, "c")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(driver.runState("react", run.runId())).isEqualTo(DagRunState.FAILED);

        ops.mark(MarkRequest.of("react", TaskScope.ids("b"), RunScope.run(run.runId()), TaskState.SUCCESS),
                OpsTestKit.alice());
        assertThat(driver.state(run, "c")).isEqualTo(TaskState.NONE);
        assertThat(driver.runState("react", run.runId())).isEqualTo(DagRunState.QUEUED);
        driver.settle();

        assertThat(driver.state(run, "c")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.state(run, "d")).as("d had succeeded and is left alone").isEqualTo(TaskState.SUCCESS);
        assertThat(driver.runState("react", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void clearing_a_failed_task_with_downstream_reruns_it_with_a_new_try() {
        B_FAILS.set(true);
        DagRunRow run = driver.runs().trigger("react", "clear_rerun", null, null, null);
        driver.settle();
        B_FAILS.set(false);

        ops.clear(ClearRequest.of("react", TaskScope.ids("b").withDownstream(true), RunScope.run(run.runId())),
                OpsTestKit.alice());
        driver.settle();

        assertThat(driver.state(run, "b")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.ti(run, "b", -1).tryNumber()).isEqualTo(2);
        assertThat(driver.tis().detail("react", run.runId(), "b", -1).orElseThrow().tries())
                .extracting(TaskTryRow::tryNumber, TaskTryRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, TaskState.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, TaskState.SUCCESS));
        assertThat(driver.runState("react", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void a_worker_finishing_a_try_that_was_marked_meanwhile_writes_nothing() {
        B_FAILS.set(false);
        DagRunRow run = driver.runs().trigger("react", "mark_running", null, null, null);
        driver.tick();
        List<ClaimedTi> claimed = driver.claim(10);
        assertThat(claimed).extracting(ClaimedTi::taskId).containsExactly("a");

        ops.mark(MarkRequest.of("react", TaskScope.ids("a"), RunScope.run(run.runId()), TaskState.SUCCESS),
                OpsTestKit.alice());
        var finished = driver.parts().finisher().finish(List.of(TryOutcome.failure(claimed.getFirst(),
                driver.now(), "too late", true, "")), 0);

        assertThat(finished.written()).isEmpty();
        assertThat(driver.state(run, "a")).isEqualTo(TaskState.SUCCESS);
        assertThat(driver.tis().detail("react", run.runId(), "a", -1).orElseThrow().tries()).singleElement()
                .satisfies(t -> {
                    assertThat(t.state()).isEqualTo(TaskState.SUCCESS);
                    assertThat(t.error()).isEqualTo("marked success by alice (api)");
                });
        driver.settle();
        assertThat(driver.runState("react", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }
}
