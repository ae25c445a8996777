package io.pipeline.engine;

import java.time.Instant;

/** One small periodic part of the scheduler loop. Each call does a bounded amount of work and returns. */
public interface SchedulerStep {
    String name();

    void run(Instant now);
}
