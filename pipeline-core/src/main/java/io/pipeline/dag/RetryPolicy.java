package io.pipeline.dag;

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
        int shift = Math.max(0, Math.min(failedTry - 1, 40));
        long millis;
        try {
            millis = Math.multiplyExact(delay.toMillis(), 1L << shift);
        } catch (ArithmeticException overflow) {
            millis = Long.MAX_VALUE / 4;
        }
        if (maxDelay != null) {
            millis = Math.min(millis, maxDelay.toMillis());
        }
        if (jitter && millis > 0) {
            long mixed = seed * 0x9E3779B97F4A7C15L + failedTry * 0xBF58476D1CE4E5B9L;
            mixed ^= (mixed >>> 31);
            double fraction = 0.5 + 0.5 * ((mixed >>> 11) * 0x1.0p-53);
            millis = (long) (millis * fraction);
        }
        return Duration.ofMillis(millis);
    }
}
