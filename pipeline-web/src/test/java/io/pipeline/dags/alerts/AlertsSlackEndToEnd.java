package io.pipeline.dags.alerts;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;
import io.pipeline.dag.Dag;
import io.pipeline.dag.DagBuilder;
import io.pipeline.dag.DagDefinition;

/**
 * For the Slack end-to-end test: manual only; {@code publish_prices} always fails, naming its run in the error; its
 * failure alerts through Slack to {@code #market-data}.
 */
public final class AlertsSlackEndToEnd implements DagDefinition {

    public static final String DAG_ID = "alerts_slack_e2e";

    @Override
    public Dag define() {
        return DagBuilder.dag(DAG_ID)
                .tags("alerts-test")
                .alerts(AlertPolicy.dag(AlertEvent.FAILURE).channel("#market-data").via("slack"))
                .tasks(g -> g.task("publish_prices", ctx -> {
                    throw new IllegalStateException("publisher rejected run " + ctx.runId());
                }))
                .build();
    }
}
