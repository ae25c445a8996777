package io.pipeline.state;

/**
 * What the scheduler does with a waiting TI given its upstream: run it, keep waiting, or settle it without running
 * (skipped, upstream_failed, removed).
 */
public enum TriggerDecision {
    RUN(null), WAIT(null), SKIP(TaskState.SKIPPED), UPSTREAM_FAILED(TaskState.UPSTREAM_FAILED),
    REMOVED(TaskState.REMOVED);

    private final TaskState settledState;

    TriggerDecision(TaskState settledState) {
        this.settledState = settledState;
    }

    /** The state to set for SKIP, UPSTREAM_FAILED and REMOVED; null for RUN and WAIT. */
    public TaskState settledState() {
        return settledState;
    }
}
