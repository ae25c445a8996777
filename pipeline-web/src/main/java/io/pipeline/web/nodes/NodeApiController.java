package io.pipeline.web.nodes;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.NodeRegistry;
import io.pipeline.web.api.ApiException;
import io.pipeline.web.api.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /nodes} and {@code GET /nodes/{node_id}} (ours, Airflow's conventions): the nodes sharing the database,
 * their roles, queues, heartbeat, state and running task instances.
 */
@RequiresRole(Role.VIEWER)
@RestController
@RequestMapping("/api/v1/nodes")
public class NodeApiController {

    private static final Map<String, Comparator<NodeJson>> ORDER = Map.of(
            "node_id", Comparator.comparing(NodeJson::nodeId),
            "hostname", Comparator.comparing(NodeJson::hostname),
            "state", Comparator.comparing(NodeJson::state),
            "started_at", Comparator.comparing(NodeJson::startedAt),
            "last_heartbeat", Comparator.comparing(NodeJson::lastHeartbeat));

    private final NodeRegistry nodes;
    private final Clock clock;

    public NodeApiController(NodeRegistry nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    @GetMapping
    public NodeJson.Collection list(@RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) Integer offset,
                                    @RequestParam(name = "order_by", required = false) String orderBy) {
        PageRequest page = PageRequest.of(limit, offset, orderBy, ORDER.keySet(), "node_id");
        Comparator<NodeJson> order = ORDER.get(page.orderBy()).thenComparing(NodeJson::nodeId);
        Instant now = clock.instant();
        List<NodeJson> all = nodes.nodes().stream().map(v -> NodeJson.of(v, now))
                .sorted(page.descending() ? order.reversed() : order).toList();
        return new NodeJson.Collection(all.stream().skip(page.offset()).limit(page.limit()).toList(), all.size());
    }

    @GetMapping("/{nodeId}")
    public NodeJson get(@PathVariable String nodeId) {
        return nodes.node(nodeId).map(v -> NodeJson.of(v, clock.instant()))
                .orElseThrow(() -> ApiException.notFound("Node '" + nodeId + "' not found"));
    }
}
