package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.objects.LocalObjectStore;
import io.pipeline.objects.ObjectStore;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.DeferredWaitRepository.WaitRow;
import io.pipeline.store.Stores;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.task.PokeResult;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.TaskDeferred;
import io.pipeline.task.Trigger;
import io.pipeline.task.builtin.TimeSensor;
import io.pipeline.task.io.S3KeySensor;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Deferrable waits through the deterministic driver: the slot, the triggers, node loss and the sensor timeout. */
class DeferrableWaitsTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(DeferrableWaitsTest.class);
    }

    static final SensorSpec HOURLY = SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(6));

    EngineTestDriver driver(SettableClock clock, String node, Dag... dags) {
        return EngineTestDriver.create(ds, clock, EngineConfig.defaults(node).withQuartz(false), dags);
    }

    static Optional<WaitRow> waitOf(EngineTestDriver d, TaskInstanceRow ti) {
        return d.parts().stores().waits().ofTi(ti.id());
    }

    @Test
    void a_deferred_sensor_frees_its_worker_slot_for_another_task_of_the_pool() {
        Dag dag = DagBuilder.dag("defer_slot").maxActiveTasks(10).tasks(g -> {
            g.sensor("wait", ctx -> PokeResult.deferUntil(ctx.clock().instant().plus(Duration.ofHours(1))), HOURLY)
                    .pool("defer_one").priorityWeight(10);
            g.task("other", ctx -> "ran").pool("defer_one");
        }).build();
        EngineTestDriver d = driver(SettableClock.at("2026-03-09T13:30:00Z"), "node-1", dag);
        d.parts().jdbc().sql("INSERT INTO pool (name, slots) VALUES ('defer_one', 1)").update();
        DagRunRow run = d.trigger("defer_slot");

        d.tick();
        assertThat(d.state(run, "wait")).isEqualTo(TaskState.QUEUED);
        assertThat(d.state(run, "other")).isEqualTo(TaskState.SCHEDULED);
        d.settle();

        TaskInstanceRow wait = d.ti(run, "wait", -1);
        assertThat(wait.state()).isEqualTo(TaskState.DEFERRED);
        assertThat(d.state(run, "other")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.parts().running().size()).isZero();
        assertThat(d.parts().stores().admission().poolState("defer_one", "defer_slot").orElseThrow().used())
                .isZero();
        assertThat(waitOf(d, wait).orElseThrow().trigger())
                .isEqualTo(Trigger.at(Instant.parse("2026-03-09T14:30:00Z")));
    }

    @Test
    void a_time_trigger_fires_at_its_instant_and_the_sensor_resumes_in_the_same_try() {
        Dag dag = DagBuilder.dag("defer_time").tasks(g -> g.sensor("at_two", TimeSensor.at("14:00", "UTC"), HOURLY)
                .then(g.task("after", ctx -> "done"))).build();
        EngineTestDriver d = driver(SettableClock.at("2026-03-09T13:30:00Z"), "node-1", dag);
        DagRunRow run = d.trigger("defer_time");

        d.settle();
        TaskInstanceRow deferred = d.ti(run, "at_two", -1);
        assertThat(deferred.state()).isEqualTo(TaskState.DEFERRED);
        assertThat(waitOf(d, deferred).orElseThrow().triggererId()).isEqualTo("node-1");

        d.advance(Duration.ofMinutes(29).plusSeconds(59));
        d.settle();
        assertThat(d.state(run, "at_two")).isEqualTo(TaskState.DEFERRED);

        d.advance(Duration.ofSeconds(1));
        d.tick();
        assertThat(d.state(run, "at_two")).isIn(TaskState.QUEUED, TaskState.SCHEDULED);
        assertThat(waitOf(d, deferred)).isEmpty();
        d.settle();

        TaskInstanceRow done = d.ti(run, "at_two", -1);
        assertThat(done.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(done.tryNumber()).isEqualTo(1);
        assertThat(d.state(run, "after")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.tis().xcom("defer_time", run.runId(), "at_two", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"2026-03-09T14:00:00Z\"");
        assertThat(d.changes().of("at_two")).extracting(c -> c.from() + "->" + c.to())
                .containsSubsequence("RUNNING->DEFERRED", "DEFERRED->SCHEDULED", "RUNNING->SUCCESS");
    }

    @Test
    void an_object_key_trigger_fires_when_the_key_appears(@TempDir Path objects) {
        Dag dag = DagBuilder.dag("defer_key").tasks(g -> g.sensor("file", S3KeySensor.forKey("vendor/prices.csv"),
                SensorSpec.reschedule(Duration.ofMinutes(1), Duration.ofHours(2)))).build();
        EngineTestDriver d = driver(SettableClock.at("2026-03-09T13:30:00Z"), "node-1", dag);
        ObjectStore store = new LocalObjectStore(objects);
        d.resources().register(ObjectStore.class, store);
        DagRunRow run = d.trigger("defer_key");

        d.settle();
        TaskInstanceRow ti = d.ti(run, "file", -1);
        assertThat(ti.state()).isEqualTo(TaskState.DEFERRED);
        assertThat(waitOf(d, ti).orElseThrow().trigger())
                .isEqualTo(new Trigger.ObjectKey("vendor/prices.csv", null, true, Duration.ofMinutes(1)));
        d.advance(Duration.ofMinutes(1));
        d.settle();
        assertThat(d.state(run, "file")).isEqualTo(TaskState.DEFERRED);

        store.put("vendor/prices.csv", "AAPL,1\n".getBytes(StandardCharsets.UTF_8));
        d.advance(Duration.ofSeconds(30));
        d.tick();
        assertThat(d.state(run, "file")).as("checked every minute, not before").isEqualTo(TaskState.DEFERRED);
        d.advance(Duration.ofSeconds(30));
        d.settle();

        assertThat(d.state(run, "file")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.tis().xcom("defer_key", run.runId(), "file", -1, null).orElseThrow().valueJson())
                .isEqualTo("[\"vendor/prices.csv\"]");
    }

    @Test
    void a_lost_triggerers_waits_are_taken_over_by_another_triggerer_which_fires_them() {
        Dag dag = DagBuilder.dag("defer_lost").tasks(g -> g.sensor("at_two", TimeSensor.at("14:00", "UTC"), HOURLY))
                .build();
        SettableClock clock = SettableClock.at("2026-03-09T13:30:00Z");
        EngineTestDriver one = driver(clock, "trig-1", dag);
        EngineTestDriver two = driver(clock, "trig-2", dag);
        Stores stores = one.parts().stores();
        for (String node : List.of("trig-1", "trig-2")) {
            stores.nodes().register(node, "host", List.of("scheduler", "worker", "triggerer"), List.of("default"), 4,
                    clock.instant());
        }
        DagRunRow run = one.trigger("defer_lost");
        one.settle();
        TaskInstanceRow ti = one.ti(run, "at_two", -1);
        assertThat(ti.state()).isEqualTo(TaskState.DEFERRED);
        assertThat(waitOf(one, ti).orElseThrow().triggererId()).isEqualTo("trig-1");
        two.tick();
        assertThat(waitOf(one, ti).orElseThrow().triggererId()).as("its holder is alive").isEqualTo("trig-1");
        assertThat(two.triggerer().held()).isZero();

        // trig-1 stops heartbeating; trig-2 goes on. Past the lost threshold (60 s) trig-2 takes the wait.
        clock.advance(Duration.ofSeconds(61));
        stores.nodes().heartbeat("trig-2", clock.instant());
        two.tick();
        assertThat(waitOf(one, ti).orElseThrow().triggererId()).isEqualTo("trig-2");
        assertThat(two.triggerer().held()).isEqualTo(1);

        // trig-1 comes back: it finds the wait is no longer its own and forgets it.
        stores.nodes().heartbeat("trig-1", clock.instant());
        one.tick();
        assertThat(one.triggerer().held()).isZero();

        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-03-09T14:00:00Z")));
        stores.nodes().heartbeat("trig-1", clock.instant());
        stores.nodes().heartbeat("trig-2", clock.instant());
        assertThat(one.triggerer().tick(clock.instant())).isZero();
        assertThat(two.triggerer().tick(clock.instant())).isEqualTo(1);
        two.settle();
        assertThat(two.state(run, "at_two")).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void a_deferred_sensor_times_out_while_deferred_even_on_a_node_without_a_triggerer() {
        Dag dag = DagBuilder.dag("defer_timeout").tasks(g -> g.sensor("late", TimeSensor.at("18:00", "UTC"),
                SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofMinutes(20))).retries(2)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-03-09T13:30:00Z"),
                EngineConfig.defaults("node-1").withQuartz(false).withRoles(Set.of("scheduler", "worker")), dag);
        DagRunRow run = d.trigger("defer_timeout");

        d.settle();
        TaskInstanceRow ti = d.ti(run, "late", -1);
        assertThat(ti.state()).isEqualTo(TaskState.DEFERRED);
        assertThat(d.parts().stores().instances().sensorDeadline(ti.id()))
                .isEqualTo(Instant.parse("2026-03-09T13:50:00Z"));
        d.advance(Duration.ofMinutes(19));
        d.settle();
        assertThat(d.state(run, "late")).isEqualTo(TaskState.DEFERRED);

        d.advance(Duration.ofMinutes(1));
        d.settle();

        TaskInstanceRow failed = d.ti(run, "late", -1);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.failureReason()).contains("sensor timed out");
        assertThat(failed.tryNumber()).as("a sensor timeout is not retried").isEqualTo(1);
        assertThat(waitOf(d, ti)).isEmpty();
    }

    @Test
    void a_task_that_defers_is_executed_again_in_the_same_try_when_its_trigger_fires() {
        Instant ready = Instant.parse("2026-03-09T13:45:00Z");
        AtomicInteger calls = new AtomicInteger();
        Dag dag = DagBuilder.dag("defer_task").tasks(g -> g.task("publish", ctx -> {
            calls.incrementAndGet();
            if (ctx.clock().instant().isBefore(ready)) {
                throw TaskDeferred.until(ready);
            }
            return "published";
        })).build();
        EngineTestDriver d = driver(SettableClock.at("2026-03-09T13:30:00Z"), "node-1", dag);
        DagRunRow run = d.trigger("defer_task");

        d.settle();
        assertThat(d.state(run, "publish")).isEqualTo(TaskState.DEFERRED);
        d.advance(Duration.ofMinutes(15));
        d.settle();

        assertThat(d.state(run, "publish")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.ti(run, "publish", -1).tryNumber()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void a_marked_deferred_task_leaves_no_wait_behind_and_the_old_wait_does_not_wake_it() {
        Dag dag = DagBuilder.dag("defer_clear").tasks(g -> g.sensor("at_two", TimeSensor.at("14:00", "UTC"), HOURLY))
                .build();
        EngineTestDriver d = driver(SettableClock.at("2026-03-09T13:30:00Z"), "node-1", dag);
        DagRunRow run = d.trigger("defer_clear");
        d.settle();
        TaskInstanceRow ti = d.ti(run, "at_two", -1);
        assertThat(ti.state()).isEqualTo(TaskState.DEFERRED);

        d.parts().stores().taskStates().mark(new long[]{ti.id()}, TaskState.SUCCESS, "operator", d.now());
        assertThat(d.state(run, "at_two")).isEqualTo(TaskState.SUCCESS);
        d.advance(Duration.ofSeconds(5));
        d.tick();

        assertThat(waitOf(d, ti)).isEmpty();
        assertThat(d.triggerer().held()).isZero();
        d.advance(Duration.ofMinutes(30));
        d.settle();
        assertThat(d.state(run, "at_two")).isEqualTo(TaskState.SUCCESS);
        assertThat(d.changes().of("at_two")).noneMatch(c -> c.from() == TaskState.DEFERRED);
    }
}
