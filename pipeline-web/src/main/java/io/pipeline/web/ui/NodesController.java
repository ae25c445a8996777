package io.pipeline.web.ui;

import io.pipeline.web.security.Role;
import io.pipeline.web.security.RequiresRole;
import io.pipeline.engine.NodeRegistry;
import io.pipeline.engine.NodeRegistry.NodeView;
import io.pipeline.store.NodeRepository.NodeRow;
import io.pipeline.store.NodeRepository.RunningTry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The Nodes page: every node with its roles, queues, heartbeat, state and running tries; unserved queues on top. */
@RequiresRole(Role.VIEWER)
@Controller
public class NodesController {

    /** A running try with a link to its page. */
    public record RunningRow(String dagId, String runId, String taskId, int mapIndex, int tryNumber, String since,
                             String link) {
        static RunningRow of(RunningTry t) {
            return new RunningRow(t.dagId(), t.runId(), t.taskId(), t.mapIndex(), t.tryNumber(),
                    Fmt.instant(t.startDate()), Links.ti(t.dagId(), t.runId(), t.taskId(), t.mapIndex()));
        }
    }

    /** A node as the page shows it. */
    public record NodeRowView(String nodeId, String hostname, String roles, String queues, int workerConcurrency,
                              String startedAt, String lastHeartbeat, String heartbeatAge, String state,
                              List<RunningRow> running) {
        static NodeRowView of(NodeView v, Instant now) {
            NodeRow r = v.row();
            return new NodeRowView(r.nodeId(), r.hostname(), String.join(", ", r.roles()),
                    String.join(", ", r.queues()), r.workerConcurrency(), Fmt.instant(r.startedAt()),
                    Fmt.instant(r.heartbeatAt()), Fmt.duration(Duration.between(r.heartbeatAt(), now)) + " ago",
                    v.state().value(), v.running().stream().map(RunningRow::of).toList());
        }
    }

    private final NodeRegistry nodes;
    private final Clock clock;

    public NodesController(NodeRegistry nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    @GetMapping("/ui/nodes")
    String nodes(Model model) {
        Instant now = clock.instant();
        model.addAttribute("nodes", nodes.nodes().stream().map(v -> NodeRowView.of(v, now)).toList());
        model.addAttribute("unserved", nodes.unservedQueues());
        model.addAttribute("lostThreshold", Fmt.duration(nodes.lostThreshold()));
        return "ui/nodes";
    }
}
