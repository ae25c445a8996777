package io.pipeline.task.emr;

import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterStateChangeReason;
import software.amazon.awssdk.services.emr.model.FailureDetails;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepSummary;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Where a cluster and its steps are, and what that means for the try: still running, done, or failed (and why). */
record EmrStatus(String clusterId, ClusterState state, List<StepSummary> steps, Verdict verdict, String failure) {

    enum Verdict { RUNNING, SUCCEEDED, FAILED }

    private static final Set<ClusterState> ALIVE = EnumSet.of(ClusterState.STARTING, ClusterState.BOOTSTRAPPING,
            ClusterState.RUNNING, ClusterState.WAITING);
    private static final Set<StepState> STEP_FAILED = EnumSet.of(StepState.FAILED, StepState.CANCELLED,
            StepState.INTERRUPTED);

    static EmrStatus of(Cluster cluster, List<StepSummary> steps) {
        ClusterState state = cluster.status().state();
        String id = cluster.id();
        for (StepSummary s : steps) {
            if (STEP_FAILED.contains(s.status().state())) {
                return new EmrStatus(id, state, steps, Verdict.FAILED, "step '" + s.name() + "' of cluster " + id
                        + " is " + s.status().stateAsString() + failureDetails(s.status().failureDetails()));
            }
        }
        if (!steps.isEmpty() && steps.stream().allMatch(s -> s.status().state() == StepState.COMPLETED)) {
            return new EmrStatus(id, state, steps, Verdict.SUCCEEDED, null);
        }
        if (state == ClusterState.TERMINATED_WITH_ERRORS || state == ClusterState.TERMINATED
                || state == ClusterState.TERMINATING) {
            return new EmrStatus(id, state, steps, Verdict.FAILED, "cluster " + id + " is " + cluster.status()
                    .stateAsString() + " before its steps completed" + reason(cluster.status().stateChangeReason()));
        }
        return new EmrStatus(id, state, steps, Verdict.RUNNING, null);
    }

    static boolean isAlive(Cluster cluster) {
        return ALIVE.contains(cluster.status().state());
    }

    boolean alive() {
        return ALIVE.contains(state);
    }

    /** e.g. {@code cluster j-1 RUNNING; steps: load=RUNNING, check=PENDING}. */
    String describe() {
        return "cluster " + clusterId + " " + state + "; steps: " + steps.stream()
                .map(s -> s.name() + "=" + s.status().stateAsString()).collect(Collectors.joining(", "));
    }

    List<Map<String, String>> stepStates() {
        return steps.stream().map(s -> Map.of("id", s.id(), "name", s.name(),
                "state", s.status().stateAsString())).toList();
    }

    private static String failureDetails(FailureDetails d) {
        if (d == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (d.reason() != null) {
            b.append(": ").append(d.reason());
        }
        if (d.message() != null) {
            b.append(": ").append(d.message());
        }
        if (d.logFile() != null) {
            b.append(" (log: ").append(d.logFile()).append(')');
        }
        return b.toString();
    }

    private static String reason(ClusterStateChangeReason r) {
        if (r == null || r.message() == null && r.code() == null) {
            return "";
        }
        return ": " + (r.codeAsString() == null ? "" : r.codeAsString() + ": ") + r.message();
    }
}
