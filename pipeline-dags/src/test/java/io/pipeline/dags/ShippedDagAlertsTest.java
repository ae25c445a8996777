package io.pipeline.dags;

import io.pipeline.alert.AlertRules;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBag;
import io.pipeline.dag.DagDefinition;
import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dags.examples.ExampleCloseSensor;
import io.pipeline.dags.examples.ExampleHello;
import io.pipeline.dags.examples.ExampleTaskGroups;
import io.pipeline.dags.examples.ExampleTradingDay;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The example and market-data DAGs alert on retry and failure once a notifier is configured, and only then. */
class ShippedDagAlertsTest {

    private static final List<Class<? extends DagDefinition>> SHIPPED = List.of(ExampleHello.class,
            ExampleTradingDay.class, ExampleCloseSensor.class, ExampleTaskGroups.class, IntradayPrices.class, DailyBars.class,
            NightlyDataload.class, RiskModels.class, BacktestDag.class, DailyBarsSpark.class, BacktestK8sDag.class,
            ModelTrainingEmrDag.class);

    private static Map<String, Dag> shipped() {
        DagBag bag = DagBag.fromClasses(SHIPPED);
        assertThat(bag.importErrors()).isEmpty();
        return bag.dags();
    }

    @Test
    void every_shipped_dag_declares_a_when_configured_policy_on_retry_and_failure() {
        assertThat(shipped().values()).hasSize(SHIPPED.size()).allSatisfy(dag -> {
            AlertPolicy dagLevel = dag.alertPolicies().stream().filter(p -> !p.isTaskLevel()).findFirst()
                    .orElseThrow(() -> new AssertionError(dag.dagId() + " has no DAG-level alert policy"));
            assertThat(dagLevel.events()).as(dag.dagId()).containsExactlyInAnyOrder(AlertEvent.RETRY,
                    AlertEvent.FAILURE);
            assertThat(dag.alertPolicies()).as(dag.dagId()).allMatch(AlertPolicy::onlyWhenConfigured);
        });
    }

    @Test
    void without_a_configured_notifier_no_shipped_dag_alerts() {
        AlertRules rules = new AlertRules(List.of("slack"), List.of());

        shipped().values().forEach(dag -> rules.register(dag.dagId(), dag.alertPolicies()));

        assertThat(shipped().keySet()).noneMatch(rules::hasAny);
    }

    @Test
    void with_slack_configured_nightly_dataload_reports_ingest_fundamentals_outcomes_and_other_tasks_failures() {
        AlertRules rules = new AlertRules(List.of("slack"), List.of("slack"));
        Dag nightly = shipped().get(NightlyDataload.DAG_ID);

        rules.register(nightly.dagId(), nightly.alertPolicies());

        AlertPolicy ingest = rules.forTask(NightlyDataload.DAG_ID, "ingest_fundamentals").orElseThrow();
        assertThat(ingest.events()).containsExactlyInAnyOrder(AlertEvent.RETRY, AlertEvent.FAILURE,
                AlertEvent.SUCCESS);
        assertThat(rules.notifiersOf(ingest)).containsExactly("slack");
        AlertPolicy daily = rules.forTask(NightlyDataload.DAG_ID, "wait_for_vendor_file").orElseThrow();
        assertThat(daily.alertsOn(AlertEvent.FAILURE)).isTrue();
        assertThat(daily.alertsOn(AlertEvent.SUCCESS)).isFalse();
    }
}
