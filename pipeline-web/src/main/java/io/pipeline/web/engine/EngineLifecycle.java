package io.pipeline.web.engine;

import io.pipeline.engine.Engine;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Starts this node's engine (scheduler and/or worker, per {@code pipeline.node.roles}) once the context is ready,
 * and stops it before the DataSource closes: it stops claiming, lets running tries finish for up to the grace period
 * ({@code pipeline.node.shutdown-grace}) and hands the rest back.
 * An engine cannot start again once stopped (its threads are gone), so a start after a stop builds a fresh one. Pausing a
 * context (Spring's test framework pauses cached contexts between test classes) leaves the engine running: its
 * gauges stay bound to the first engine's state, so a paused-and-resumed engine would report stale metrics.
 * Nodes with neither role have no engine. The web role is made visible in the node registry by {@link WebNodePresence}:
 * added to the roles the engine registers, or, on a web-only node, registered and heartbeated on its own.
 */
public class EngineLifecycle implements SmartLifecycle {

    private final Supplier<Engine> engines;
    private final Duration grace;
    private final WebNodePresence web;
    private volatile Engine engine;
    private volatile boolean running;

    /**
     * @param engines builds an engine; null when this node runs no scheduler, worker or triggerer. The first engine is
     *                built here, with the context, so that its meters are registered before anything else's.
     */
    public EngineLifecycle(Supplier<Engine> engines, Duration grace) {
        this(engines, grace, null);
    }

    /** @param web the web role's presence in the node registry; null when this node does not serve the web */
    public EngineLifecycle(Supplier<Engine> engines, Duration grace, WebNodePresence web) {
        this.engines = engines;
        this.grace = grace;
        this.web = web;
        this.engine = engines == null ? null : engines.get();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (engines != null) {
            if (engine == null) {
                engine = engines.get();
            }
            engine.start();
        }
        if (web != null) {
            web.start(engines != null);
        }
        running = engines != null || web != null;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            if (engine != null) {
                engine.stop(grace);
                engine = null; // a stopped engine cannot start again
            }
            if (web != null) {
                web.stop();
            }
            running = false;
        }
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Wakes the scheduler and worker of this node (after a trigger or an unpause); no-op without an engine. */
    public void wake() {
        Engine current = engine;
        if (current != null) {
            current.wake();
        }
    }
}
