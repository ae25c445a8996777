package io.pipeline.state;

import java.util.Collection;

/**
 * Counts of the states of a task instance's direct upstream TIs (a mapped upstream task counts with every instance).
 * {@code done} counts the finished ones: success, failed, skipped, upstream_failed and removed.
 */
public record UpstreamStates(int total, int success, int failed, int upstreamFailed, int skipped, int removed) {

    public UpstreamStates {
        if (total < 0 || success < 0 || failed < 0 || upstreamFailed < 0 || skipped < 0 || removed < 0) {
            throw new IllegalArgumentException("upstream counts must not be negative");
        }
        if (success + failed + upstreamFailed + skipped + removed > total) {
            throw new IllegalArgumentException("more finished upstream TIs than upstream TIs (" + total + ")");
        }
    }

    public static UpstreamStates of(Collection<TaskState> states) {
        int success = 0;
        int failed = 0;
        int upstreamFailed = 0;
        int skipped = 0;
        int removed = 0;
        for (TaskState s : states) {
            switch (s) {
                case SUCCESS -> success++;
                case FAILED -> failed++;
                case UPSTREAM_FAILED -> upstreamFailed++;
                case SKIPPED -> skipped++;
                case REMOVED -> removed++;
                default -> {
                }
            }
        }
        return new UpstreamStates(states.size(), success, failed, upstreamFailed, skipped, removed);
    }

    public static UpstreamStates of(TaskState... states) {
        return of(java.util.Arrays.asList(states));
    }

    public int done() {
        return success + failed + upstreamFailed + skipped + removed;
    }

    public boolean allDone() {
        return done() >= total;
    }
}
