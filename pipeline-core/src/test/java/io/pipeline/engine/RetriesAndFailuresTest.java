package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.ClaimedTi;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;
import io.pipeline.task.PokeResult;
import io.pipeline.task.SensorSpec;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries with the injected clock, execution timeouts, sensors, zombies, logs and serialisation failures. */
class RetriesAndFailuresTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(RetriesAndFailuresTest.class);
    }

    EngineTestDriver driver(Dag... dags) {
        return EngineTestDriver.create(ds, SettableClock.at("2026-03-09T13:30:00Z"), dags);
    }

    @Test
    void retries_after_the_fixed_delay_then_succeeds() {
        AtomicInteger calls = new AtomicInteger();
        Dag dag = DagBuilder.dag("flaky").tasks(g -> g.task("fetch", ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("provider returned 503");
            }
            return "ok";
        }).retries(2).retryDelay(Duration.ofSeconds(30))).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("flaky");
        Instant start = d.now();

        d.settle();

        TaskInstanceRow waiting = d.ti(run, "fetch", -1);
        assertThat(waiting.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(waiting.nextAttemptAt()).isEqualTo(start.plusSeconds(30));
        d.advance(Duration.ofSeconds(29));
        d.settle();
        assertThat(d.state(run, "fetch")).isEqualTo(TaskState.UP_FOR_RETRY);

        d.advance(Duration.ofSeconds(1));
        d.settle();

        assertThat(d.state(run, "fetch")).isEqualTo(TaskState.SUCCESS);
        List<TaskTryRow> tries = d.tis().detail("flaky", run.runId(), "fetch", -1).orElseThrow().tries();
        assertThat(tries).extracting(TaskTryRow::tryNumber, TaskTryRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, TaskState.UP_FOR_RETRY),
                        org.assertj.core.groups.Tuple.tuple(2, TaskState.SUCCESS));
        assertThat(tries.getFirst().error()).contains("provider returned 503");
        assertThat(d.runState("flaky", run.runId())).isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void retries_after_exponential_delays_then_fails_when_tries_run_out() {
        Dag dag = DagBuilder.dag("always_failing").tasks(g -> g.task("load", ctx -> {
            throw new IllegalStateException("disk full");
        }).retries(2).retryDelay(Duration.ofSeconds(10)).exponentialBackoff(true)).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("always_failing");

        d.settle();
        Instant firstEnd = d.now();
        assertThat(d.ti(run, "load", -1).nextAttemptAt()).isEqualTo(firstEnd.plusSeconds(10));
        d.advance(Duration.ofSeconds(10));
        d.settle();
        assertThat(d.ti(run, "load", -1).tryNumber()).isEqualTo(2);
        assertThat(d.ti(run, "load", -1).nextAttemptAt()).isEqualTo(d.now().plusSeconds(20));
        d.advance(Duration.ofSeconds(19));
        d.settle();
        assertThat(d.state(run, "load")).isEqualTo(TaskState.UP_FOR_RETRY);
        d.advance(Duration.ofSeconds(1));
        d.settle();

        TaskInstanceRow ti = d.ti(run, "load", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.tryNumber()).isEqualTo(3);
        assertThat(ti.failureReason()).contains("disk full");
        assertThat(d.runState("always_failing", run.runId())).isEqualTo(DagRunState.FAILED);
    }

    @Test
    void a_task_that_throws_has_the_stack_trace_in_its_log_and_secrets_are_masked() {
        Dag dag = DagBuilder.dag("logging").tasks(g -> g.task("login", ctx -> {
            ctx.log().info("connecting with password {}", "hunter2-secret");
            ctx.log().warn("slow provider");
            throw new IllegalArgumentException("rejected token hunter2-secret");
        })).build();
        EngineTestDriver d = driver(dag);
        d.masker().register("hunter2-secret");
        DagRunRow run = d.trigger("logging");

        d.settle();

        String log = d.log(run, "login", -1, 1);
        assertThat(log).contains("INFO connecting with password ***").contains("WARN slow provider")
                .contains("java.lang.IllegalArgumentException: rejected token ***")
                .contains("at io.pipeline.engine.RetriesAndFailuresTest").doesNotContain("hunter2-secret");
        assertThat(d.ti(run, "login", -1).failureReason()).contains("rejected token");
    }

    /** Jackson cannot write it: its only property refers to itself. */
    public static final class SelfReferencing {
        public SelfReferencing getSelf() {
            return this;
        }
    }

    @Test
    void an_output_that_cannot_be_serialised_fails_the_try_naming_the_task_and_the_type() {
        Dag dag = DagBuilder.dag("bad_output").tasks(g -> g.task("produce", ctx -> new SelfReferencing())).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("bad_output");

        d.settle();

        TaskInstanceRow ti = d.ti(run, "produce", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).contains("bad_output/" + run.runId() + "/produce")
                .contains(SelfReferencing.class.getName()).contains("cannot be serialised to JSON");
    }

    @Test
    void an_execution_timeout_interrupts_the_task_and_fails_the_try_with_a_clear_message() {
        CountDownLatch never = new CountDownLatch(1);
        Dag dag = DagBuilder.dag("slow").tasks(g -> g.task("hang", ctx -> {
            never.await();
            return null;
        }).executionTimeout(Duration.ofMillis(200))).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("slow");

        d.settle();

        TaskInstanceRow ti = d.ti(run, "hang", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.failureReason()).contains("execution timeout").contains("PT0.2S");
        assertThat(d.log(run, "hang", -1, 1)).contains("execution timeout");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void a_reschedule_sensor_frees_the_worker_between_pokes_and_succeeds_when_met() {
        AtomicInteger pokes = new AtomicInteger();
        Dag dag = DagBuilder.dag("waiting").tasks(g -> g.sensor("file", ctx -> pokes.incrementAndGet() < 3
                ? PokeResult.notYet() : PokeResult.met("s3://bucket/file"),
                SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(1))).then(g.task("after", ctx -> 1)))
                .build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("waiting");

        d.settle();
        TaskInstanceRow first = d.ti(run, "file", -1);
        assertThat(first.state()).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        assertThat(first.nextAttemptAt()).isEqualTo(d.now().plus(Duration.ofMinutes(5)));
        assertThat(first.nodeId()).isEqualTo("node-1");
        assertThat(d.parts().running().size()).isZero();
        d.advance(Duration.ofMinutes(5));
        d.settle();
        d.advance(Duration.ofMinutes(5));
        d.settle();

        assertThat(pokes.get()).isEqualTo(3);
        assertThat(d.state(run, "file")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.ti(run, "file", -1).tryNumber()).isEqualTo(1);
        assertThat(d.state(run, "after")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.tis().xcom("waiting", run.runId(), "file", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"s3://bucket/file\"");
    }

    @Test
    void a_reschedule_sensor_fails_at_its_timeout_counted_from_the_first_poke_without_retrying() {
        Dag dag = DagBuilder.dag("never_there").tasks(g -> g.sensor("file", ctx -> PokeResult.notYet(),
                SensorSpec.reschedule(Duration.ofMinutes(10), Duration.ofMinutes(25))).retries(3)).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("never_there");
        Instant firstPoke = d.now();

        d.settle();
        for (int i = 0; i < 4; i++) {
            d.advance(Duration.ofMinutes(10));
            d.settle();
        }

        TaskInstanceRow ti = d.ti(run, "file", -1);
        assertThat(ti.state()).isEqualTo(TaskState.FAILED);
        assertThat(ti.endDate()).isEqualTo(firstPoke.plus(Duration.ofMinutes(30)));
        assertThat(ti.failureReason()).contains("sensor timed out").contains("PT25M");
        assertThat(ti.tryNumber()).isEqualTo(1);
    }

    @Test
    void a_poke_mode_sensor_holds_the_worker_and_pokes_until_met() {
        AtomicInteger pokes = new AtomicInteger();
        Dag dag = DagBuilder.dag("poking").tasks(g -> g.sensor("ready", ctx -> pokes.incrementAndGet() < 4
                ? PokeResult.notYet() : PokeResult.met(),
                new SensorSpec(Duration.ofSeconds(30), Duration.ofMinutes(10), SensorSpec.Mode.POKE))).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("poking");
        Instant start = d.now();

        d.settle();

        assertThat(d.state(run, "ready")).isEqualTo(TaskState.SUCCESS);
        assertThat(pokes.get()).isEqualTo(4);
        assertThat(d.now()).isEqualTo(start.plusSeconds(90));
    }

    @Test
    void a_try_whose_node_stopped_heartbeating_is_failed_as_node_lost_and_retried() {
        Dag dag = DagBuilder.dag("zombie").tasks(g -> g.task("work", ctx -> "done").retries(1)
                .retryDelay(Duration.ofSeconds(10))).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("zombie");
        d.tick();
        List<ClaimedTi> lost = d.claim(10);
        assertThat(lost).hasSize(1);

        d.advance(Duration.ofSeconds(59));
        d.parts().reaper().reap(d.now());
        assertThat(d.state(run, "work")).isEqualTo(TaskState.RUNNING);
        d.advance(Duration.ofSeconds(2));
        assertThat(d.parts().reaper().reap(d.now())).isEqualTo(1);

        TaskInstanceRow reaped = d.ti(run, "work", -1);
        assertThat(reaped.state()).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(reaped.failureReason()).isEqualTo("node lost");
        assertThat(d.log(run, "work", -1, 1)).contains("node lost");
        d.advance(Duration.ofSeconds(10));
        d.settle();
        assertThat(d.state(run, "work")).isEqualTo(TaskState.SUCCESS);
        List<TaskTryRow> tries = d.tis().detail("zombie", run.runId(), "work", -1).orElseThrow().tries();
        assertThat(tries).extracting(TaskTryRow::error).containsExactly("node lost", null);
        assertThat(d.parts().finisher().finish(List.of(TryOutcome.success(lost.getFirst(), d.now(), null,
                java.util.Set.of(), "")), 0).written()).as("the lost node's late outcome is ignored").isEmpty();
    }

    @Test
    void mapped_instances_retry_on_their_own() {
        AtomicInteger failures = new AtomicInteger();
        Dag dag = DagBuilder.dag("mapped_retry").maxActiveTasks(32).tasks(g -> {
            var source = g.task("source", ctx -> List.of("a", "b", "c"));
            var work = g.task("work", ctx -> {
                String item = ctx.mapItem(String.class);
                if (item.equals("b") && failures.incrementAndGet() == 1) {
                    throw new IllegalStateException("b failed once");
                }
                return item.toUpperCase();
            }).expand(source).retries(1).retryDelay(Duration.ofSeconds(5));
            source.then(work).then(g.task("join", ctx -> String.join("", ctx.inputs("work", String.class))));
        }).build();
        EngineTestDriver d = driver(dag);
        DagRunRow run = d.trigger("mapped_retry");

        d.settle();
        assertThat(d.state(run, "work", 0)).isEqualTo(TaskState.SUCCESS);
        assertThat(d.state(run, "work", 1)).isEqualTo(TaskState.UP_FOR_RETRY);
        assertThat(d.state(run, "work", 2)).isEqualTo(TaskState.SUCCESS);
        assertThat(d.state(run, "join")).isEqualTo(TaskState.NONE);
        d.advance(Duration.ofSeconds(5));
        d.settle();

        assertThat(d.ti(run, "work", 1).tryNumber()).isEqualTo(2);
        assertThat(d.tis().xcom("mapped_retry", run.runId(), "join", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"ABC\"");
    }
}
