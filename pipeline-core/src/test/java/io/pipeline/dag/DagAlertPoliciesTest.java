package io.pipeline.dag;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.alert.Deadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Alert policies declared through the DAG DSL: carried on the Dag, checked against its tasks when built. */
class DagAlertPoliciesTest {

    private static DagBuilder twoTasks() {
        return DagBuilder.dag("alerting").tasks(g -> g.task("extract", ctx -> null).then(g.task("load", ctx -> null)));
    }

    @Test
    void a_dag_carries_its_dag_level_and_task_level_policies_in_declaration_order() {
        AlertPolicy onFailure = AlertPolicy.dag(AlertEvent.FAILURE, AlertEvent.RETRY).channel("#data");
        AlertPolicy loadRecovery = AlertPolicy.task("load", AlertEvent.RECOVERY).via("slack");

        Dag dag = twoTasks().alerts(onFailure).alerts(loadRecovery).build();

        assertThat(dag.alertPolicies()).containsExactly(onFailure, loadRecovery);
    }

    @Test
    void a_dag_without_alerts_has_no_policies_and_keeps_them_through_with_source() {
        assertThat(twoTasks().build().alertPolicies()).isEmpty();

        Dag dag = twoTasks().alerts(AlertPolicy.dag(AlertEvent.FAILURE)).build().withSource("SomeClass");

        assertThat(dag.source()).isEqualTo("SomeClass");
        assertThat(dag.alertPolicies()).hasSize(1);
    }

    @Test
    void a_policy_for_a_task_the_dag_does_not_have_is_a_validation_error_naming_dag_and_task() {
        assertThatThrownBy(() -> twoTasks().alerts(AlertPolicy.task("laod", AlertEvent.FAILURE)).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("DAG 'alerting' is invalid")
                .hasMessageContaining("alert policy for task 'laod': no such task");
    }

    @Test
    void two_dag_level_policies_or_two_for_one_task_are_reported_together() {
        assertThatThrownBy(() -> twoTasks()
                .alerts(AlertPolicy.dag(AlertEvent.FAILURE), AlertPolicy.dag(AlertEvent.RETRY),
                        AlertPolicy.task("load", AlertEvent.FAILURE), AlertPolicy.task("load", AlertEvent.SUCCESS))
                .build())
                .isInstanceOfSatisfying(DagValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "alert policies: more than one DAG-level policy",
                        "alert policy for task 'load': more than one policy"));
    }

    @Test
    void a_deadline_on_an_unknown_calendar_is_reported_when_the_dag_is_built() {
        AlertPolicy policy = AlertPolicy.dag(AlertEvent.FAILURE)
                .deadline(Deadline.afterSessionClose(Duration.ofMinutes(30), "XNYZ"));

        assertThatThrownBy(() -> twoTasks().alerts(policy).build())
                .isInstanceOf(DagValidationException.class)
                .hasMessageContaining("deadline on unknown calendar 'XNYZ'")
                .hasMessageContaining("XNYS");
    }
}
