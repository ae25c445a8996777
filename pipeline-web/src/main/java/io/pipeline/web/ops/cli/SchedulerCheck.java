package io.pipeline.web.ops.cli;

import io.pipeline.store.NodeRepository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/** Whether some node runs a scheduler (heartbeat within 30 s, as the health endpoint judges it). */
@Component
public class SchedulerCheck {

    static final Duration THRESHOLD = Duration.ofSeconds(30);

    private final NodeRepository nodes;
    private final Clock clock;

    public SchedulerCheck(NodeRepository nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    public boolean alive() {
        return nodes.schedulerHeartbeatSince(clock.instant().minus(THRESHOLD));
    }
}
