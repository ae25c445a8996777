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
 * Nodes with neither role have no engine.
 */
public class EngineLifecycle implements SmartLifecycle {

    private final Supplier<Engine> engines;
    private final Duration grace;
    private volatile Engine engine;
    private volatile boolean running;

    /**
     * @param engines builds an engine; null when this node runs neither scheduler nor worker. The first engine is
     *                built here, with the context, so that its meters are registered before anything else's.
     */
    public EngineLifecycle(Supplier<Engine> engines, Duration grace) {
        this.engines = engines;
        this.grace = grace;
        this.engine = engines == null ? null : engines.get();
    }

    @Override
    public synchronized void start() {
        if (running || engines == null) {
            return;
        }
        if (engine == null) {
            engine = engines.get();
        }
        engine.start();
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            engine.stop(grace);
            engine = null; // a stopped engine cannot start again
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
