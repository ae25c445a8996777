package io.pipeline.state;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pipeline.state.TaskState.*;
import static org.assertj.core.api.Assertions.assertThat;

class DagRunStateRollupTest {

    @Test
    void is_running_while_any_task_instance_is_unfinished() {
        for (TaskState pending : List.of(NONE, SCHEDULED, QUEUED, RUNNING, UP_FOR_RETRY, UP_FOR_RESCHEDULE,
                DEFERRED)) {
            assertThat(DagRunStateRollup.rollUp(List.of(FAILED, pending), List.of(FAILED)))
                    .as(pending.value()).isEqualTo(DagRunState.RUNNING);
        }
    }

    @Test
    void fails_when_a_leaf_failed_or_is_upstream_failed() {
        assertThat(DagRunStateRollup.rollUp(List.of(SUCCESS, FAILED), List.of(FAILED))).isEqualTo(DagRunState.FAILED);
        assertThat(DagRunStateRollup.rollUp(List.of(FAILED, UPSTREAM_FAILED), List.of(UPSTREAM_FAILED)))
                .isEqualTo(DagRunState.FAILED);
    }

    @Test
    void succeeds_when_leaves_are_success_or_skipped_even_if_an_inner_task_failed() {
        // An all_done cleanup leaf that succeeded after a failed extract: Airflow judges the run by its leaves.
        assertThat(DagRunStateRollup.rollUp(List.of(FAILED, SUCCESS, SKIPPED), List.of(SUCCESS, SKIPPED)))
                .isEqualTo(DagRunState.SUCCESS);
    }

    @Test
    void ignores_removed_task_instances() {
        assertThat(DagRunStateRollup.rollUp(List.of(SUCCESS, REMOVED), List.of(SUCCESS, REMOVED)))
                .isEqualTo(DagRunState.SUCCESS);
    }
}
