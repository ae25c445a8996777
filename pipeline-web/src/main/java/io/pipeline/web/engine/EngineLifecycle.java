package io.pipeline.web.engine;

import io.pipeline.engine.Engine;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Starts this node's engine (scheduler and/or worker, per {@code pipeline.node.roles}) once the context is ready,
 * and stops it before the DataSource closes, letting running tries finish for up to {@link #GRACE}.
 * Nodes with neither role have no engine.
 */
public class EngineLifecycle implements SmartLifecycle {

    static final Duration GRACE = Duration.ofSeconds(30);

    private final Engine engine;
    private volatile boolean running;

    public EngineLifecycle(Engine engine) {
        this.engine = engine;
    }

    @Override
    public void start() {
        if (engine != null) {
            engine.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        if (engine != null) {
            engine.stop(GRACE);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Wakes the scheduler and worker of this node (after a trigger or an unpause); no-op without an engine. */
    public void wake() {
        if (engine != null) {
            engine.wake();
        }
    }
}
