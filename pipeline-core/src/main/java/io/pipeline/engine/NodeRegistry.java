package io.pipeline.engine;

import io.pipeline.store.NodeRepository;
import io.pipeline.store.NodeRepository.NodeRow;
import io.pipeline.store.NodeRepository.RunningTry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes sharing the database as an operator sees them: each with its state judged from its heartbeat age against
 * the lost threshold (the same threshold after which its running tries are reaped as {@code node lost}), its running
 * tries, and the queues whose queued task instances no live worker serves.
 */
public final class NodeRegistry {

    /**
     * A node's state: heartbeating, draining (stopping: no longer claiming, letting its running tries end), silent
     * past the threshold, or stopped on purpose.
     */
    public enum NodeState {
        ALIVE, STOPPING, LOST, STOPPED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A node, its state and the tries running on it. */
    public record NodeView(NodeRow row, NodeState state, List<RunningTry> running) {
        public boolean serves(String queue) {
            return state == NodeState.ALIVE && row.roles().contains("worker") && row.queues().contains(queue);
        }
    }

    private final NodeRepository nodes;
    private final Clock clock;
    private final Duration lostThreshold;

    public NodeRegistry(NodeRepository nodes, Clock clock, Duration lostThreshold) {
        this.nodes = nodes;
        this.clock = clock;
        this.lostThreshold = lostThreshold;
    }

    public Duration lostThreshold() {
        return lostThreshold;
    }

    /** Every registered node, by id. */
    public List<NodeView> nodes() {
        return views(nodes.list());
    }

    public Optional<NodeView> node(String nodeId) {
        return nodes.find(nodeId).map(row -> views(List.of(row)).getFirst());
    }

    /**
     * Queues with queued task instances and no live worker node serving them, with how many wait in each: those wait
     * until such a node starts.
     */
    public Map<String, Integer> unservedQueues() {
        List<NodeView> all = nodes();
        Map<String, Integer> out = new LinkedHashMap<>();
        nodes.queuedByQueue().forEach((queue, n) -> {
            if (all.stream().noneMatch(v -> v.serves(queue))) {
                out.put(queue, n);
            }
        });
        return out;
    }

    /** Whether a live worker node serves this queue. */
    public boolean served(String queue) {
        return nodes().stream().anyMatch(v -> v.serves(queue));
    }

    private List<NodeView> views(List<NodeRow> rows) {
        Instant cutoff = clock.instant().minus(lostThreshold);
        Map<String, List<RunningTry>> running = new LinkedHashMap<>();
        rows.forEach(r -> running.put(r.nodeId(), new ArrayList<>()));
        for (RunningTry t : nodes.runningTries(running.keySet())) {
            running.get(t.nodeId()).add(t);
        }
        return rows.stream().map(r -> new NodeView(r, state(r, cutoff), List.copyOf(running.get(r.nodeId()))))
                .toList();
    }

    private static NodeState state(NodeRow row, Instant cutoff) {
        if ("stopped".equals(row.state())) {
            return NodeState.STOPPED;
        }
        if (row.heartbeatAt().isBefore(cutoff)) {
            return NodeState.LOST;
        }
        return "stopping".equals(row.state()) ? NodeState.STOPPING : NodeState.ALIVE;
    }
}
