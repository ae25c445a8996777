package io.pipeline.alert;

import io.pipeline.dag.alert.AlertEvent;
import io.pipeline.engine.DagRunStateChange;
import io.pipeline.engine.TaskStateChange;
import io.pipeline.state.DagRunState;
import io.pipeline.state.TaskState;

import java.time.Duration;
import java.time.Instant;

/** Test data for alert tests. */
public final class AlertFixtures {

    public static final Instant LOGICAL_DATE = Instant.parse("2018-05-14T00:00:00Z");
    public static final String DAG = "nightly_dataload";
    public static final String RUN = "scheduled__2018-05-14T00:00:00+00:00";

    private AlertFixtures() {
    }

    public static TaskStateChange taskChange(String task, int tryNumber, int maxTries, TaskState from, TaskState to,
                                             Instant at) {
        return taskChange(DAG, RUN, task, tryNumber, maxTries, from, to, at);
    }

    public static TaskStateChange taskChange(String dag, String run, String task, int tryNumber, int maxTries,
                                             TaskState from, TaskState to, Instant at) {
        String error = to == TaskState.FAILED || to == TaskState.UP_FOR_RETRY
                ? "java.io.IOException: provider answered 503\n\tat io.pipeline.dags.Ingest.run(Ingest.java:42)" : null;
        return new TaskStateChange(dag, run, LOGICAL_DATE, task, -1, tryNumber, maxTries, from, to, at,
                Duration.ofSeconds(83), error);
    }

    public static TaskStateChange retried(String task, int tryNumber, int maxTries, Instant at) {
        return taskChange(task, tryNumber, maxTries, TaskState.RUNNING, TaskState.UP_FOR_RETRY, at);
    }

    public static TaskStateChange failed(String task, int tryNumber, int maxTries, Instant at) {
        return taskChange(task, tryNumber, maxTries, TaskState.RUNNING, TaskState.FAILED, at);
    }

    public static TaskStateChange succeeded(String task, int tryNumber, int maxTries, Instant at) {
        return taskChange(task, tryNumber, maxTries, TaskState.RUNNING, TaskState.SUCCESS, at);
    }

    public static DagRunStateChange runChange(String dag, String run, Instant logicalDate, DagRunState from,
                                              DagRunState to, Instant at) {
        return new DagRunStateChange(dag, run, logicalDate, "scheduled", from, to, at);
    }

    /** A payload for run {@code run} of {@link #DAG}, numbered {@code seq} in its summary. */
    public static AlertPayload payload(String run, int seq, Instant at) {
        return new AlertPayload(AlertEvent.FAILURE, DAG + ".task_" + seq + " [2018-05-14] has failed!", DAG, run,
                "task_" + seq, -1, "2018-05-14", LOGICAL_DATE, 2, 2, 1500L, "boom", "failed", at,
                "https://pipeline.example.com/dags/" + DAG + "/runs/" + run + "/tasks/task_" + seq,
                "https://pipeline.example.com/dags/" + DAG + "/runs/" + run + "/tasks/task_" + seq + "/logs/2",
                null, null, null);
    }

    public static OutboxRow row(long id, String channel, Instant at) {
        return new OutboxRow(id, at, "test", channel, 0, payload(RUN, 1, at));
    }
}
