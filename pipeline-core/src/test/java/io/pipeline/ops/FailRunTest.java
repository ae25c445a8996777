package io.pipeline.ops;

import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.TaskStateChange;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.pipeline.ops.EtlDag.D1;
import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failing a run by hand (Airflow's {@code set_dag_run_state_to_failed}, behind {@code PATCH dagRuns/{id}} with state
 * failed), one case per source state of a task instance and of the run: running, deferred and reschedule-waiting
 * TIs become failed (their try ends), the other unfinished ones skipped, finished ones keep their state, and the
 * run becomes failed whatever its state. Every write goes through the state gates.
 */
class FailRunTest {

    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(FailRunTest.class, 4, EtlDag.dag());
    }

    @BeforeEach
    void run() {
        kit.deleteAllRuns();
        kit.run(ID, "2026-01-05");
        kit.setTi(ID, D1, "extract", TaskState.SUCCESS, 1);
        kit.setRunState(ID, D1, DagRunState.RUNNING);
        kit.taskChanges.clear();
        kit.runChanges.clear();
    }

    static Stream<Arguments> sources() {
        return Stream.of(
                Arguments.of(TaskState.RUNNING, 1, TaskState.FAILED),
                Arguments.of(TaskState.UP_FOR_RESCHEDULE, 1, TaskState.FAILED),
                Arguments.of(TaskState.DEFERRED, 1, TaskState.FAILED),
                Arguments.of(TaskState.QUEUED, 1, TaskState.SKIPPED),
                Arguments.of(TaskState.SCHEDULED, 1, TaskState.SKIPPED),
                Arguments.of(TaskState.NONE, 0, TaskState.SKIPPED),
                Arguments.of(TaskState.UP_FOR_RETRY, 1, TaskState.SKIPPED),
                Arguments.of(TaskState.SUCCESS, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.FAILED, 2, TaskState.FAILED),
                Arguments.of(TaskState.UPSTREAM_FAILED, 0, TaskState.UPSTREAM_FAILED),
                Arguments.of(TaskState.SKIPPED, 0, TaskState.SKIPPED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("sources")
    void a_task_instance_of_a_run_failed_by_hand_ends_as_airflow_leaves_it(TaskState from, int tries,
                                                                           TaskState expected) {
        kit.setTi(ID, D1, "transform", from, tries);
        kit.taskChanges.clear();

        List<TiRef> changed = kit.ops.failRun(ID, D1, OpsTestKit.alice());

        TaskInstanceRow ti = kit.ti(ID, D1, "transform");
        assertThat(ti.state()).isEqualTo(expected);
        assertThat(kit.runState(ID, D1)).isEqualTo(DagRunState.FAILED);
        assertThat(kit.dagRuns.get(ID, D1).orElseThrow().endDate()).isEqualTo(kit.clock.instant());
        assertThat(kit.ti(ID, D1, "extract").state()).as("finished TIs keep their state").isEqualTo(TaskState.SUCCESS);
        for (String notStarted : List.of("load", "report", "audit")) {
            assertThat(kit.ti(ID, D1, notStarted).state()).as(notStarted).isEqualTo(TaskState.SKIPPED);
        }
        boolean moved = from != expected;
        assertThat(changed.stream().anyMatch(r -> r.taskId().equals("transform") && r.state() == from))
                .as("listed with its previous state").isEqualTo(moved);
        assertThat(kit.taskChanges).filteredOn(c -> c.taskId().equals("transform"))
                .extracting(TaskStateChange::from, TaskStateChange::to)
                .containsExactlyElementsOf(moved ? List.of(org.assertj.core.groups.Tuple.tuple(from, expected))
                        : List.of());
        assertThat(kit.runChanges).extracting(DagRunStateChange::from, DagRunStateChange::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DagRunState.RUNNING, DagRunState.FAILED));
        if (moved && expected == TaskState.FAILED) {
            assertThat(ti.failureReason()).isEqualTo("run marked failed by alice (api)");
            TaskTryRow last = kit.tries(ID, D1, "transform").getLast();
            assertThat(last.tryNumber()).isEqualTo(tries);
            assertThat(last.state()).isEqualTo(TaskState.FAILED);
            assertThat(last.error()).isEqualTo("run marked failed by alice (api)");
        }
        if (moved && expected == TaskState.SKIPPED) {
            assertThat(kit.tries(ID, D1, "transform")).as("a TI that had not started has no try to end")
                    .noneMatch(t -> t.tryNumber() == tries && t.state() == TaskState.SKIPPED);
        }
        assertThat(kit.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE event = 'mark_run_failed' AND dag_id = :dag AND run_id = :run
                """).param("dag", ID).param("run", D1).query(Integer.class).single()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = DagRunState.class, names = {"QUEUED", "RUNNING", "SUCCESS", "FAILED"})
    void the_run_becomes_failed_from_every_state(DagRunState from) {
        TaskState ti = from == DagRunState.SUCCESS || from == DagRunState.FAILED ? TaskState.SUCCESS : TaskState.NONE;
        for (String task : List.of("transform", "load", "report", "audit")) {
            kit.setTi(ID, D1, task, ti, ti == TaskState.SUCCESS ? 1 : 0);
        }
        kit.setRunState(ID, D1, from);
        kit.runChanges.clear();
        kit.taskChanges.clear();

        List<TiRef> changed = kit.ops.failRun(ID, D1, OpsTestKit.alice());

        assertThat(kit.runState(ID, D1)).isEqualTo(DagRunState.FAILED);
        assertThat(kit.runChanges).extracting(DagRunStateChange::from)
                .containsExactlyElementsOf(from == DagRunState.FAILED ? List.of() : List.of(from));
        assertThat(changed).hasSize(ti == TaskState.NONE ? 4 : 0);
        for (String task : List.of("transform", "load", "report", "audit")) {
            assertThat(kit.ti(ID, D1, task).state()).as(task)
                    .isEqualTo(ti == TaskState.NONE ? TaskState.SKIPPED : TaskState.SUCCESS);
        }
    }

    @Test
    void a_run_that_does_not_exist_is_named() {
        assertThatThrownBy(() -> kit.ops.failRun(ID, "no_such_run", OpsTestKit.alice()))
                .isInstanceOf(DagRunNotFoundException.class).hasMessageContaining("no_such_run");
        assertThat(kit.runState(ID, D1)).isEqualTo(DagRunState.RUNNING);
    }
}
