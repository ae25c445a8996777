package io.pipeline.dags.alerts;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;

/**
 * For the alerts API tests: manual only; {@code load_prices} always fails (no retries). Alerts on task failure and
 * run failure to {@code #desk}, whether or not a notifier is configured (so without Slack they wait as pending).
 */
public final class AlertsApiFailing implements DagDefinition {

    public static final String DAG_ID = "alerts_api_failing";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .tags("alerts-test")
                .alerts(AlertPolicy.dag(AlertEvent.FAILURE, AlertEvent.RUN_FAILURE).channel("#desk"))
                .tasks(g -> g.task("extract", ctx -> "ok").then(g.task("load_prices", ctx -> {
                    throw new IllegalStateException("bar store refused the batch: disk full");
                })))
                .build();
    }
}
