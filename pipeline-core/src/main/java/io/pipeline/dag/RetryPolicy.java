package io.pipeline.dag;

import io.pipeline.retry.Backoff;
import io.pipeline.retry.Backoff.Jitter;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and when a failed try is retried. Delay before try n+1 after try n failed: {@code delay} when not
 * exponential; otherwise {@code delay * 2^(n-1)} capped at {@code maxDelay}, and with jitter a deterministic
 * spread in [50%, 100%] of that value derived from the seed (so that tests are repeatable).
 */
public record RetryPolicy(int retries, Duration delay, boolean exponential, boolean jitter, Duration maxDelay) {

    public RetryPolicy {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("retry delay must not be negative, got " + delay);
        }
    }

    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, false, false, null);
    }

    public static RetryPolicy fixed(int retries, Duration delay) {
        return new RetryPolicy(retries, delay, false, false, null);
    }

    public static RetryPolicy exponential(int retries, Duration initialDelay, Duration maxDelay, boolean jitter) {
        return new RetryPolicy(retries, initialDelay, true, jitter, maxDelay);
    }

    /** Delay after try {@code failedTry} (1-based) failed. {@code seed} feeds jitter (e.g. hash of the TI key). */
    public Duration delayAfter(int failedTry, long seed) {
        if (!exponential) {
            return delay;
        }
        return Backoff.exponential(delay, maxDelay, 40).withJitter(jitter ? Jitter.HALF_TO_FULL : Jitter.NONE)
                .delay(failedTry, seed);
    }
}
