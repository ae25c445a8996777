package io.pipeline.web.engine;

import io.pipeline.engine.Engine;
import io.pipeline.store.NodeRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web role in the node registry. On a node that also runs the engine, {@code web} is added to the roles the
 * engine registered (the engine heartbeats the node). On a web-only node there is no engine, so the node registers
 * itself with the role {@code web} and heartbeats on its own thread, so that {@code GET /nodes} and the Nodes page
 * show it alive, and lost or stopped like any other node.
 */
public final class WebNodePresence {
    private static final Logger LOG = LoggerFactory.getLogger(WebNodePresence.class);

    private final NodeRepository nodes;
    private final String nodeId;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService beats;
    private volatile boolean beatFailed;

    public WebNodePresence(NodeRepository nodes, String nodeId, Clock clock, Duration interval) {
        this.nodes = nodes;
        this.nodeId = nodeId;
        this.clock = clock;
        this.interval = interval;
    }

    /** @param engineRegistered whether this node's engine has registered it (then only the role is added) */
    public synchronized void start(boolean engineRegistered) {
        if (engineRegistered) {
            nodes.addRole(nodeId, "web");
            return;
        }
        nodes.register(nodeId, Engine.hostname(), List.of("web"), List.of(), 0, clock.instant());
        beats = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pipeline-web-heartbeat")
                .daemon().unstarted(r));
        long ms = interval.toMillis();
        beats.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("web-only node {} registered", nodeId);
    }

    /** Stops heartbeating a web-only node and marks it stopped. */
    public synchronized void stop() {
        if (beats == null) {
            return;
        }
        beats.shutdownNow();
        beats = null;
        try {
            nodes.stopped(nodeId, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("could not mark node {} stopped: {}", nodeId, e.toString());
        }
    }

    private void beat() {
        try {
            nodes.heartbeat(nodeId, clock.instant());
            if (beatFailed) {
                LOG.info("node {} heartbeats again", nodeId);
                beatFailed = false;
            }
        } catch (RuntimeException e) {
            if (!beatFailed) {
                LOG.warn("node {} could not heartbeat: {}", nodeId, e.toString());
                beatFailed = true;
            }
        }
    }
}
