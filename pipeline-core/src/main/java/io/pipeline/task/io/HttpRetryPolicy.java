package io.pipeline.task.io;

import io.pipeline.retry.Backoff;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HttpFetcher} retries: at most {@code maxAttempts} requests; after a 429, a 5xx or an I/O error it
 * waits {@code Retry-After} when the server sent one (capped at {@code maxWait}), else {@code baseDelay * 2^(n-1)}
 * capped at {@code maxWait}.
 */
public record HttpRetryPolicy(int maxAttempts, Duration baseDelay, Duration maxWait) {

    public HttpRetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxWait, "maxWait");
    }

    public static HttpRetryPolicy defaults() {
        return new HttpRetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public static HttpRetryPolicy none() {
        return new HttpRetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }

    Duration backoff(int failedAttempt) {
        return Backoff.exponential(baseDelay, maxWait, 20).delay(failedAttempt);
    }

    Duration cap(Duration wait) {
        return wait.compareTo(maxWait) > 0 ? maxWait : (wait.isNegative() ? Duration.ZERO : wait);
    }
}
