package io.pipeline.state;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.pipeline.state.TaskState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class TaskStateMachineTest {

    /** The life cycle written out by hand, one line per source state (clear and mark are listed explicitly). */
    private static final Map<TaskState, Set<TaskState>> EXPECTED = Map.ofEntries(
            Map.entry(NONE, EnumSet.of(SCHEDULED, QUEUED, UPSTREAM_FAILED, SKIPPED, REMOVED, SUCCESS, FAILED)),
            Map.entry(SCHEDULED, EnumSet.of(QUEUED, UPSTREAM_FAILED, SKIPPED, REMOVED, NONE, SUCCESS, FAILED)),
            Map.entry(QUEUED, EnumSet.of(RUNNING, SCHEDULED, UP_FOR_RETRY, REMOVED, SKIPPED, NONE, SUCCESS, FAILED)),
            Map.entry(RUNNING, EnumSet.of(SUCCESS, FAILED, UP_FOR_RETRY, UP_FOR_RESCHEDULE, SKIPPED, DEFERRED, NONE)),
            Map.entry(UP_FOR_RETRY, EnumSet.of(SCHEDULED, QUEUED, REMOVED, SKIPPED, NONE, SUCCESS, FAILED)),
            Map.entry(UP_FOR_RESCHEDULE, EnumSet.of(SCHEDULED, QUEUED, REMOVED, NONE, SUCCESS, FAILED)),
            Map.entry(DEFERRED, EnumSet.of(SCHEDULED, REMOVED, NONE, SUCCESS, FAILED)),
            Map.entry(SUCCESS, EnumSet.of(REMOVED, NONE, FAILED)),
            Map.entry(FAILED, EnumSet.of(REMOVED, NONE, SUCCESS)),
            Map.entry(UPSTREAM_FAILED, EnumSet.of(REMOVED, NONE, SUCCESS, FAILED)),
            Map.entry(SKIPPED, EnumSet.of(REMOVED, NONE, SUCCESS, FAILED)),
            Map.entry(REMOVED, EnumSet.of(NONE, SUCCESS, FAILED)));

    @Test
    void the_expected_table_covers_every_state() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(TaskState.values());
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void allows_exactly_the_listed_moves_from_each_state(TaskState from) {
        assertThat(TaskStateMachine.allowedFrom(from)).isEqualTo(EXPECTED.get(from));
        for (TaskState to : EXPECTED.get(from)) {
            assertThatNoException().as(from + " -> " + to).isThrownBy(() -> TaskStateMachine.check(from, to));
        }
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void refuses_every_other_move_from_each_state_naming_both_states(TaskState from) {
        Set<TaskState> refused = EnumSet.complementOf(EnumSet.copyOf(EXPECTED.get(from)));
        assertThat(refused).contains(from);
        for (TaskState to : refused) {
            assertThat(TaskStateMachine.canMove(from, to)).as(from + " -> " + to).isFalse();
            assertThatThrownBy(() -> TaskStateMachine.check(from, to))
                    .isInstanceOf(IllegalStateTransitionException.class)
                    .hasMessageContaining("'" + from.value() + "'")
                    .hasMessageContaining("'" + to.value() + "'");
        }
    }

    @ParameterizedTest
    @EnumSource(TaskState.class)
    void clear_moves_every_other_state_to_none(TaskState from) {
        assertThat(TaskStateMachine.canMove(from, NONE)).isEqualTo(from != NONE);
    }

    @Test
    void names_the_task_instance_when_given() {
        assertThatThrownBy(() -> TaskStateMachine.check("etl/run1/load[-1]", SUCCESS, RUNNING))
                .hasMessage("etl/run1/load[-1] may not move from 'success' to 'running'")
                .satisfies(e -> {
                    IllegalStateTransitionException ex = (IllegalStateTransitionException) e;
                    assertThat(ex.from()).isEqualTo(SUCCESS);
                    assertThat(ex.to()).isEqualTo(RUNNING);
                });
    }

    @Test
    void a_try_cannot_finish_without_having_run() {
        assertThat(TaskStateMachine.canMove(QUEUED, UP_FOR_RESCHEDULE)).isFalse();
        assertThat(TaskStateMachine.canMove(SCHEDULED, RUNNING)).isFalse();
        assertThat(TaskStateMachine.canMove(UP_FOR_RETRY, RUNNING)).isFalse();
    }
}
