package io.pipeline.engine;

import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.schedule.PartitionMapping;
import io.pipeline.schedule.Partitioning;
import io.pipeline.schedule.Schedules;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.task.SensorSpec;
import io.pipeline.task.builtin.ExternalTaskSensor;
import io.pipeline.task.builtin.TriggerDagRun;
import io.pipeline.testing.EngineTestDriver;
import io.pipeline.testing.SettableClock;
import io.pipeline.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A reschedule sensor on another DAG's task for the same or a mapped session, and a task that triggers a run. */
class CrossDagTest {

    static DataSource ds;

    @BeforeAll
    static void database() {
        ds = TestDatabase.migratedDatabase(CrossDagTest.class);
    }

    static DagBuilder sessions(String dagId) {
        return DagBuilder.dag(dagId).schedule(Schedules.onSessions("XNYS").at("18:00"))
                .startDate(LocalDate.of(2030, 1, 1), "America/New_York");
    }

    final Dag loads = sessions("loads").tasks(g -> g.task("load", ctx -> ctx.params().get("source"))).build();
    final Dag trigger = sessions("trigger").tasks(g -> g.task("go", TriggerDagRun.of("loads").samePartition()
            .conf(ctx -> Map.of("source", "vendor")))).build();
    final Dag waits = sessions("waits").tasks(g -> g.sensor("wait_for_load",
            ExternalTaskSensor.forTask("loads", "load"),
            SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(2))).then(g.task("use", ctx -> 1))).build();
    final Dag waitsPrevious = sessions("waits_previous").tasks(g -> g.sensor("wait_for_previous_run",
            ExternalTaskSensor.forRun("loads").mapped(PartitionMapping.previousSession(),
                    Partitioning.sessionsOf("XNYS")),
            SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(2)))).build();

    @Test
    void the_sensor_waits_in_reschedule_mode_until_the_triggered_run_of_the_other_dag_succeeds() {
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-11-24T14:00:00Z"), loads, trigger,
                waits, waitsPrevious);
        DagRunRow waiting = d.runs().trigger("waits", null, null, Map.of(), null, "2026-11-20");
        DagRunRow previous = d.runs().trigger("waits_previous", null, null, Map.of(), null, "2026-11-23");
        d.settle();
        assertThat(d.state(waiting, "wait_for_load")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);
        assertThat(d.state(previous, "wait_for_previous_run")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

        DagRunRow trig = d.runs().trigger("trigger", null, null, Map.of(), null, "2026-11-20");
        d.settle();

        assertThat(d.runState("trigger", trig.runId())).isEqualTo(DagRunState.SUCCESS);
        DagRunRow load = d.runs().list("loads", null, 10, 0, null).items().getFirst();
        assertThat(load.partitionKey()).isEqualTo("2026-11-20");
        assertThat(load.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.tis().xcom("loads", load.runId(), "load", -1, null).orElseThrow().valueJson())
                .isEqualTo("\"vendor\"");
        assertThat(d.state(waiting, "wait_for_load")).isEqualTo(TaskState.UP_FOR_RESCHEDULE);

        d.advance(Duration.ofMinutes(5));
        d.settle();

        assertThat(d.runState("waits", waiting.runId())).isEqualTo(DagRunState.SUCCESS);
        // 2026-11-23's previous session is Friday 2026-11-20: the loads run for it succeeded.
        assertThat(d.runState("waits_previous", previous.runId())).isEqualTo(DagRunState.SUCCESS);
        assertThat(d.tis().xcom("waits_previous", previous.runId(), "wait_for_previous_run", -1, null).orElseThrow()
                .valueJson()).isEqualTo("[\"2026-11-20\"]");
    }

    @Test
    void the_sensor_fails_without_retry_when_the_awaited_task_failed() {
        Dag failing = sessions("loads_failing").tasks(g -> g.task("load", ctx -> {
            throw new IllegalStateException("vendor down");
        })).build();
        Dag waitsFailing = sessions("waits_failing").tasks(g -> g.sensor("wait",
                ExternalTaskSensor.forTask("loads_failing", "load"),
                SensorSpec.reschedule(Duration.ofMinutes(5), Duration.ofHours(2))).retries(3)).build();
        EngineTestDriver d = EngineTestDriver.create(ds, SettableClock.at("2026-11-24T14:00:00Z"), failing,
                waitsFailing);
        d.runs().trigger("loads_failing", null, null, Map.of(), null, "2026-11-19");
        DagRunRow waiting = d.runs().trigger("waits_failing", null, null, Map.of(), null, "2026-11-19");
        d.settle();
        d.advance(Duration.ofMinutes(5));
        d.settle();

        assertThat(d.state(waiting, "wait")).isEqualTo(TaskState.FAILED);
        assertThat(d.ti(waiting, "wait", -1).failureReason()).contains("task loads_failing.load for 2026-11-19 failed");
    }
}
