package io.pipeline.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.pipeline.state.DagRunState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DagRunStateMachineTest {

    /** The run life cycle written out by hand, one line per source state. */
    private static final Map<DagRunState, Set<DagRunState>> EXPECTED = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED, SUCCESS),
            RUNNING, EnumSet.of(SUCCESS, FAILED, QUEUED),
            SUCCESS, EnumSet.of(QUEUED, FAILED),
            FAILED, EnumSet.of(QUEUED, SUCCESS));

    @Test
    void the_expected_table_covers_every_state() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(DagRunState.values());
    }

    @ParameterizedTest
    @EnumSource(DagRunState.class)
    void allows_exactly_the_listed_moves_from_each_state(DagRunState from) {
        assertThat(DagRunStateMachine.allowedFrom(from)).isEqualTo(EXPECTED.get(from));
        for (DagRunState to : EXPECTED.get(from)) {
            assertThatNoException().as(from + " -> " + to).isThrownBy(() -> DagRunStateMachine.check(from, to));
        }
    }

    @ParameterizedTest
    @EnumSource(DagRunState.class)
    void refuses_every_other_move_from_each_state_naming_both_states(DagRunState from) {
        Set<DagRunState> refused = EnumSet.complementOf(EnumSet.copyOf(EXPECTED.get(from)));
        assertThat(refused).contains(from);
        for (DagRunState to : refused) {
            assertThat(DagRunStateMachine.canMove(from, to)).as(from + " -> " + to).isFalse();
            assertThatThrownBy(() -> DagRunStateMachine.check(from, to))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + from.value() + "'")
                    .hasMessageContaining("'" + to.value() + "'");
        }
    }
}
