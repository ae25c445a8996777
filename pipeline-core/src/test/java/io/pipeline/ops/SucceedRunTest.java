package io.pipeline.ops;

import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.TaskStateChange;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import io.pipeline.store.TaskInstanceRow;
import io.pipeline.store.TaskTryRow;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.pipeline.ops.EtlDag.D1;
import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Marking a run successful by hand (Airflow's {@code set_dag_run_state_to_success}, behind {@code PATCH
 * dagRuns/{id}} with state success), one case per source state of a task instance and of the run: every TI not
 * already successful becomes success (a running, deferred or reschedule-waiting try ends as success), removed TIs
 * keep their state, and the run becomes success at once, with its end date, whatever its state. Every write goes
 * through the state gates.
 */
class SucceedRunTest {

    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(SucceedRunTest.class, 4, EtlDag.dag());
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
                Arguments.of(TaskState.RUNNING, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.UP_FOR_RESCHEDULE, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.DEFERRED, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.QUEUED, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.SCHEDULED, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.NONE, 0, TaskState.SUCCESS),
                Arguments.of(TaskState.UP_FOR_RETRY, 1, TaskState.SUCCESS),
                Arguments.of(TaskState.SUCCESS, 1, TaskState.SUCCESS),
                // As Airflow: set_state takes every TI of the run's tasks whose state is not success.
                Arguments.of(TaskState.FAILED, 2, TaskState.SUCCESS),
                Arguments.of(TaskState.UPSTREAM_FAILED, 0, TaskState.SUCCESS),
                Arguments.of(TaskState.SKIPPED, 0, TaskState.SUCCESS),
                // Its task left the DAG; Airflow's query is over the DAG's tasks only.
                Arguments.of(TaskState.REMOVED, 0, TaskState.REMOVED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("sources")
    void a_task_instance_of_a_run_marked_success_by_hand_ends_as_airflow_leaves_it(TaskState from, int tries,
                                                                                   TaskState expected) {
        kit.setTi(ID, D1, "transform", from, tries);
        kit.taskChanges.clear();
        kit.clock.advance(Duration.ofMinutes(5));
        Instant now = kit.clock.instant();

        List<TiRef> changed = kit.ops.succeedRun(ID, D1, OpsTestKit.alice());

        TaskInstanceRow ti = kit.ti(ID, D1, "transform");
        assertThat(ti.state()).isEqualTo(expected);
        DagRunRow run = kit.dagRuns.get(ID, D1).orElseThrow();
        assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(run.endDate()).isEqualTo(now);
        assertThat(kit.ti(ID, D1, "extract").state()).isEqualTo(TaskState.SUCCESS);
        for (String notStarted : List.of("load", "report", "audit")) {
            assertThat(kit.ti(ID, D1, notStarted).state()).as(notStarted).isEqualTo(TaskState.SUCCESS);
        }
        boolean moved = from != expected;
        assertThat(changed.stream().anyMatch(r -> r.taskId().equals("transform") && r.state() == from))
                .as("listed with its previous state").isEqualTo(moved);
        assertThat(changed).as("extract was successful already").noneMatch(r -> r.taskId().equals("extract"));
        assertThat(kit.taskChanges).filteredOn(c -> c.taskId().equals("transform"))
                .extracting(TaskStateChange::from, TaskStateChange::to)
                .containsExactlyElementsOf(moved ? List.of(Tuple.tuple(from, expected)) : List.of());
        assertThat(kit.runChanges).extracting(DagRunStateChange::from, DagRunStateChange::to)
                .containsExactly(Tuple.tuple(DagRunState.RUNNING, DagRunState.SUCCESS));
        if (from == TaskState.RUNNING || from == TaskState.UP_FOR_RESCHEDULE || from == TaskState.DEFERRED) {
            TaskTryRow last = kit.tries(ID, D1, "transform").getLast();
            assertThat(last.tryNumber()).as("the running try ends").isEqualTo(tries);
            assertThat(last.state()).isEqualTo(TaskState.SUCCESS);
            assertThat(last.endDate()).isEqualTo(now);
            assertThat(last.error()).isEqualTo("run marked success by alice (api)");
        }
        if (from == TaskState.NONE) {
            assertThat(kit.tries(ID, D1, "transform")).as("a TI that had not started has no try to end").isEmpty();
        }
        assertThat(kit.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE event = 'mark_run_success' AND dag_id = :dag AND run_id = :run
                """).param("dag", ID).param("run", D1).query(Integer.class).single()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = DagRunState.class, names = {"QUEUED", "RUNNING", "SUCCESS", "FAILED"})
    void the_run_becomes_success_from_every_state(DagRunState from) {
        TaskState ti = switch (from) {
            case QUEUED, RUNNING -> TaskState.NONE;
            case SUCCESS -> TaskState.SUCCESS;
            case FAILED -> TaskState.FAILED;
        };
        for (String task : List.of("transform", "load", "report", "audit")) {
            kit.setTi(ID, D1, task, ti, ti == TaskState.NONE ? 0 : 1);
        }
        kit.setRunState(ID, D1, from);
        Instant before = kit.dagRuns.get(ID, D1).orElseThrow().endDate();
        kit.runChanges.clear();
        kit.taskChanges.clear();
        kit.clock.advance(Duration.ofMinutes(5));

        List<TiRef> changed = kit.ops.succeedRun(ID, D1, OpsTestKit.alice());

        DagRunRow run = kit.dagRuns.get(ID, D1).orElseThrow();
        assertThat(run.state()).isEqualTo(DagRunState.SUCCESS);
        assertThat(run.endDate()).as("a successful run is left as it was")
                .isEqualTo(from == DagRunState.SUCCESS ? before : kit.clock.instant());
        assertThat(kit.runChanges).extracting(DagRunStateChange::from)
                .containsExactlyElementsOf(from == DagRunState.SUCCESS ? List.of() : List.of(from));
        assertThat(changed).hasSize(ti == TaskState.SUCCESS ? 0 : 4);
        for (String task : List.of("extract", "transform", "load", "report", "audit")) {
            assertThat(kit.ti(ID, D1, task).state()).as(task).isEqualTo(TaskState.SUCCESS);
        }
    }

    @Test
    void a_run_that_does_not_exist_is_named_and_nothing_moves() {
        kit.setTi(ID, D1, "transform", TaskState.RUNNING, 1);

        assertThatThrownBy(() -> kit.ops.succeedRun(ID, "no_such_run", OpsTestKit.alice()))
                .isInstanceOf(DagRunNotFoundException.class).hasMessageContaining("no_such_run");
        assertThat(kit.runState(ID, D1)).isEqualTo(DagRunState.RUNNING);
        assertThat(kit.ti(ID, D1, "transform").state()).isEqualTo(TaskState.RUNNING);
    }
}
