package io.pipeline.engine;

import java.time.Instant;

/** One small periodic part of the scheduler loop. Each call does a bounded amount of work and returns. */
public interface SchedulerStep {
    String name();

    void run(Instant now);

    /**
     * The instant at which this step next has work that falls due at a known time (a scheduled run's time), when
     * it knows one; null otherwise. The loop runs a pass at that instant instead of waiting out its interval.
     */
    default Instant dueAt() {
        return null;
    }
}
