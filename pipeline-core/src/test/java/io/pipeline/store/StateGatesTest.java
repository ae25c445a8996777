package io.pipeline.store;

import io.pipeline.state.DagRunState;
import io.pipeline.state.DagRunStateMachine;
import io.pipeline.state.IllegalStateTransitionException;
import io.pipeline.state.TaskState;
import io.pipeline.state.TaskStateMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statements of the two gates against the transition tables (no database: the checks run at class load). */
class StateGatesTest {

    @Test
    void a_statement_declaring_a_move_the_table_refuses_cannot_be_declared() {
        assertThatThrownBy(() -> StateMoves.ti("bad", Set.of(TaskState.SUCCESS), TaskState.RUNNING))
                .isInstanceOf(IllegalStateTransitionException.class)
                .hasMessageContaining("'success'").hasMessageContaining("'running'");
        assertThatThrownBy(() -> StateMoves.tiPaths("bad path", List.of(TaskState.NONE, TaskState.RUNNING)))
                .isInstanceOf(IllegalStateTransitionException.class);
        assertThatThrownBy(() -> StateMoves.run("bad", Set.of(DagRunState.SUCCESS), DagRunState.RUNNING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'success'").hasMessageContaining("'running'");
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void every_ti_statement_from_each_source_state_moves_only_as_the_table_allows(TaskState from) {
        List<StateMoves<TaskState>> fromHere = TaskInstanceStateStore.ALL.stream()
                .filter(m -> m.from().contains(from)).toList();
        assertThat(fromHere).as("statements leaving " + from).isNotEmpty();
        for (StateMoves<TaskState> m : fromHere) {
            for (TaskState to : m.to()) {
                if (m == TaskInstanceStateStore.ADMIT || m == TaskInstanceStateStore.ADMIT_READY) {
                    continue; // paths: each step is checked at declaration (see the test below)
                }
                assertThat(TaskStateMachine.canMove(from, to)).as(m + ": " + from + " -> " + to).isTrue();
            }
        }
    }

    @Test
    void admission_moves_along_allowed_steps_only() {
        assertThat(TaskInstanceStateStore.ADMIT.from()).containsExactly(TaskState.SCHEDULED);
        assertThat(TaskInstanceStateStore.ADMIT.to()).containsExactlyInAnyOrder(TaskState.QUEUED, TaskState.RUNNING);
        assertThat(TaskInstanceStateStore.ADMIT_READY.from()).containsExactly(TaskState.NONE);
        assertThat(TaskStateMachine.canMove(TaskState.NONE, TaskState.SCHEDULED)).isTrue();
        assertThat(TaskStateMachine.canMove(TaskState.SCHEDULED, TaskState.QUEUED)).isTrue();
        assertThat(TaskStateMachine.canMove(TaskState.QUEUED, TaskState.RUNNING)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DagRunState.class)
    void every_run_statement_from_each_source_state_moves_only_as_the_table_allows(DagRunState from) {
        List<StateMoves<DagRunState>> fromHere = DagRunStateStore.ALL.stream()
                .filter(m -> m.from().contains(from)).toList();
        assertThat(fromHere).as("statements leaving " + from).isNotEmpty();
        Set<DagRunState> reached = EnumSet.noneOf(DagRunState.class);
        for (StateMoves<DagRunState> m : fromHere) {
            for (DagRunState to : m.to()) {
                assertThat(DagRunStateMachine.canMove(from, to)).as(m + ": " + from + " -> " + to).isTrue();
                reached.add(to);
            }
        }
        assertThat(reached).as("every move the table allows from " + from + " has its statement")
                .isEqualTo(DagRunStateMachine.allowedFrom(from));
    }

    @Test
    void the_where_clause_is_rendered_from_the_declared_from_states() {
        assertThat(TaskInstanceStateStore.SCHEDULE.fromIs("coalesce(state, '')")).isEqualTo("coalesce(state, '') = 'none'");
        assertThat(TaskInstanceStateStore.CLAIM.fromIs("state")).isEqualTo("state = 'queued'");
        assertThat(DagRunStateStore.REQUEUE.fromIs("state")).isEqualTo("state IN ('success', 'failed')");
        assertThat(TaskInstanceStateStore.CLEAR.from())
                .isEqualTo(EnumSet.complementOf(EnumSet.of(TaskState.NONE)));
    }

    @Test
    void parameter_states_outside_a_statement_declaration_are_refused_before_it_runs() {
        assertThatThrownBy(() -> TaskInstanceStateStore.SETTLE.requireTarget(TaskState.SUCCESS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'success'");
        assertThatThrownBy(() -> TaskInstanceStateStore.SKIP.requireSource(TaskState.RUNNING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'running'");
        assertThatThrownBy(() -> TaskInstanceStateStore.OUTCOME.requireTarget(TaskState.QUEUED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'queued'");
        assertThatThrownBy(() -> new DagRunStateStore(null).updateState(1, DagRunState.QUEUED, DagRunState.SUCCESS,
                java.time.Instant.EPOCH)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'success'");
    }
}
