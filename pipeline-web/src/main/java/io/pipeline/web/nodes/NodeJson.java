package io.pipeline.web.nodes;

import io.pipeline.engine.NodeRegistry.NodeView;
import io.pipeline.store.NodeRepository.NodeRow;
import io.pipeline.store.NodeRepository.RunningTry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A node as {@code GET /nodes} shows it (ours, in Airflow's conventions).
 *
 * @param state                       {@code alive}, {@code lost} (silent past the lost threshold) or {@code stopped}
 * @param secondsSinceHeartbeat       age of the last heartbeat when the request was answered
 * @param runningTaskInstanceCount    tries running on the node
 * @param runningTaskInstances        those tries
 */
public record NodeJson(String nodeId, String hostname, List<String> roles, List<String> queues,
                       int workerConcurrency, Instant startedAt, Instant lastHeartbeat, String state,
                       long secondsSinceHeartbeat, int runningTaskInstanceCount,
                       List<RunningTaskInstanceJson> runningTaskInstances) {

    /** A try running on the node. */
    public record RunningTaskInstanceJson(String dagId, String dagRunId, String taskId, int mapIndex,
                                          int tryNumber, Instant startDate) {
        static RunningTaskInstanceJson of(RunningTry t) {
            return new RunningTaskInstanceJson(t.dagId(), t.runId(), t.taskId(), t.mapIndex(), t.tryNumber(),
                    t.startDate());
        }
    }

    /** Airflow-style collection: the page and how many there are in all. */
    public record Collection(List<NodeJson> nodes, long totalEntries) {
    }

    static NodeJson of(NodeView v, Instant now) {
        NodeRow r = v.row();
        long age = Math.max(0, Duration.between(r.heartbeatAt(), now).toSeconds());
        return new NodeJson(r.nodeId(), r.hostname(), r.roles(), r.queues(), r.workerConcurrency(), r.startedAt(),
                r.heartbeatAt(), v.state().value(), age, v.running().size(),
                v.running().stream().map(RunningTaskInstanceJson::of).toList());
    }
}
