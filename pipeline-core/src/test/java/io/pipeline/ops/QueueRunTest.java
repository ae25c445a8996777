package io.pipeline.ops;

import io.pipeline.engine.DagRunNotFoundException;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;
import io.pipeline.store.DagRunRow;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static io.pipeline.ops.EtlDag.D1;
import static io.pipeline.ops.EtlDag.ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Putting a run back in the queue by hand (Airflow's {@code set_dag_run_state_to_queued}, behind {@code PATCH
 * dagRuns/{id}} with state queued): only the run moves, from every state, queued at now with its start and end
 * cleared; its task instances keep their states.
 */
class QueueRunTest {

    static OpsTestKit kit;

    @BeforeAll
    static void database() {
        kit = new OpsTestKit(QueueRunTest.class, 4, EtlDag.dag());
    }

    @BeforeEach
    void run() {
        kit.deleteAllRuns();
        kit.run(ID, "2026-01-05");
        kit.setTi(ID, D1, "extract", TaskState.SUCCESS, 1);
        kit.setTi(ID, D1, "transform", TaskState.FAILED, 1);
        kit.setTi(ID, D1, "load", TaskState.UPSTREAM_FAILED, 0);
        kit.setTi(ID, D1, "report", TaskState.RUNNING, 1);
        kit.taskChanges.clear();
        kit.runChanges.clear();
    }

    @ParameterizedTest
    @EnumSource(value = DagRunState.class, names = {"QUEUED", "RUNNING", "SUCCESS", "FAILED"})
    void the_run_becomes_queued_from_every_state_and_its_instances_keep_their_states(DagRunState from) {
        kit.setRunState(ID, D1, from);
        DagRunRow before = kit.dagRuns.get(ID, D1).orElseThrow();
        kit.runChanges.clear();
        kit.clock.advance(Duration.ofMinutes(5));

        boolean moved = kit.ops.queueRun(ID, D1, OpsTestKit.alice());

        DagRunRow run = kit.dagRuns.get(ID, D1).orElseThrow();
        assertThat(run.state()).isEqualTo(DagRunState.QUEUED);
        assertThat(moved).isEqualTo(from != DagRunState.QUEUED);
        if (moved) {
            assertThat(run.queuedAt()).isEqualTo(kit.clock.instant());
            assertThat(run.startDate()).isNull();
            assertThat(run.endDate()).isNull();
            assertThat(kit.runChanges).extracting(DagRunStateChange::from, DagRunStateChange::to)
                    .containsExactly(Tuple.tuple(from, DagRunState.QUEUED));
        } else {
            assertThat(run.queuedAt()).isEqualTo(before.queuedAt());
            assertThat(kit.runChanges).isEmpty();
        }
        assertThat(kit.taskChanges).isEmpty();
        assertThat(kit.ti(ID, D1, "extract").state()).isEqualTo(TaskState.SUCCESS);
        assertThat(kit.ti(ID, D1, "transform").state()).isEqualTo(TaskState.FAILED);
        assertThat(kit.ti(ID, D1, "load").state()).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(kit.ti(ID, D1, "report").state()).isEqualTo(TaskState.RUNNING);
        assertThat(kit.ti(ID, D1, "audit").state()).isEqualTo(TaskState.NONE);
        assertThat(kit.jdbc.sql("""
                SELECT count(*) FROM audit_log WHERE event = 'mark_run_queued' AND dag_id = :dag AND run_id = :run
                """).param("dag", ID).param("run", D1).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void a_run_that_does_not_exist_is_named() {
        kit.setRunState(ID, D1, DagRunState.FAILED);
        assertThatThrownBy(() -> kit.ops.queueRun(ID, "no_such_run", OpsTestKit.alice()))
                .isInstanceOf(DagRunNotFoundException.class).hasMessageContaining("no_such_run");
        assertThat(kit.runChanges).isEmpty();
        assertThat(kit.runState(ID, D1)).isEqualTo(DagRunState.FAILED);
    }
}
