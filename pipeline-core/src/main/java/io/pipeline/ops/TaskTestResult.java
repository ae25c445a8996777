package io.pipeline.ops;

import java.time.Duration;
import java.util.Set;

/**
 * How a {@code tasks test} run ended: {@code success} or not, the output as JSON (null for none), what a branch or
 * short-circuit would skip, the error's first line, the log (masked) and the wall time.
 */
public record TaskTestResult(boolean success, String outputJson, Set<String> wouldSkip, String error, String log,
                             Duration duration) {

    public TaskTestResult {
        wouldSkip = wouldSkip == null ? Set.of() : Set.copyOf(wouldSkip);
    }
}
