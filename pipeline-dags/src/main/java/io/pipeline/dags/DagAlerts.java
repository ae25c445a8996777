package io.pipeline.dags;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.dag.alert.AlertPolicy;

/**
 * The alerts the shipped DAGs declare. They apply only once a notifier is configured (Slack's token or webhook URL,
 * or the generic webhook): a new user who sets up Slack sees retries and failures arrive, and an installation
 * without alerting does not pile up pending alerts.
 */
public final class DagAlerts {

    private DagAlerts() {
    }

    /** Every task's retries and failures, to the default channel. */
    public static AlertPolicy onRetryAndFailure() {
        return AlertPolicy.dag(AlertEvent.RETRY, AlertEvent.FAILURE).whenConfigured();
    }

    /** One task's retries, failure and completion (e.g. "nightly_dataload.ingest_fundamentals [..] is complete"). */
    public static AlertPolicy onEveryOutcome(String taskId) {
        return AlertPolicy.task(taskId, AlertEvent.RETRY, AlertEvent.FAILURE, AlertEvent.SUCCESS).whenConfigured();
    }
}
