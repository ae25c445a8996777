package io.pipeline.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.TaskRef;
import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;
import io.pipeline.state.TriggerRule;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskLogText;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine records besides states: every transition is in the table, logs of running tries, meters. */
class EngineRecordsTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(EngineRecordsTest.class);
    }

    @Test
    void every_recorded_task_state_change_is_a_move_of_the_transition_table() {
        Dag dag = DagBuilder.dag("all_paths").tasks(g -> {
            TaskRef pick = g.branch("pick", ctx -> List.of("ok"));
            TaskRef ok = g.task("ok", ctx -> List.of(1, 2));
            TaskRef skipped = g.task("not_chosen", ctx -> 1);
            TaskRef mapped = g.task("mapped", ctx -> ctx.mapItem(Integer.class)).expand(ok);
            TaskRef boom = g.task("boom", ctx -> {
                throw new IllegalStateException("no");
            }).retries(1).retryDelay(Duration.ofSeconds(1));
            TaskRef after = g.task("after_boom", ctx -> 1);
            TaskRef cleanup = g.task("cleanup", ctx -> 1).triggerRule(TriggerRule.ALL_DONE);
            pick.then(ok, skipped);
            ok.then(mapped).then(boom).then(after).then(cleanup);
        }).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-04-01T09:00:00Z"), dag);
        DagRunRow run = d.trigger("all_paths");
        d.settle();
        d.advance(Duration.ofSeconds(1));
        d.settle();

        assertThat(d.state(run, "after_boom")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(d.changes().tasks).isNotEmpty().allSatisfy(c -> assertThat(TaskStateMachine.canMove(c.from(), c.to()))
                .as(c.taskId() + ": " + c.from() + " -> " + c.to()).isTrue());
        assertThat(d.changes().tasks).extracting(c -> c.to()).contains(TaskState.SKIPPED, TaskState.UP_FOR_RETRY,
                TaskState.FAILED, TaskState.UPSTREAM_FAILED, TaskState.SUCCESS);
        assertThat(d.changes().of("boom")).filteredOn(c -> c.to() == TaskState.FAILED).singleElement()
                .satisfies(c -> {
                    assertThat(c.error()).contains("no");
                    assertThat(c.tryNumber()).isEqualTo(2);
                    assertThat(c.duration()).isNotNull();
                });
    }

    @Test
    void a_running_try_s_log_is_readable_after_a_heartbeat_and_complete_after_the_try() throws Exception {
        CountDownLatch logged = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Dag dag = DagBuilder.dag("long_log").tasks(g -> g.task("long", ctx -> {
            ctx.log().info("step 1 of 2");
            logged.countDown();
            release.await();
            ctx.log().info("step 2 of 2");
            return null;
        })).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-04-01T09:00:00Z"), dag);
        DagRunRow run = d.trigger("long_log");
        d.tick();
        ClaimedTi ti = d.claim(1).getFirst();
        CompletableFuture<TryOutcome> running = CompletableFuture.supplyAsync(() -> d.parts().runner().run(ti));
        logged.await();

        d.parts().newHeartbeater().beat();
        TaskLogText partial = d.tis().log("long_log", run.runId(), "long", -1, 1).orElseThrow();
        assertThat(partial.text()).contains("step 1 of 2").doesNotContain("step 2 of 2");
        assertThat(partial.finished()).isFalse();

        release.countDown();
        d.parts().finisher().finish(List.of(running.get()), 0);
        TaskLogText full = d.tis().log("long_log", run.runId(), "long", -1, 1).orElseThrow();
        assertThat(full.text()).containsSubsequence("step 1 of 2", "step 2 of 2");
        assertThat(full.finished()).isTrue();
    }

    @Test
    void meters_count_state_changes_and_time_tasks_and_scheduler_steps() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EngineMetrics metrics = new EngineMetrics(meters);
        StateRecorder recorder = new StateRecorder(List.of(), metrics);
        recorder.task("d", "r", java.time.Instant.EPOCH, "t", -1, 1, 1, TaskState.RUNNING, TaskState.SUCCESS,
                java.time.Instant.EPOCH, Duration.ofSeconds(2), null);
        metrics.taskFinished("d", "t", TaskState.SUCCESS, Duration.ofSeconds(2));
        metrics.taskLag("d", Duration.ofMillis(3));
        metrics.schedulerStep("admit", Duration.ofMillis(1));

        assertThat(meters.get("pipeline.ti.state.changes").tags("dag", "d", "task", "t", "state", "success")
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.get("pipeline.task.duration").tags("state", "success").timer().totalTime(
                java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2.0);
        assertThat(meters.get("pipeline.task.lag").timer().count()).isEqualTo(1);
        assertThat(meters.get("pipeline.scheduler.step").tags("step", "admit").timer().count()).isEqualTo(1);
    }
}
