package io.pipeline.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff, the one formula behind task retries ({@code dag.RetryPolicy}), alert delivery
 * ({@code alert.SenderSettings}), HTTP fetches ({@code task.io.HttpRetryPolicy}) and resource releases: the delay
 * after the n-th failed attempt is {@code initial * 2^(n-1)}, doubled at most {@code maxDoublings} times (an overflow
 * saturates), capped at {@code max} (no cap when null), then spread by a {@link Jitter}.
 */
public record Backoff(Duration initial, Duration max, int maxDoublings, Jitter jitter) {

    /** Where an overflowing doubling stops: far beyond any cap, with room left for jitter and instant arithmetic. */
    static final long SATURATED_MILLIS = Long.MAX_VALUE / 4;

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(jitter, "jitter");
        if (maxDoublings < 0 || maxDoublings > 62) {
            throw new IllegalArgumentException("maxDoublings must be in 0..62, got " + maxDoublings);
        }
    }

    /** Without jitter; {@code max} null for no cap. */
    public static Backoff exponential(Duration initial, Duration max, int maxDoublings) {
        return new Backoff(initial, max, maxDoublings, Jitter.NONE);
    }

    public Backoff withJitter(Jitter jitter) {
        return new Backoff(initial, max, maxDoublings, jitter);
    }

    /** The delay after attempt {@code failedAttempt} (1-based) failed; attempts below 1 count as 1. */
    public Duration delay(int failedAttempt) {
        return delay(failedAttempt, 0L);
    }

    /** As {@link #delay(int)}, with {@code seed} feeding the jitter (e.g. a hash of what is retried). */
    public Duration delay(int failedAttempt, long seed) {
        return Duration.ofMillis(jitter.apply(cappedMillis(failedAttempt), failedAttempt, seed));
    }

    private long cappedMillis(int failedAttempt) {
        int shift = Math.max(0, Math.min(failedAttempt - 1, maxDoublings));
        long millis;
        try {
            millis = Math.multiplyExact(initial.toMillis(), 1L << shift);
        } catch (ArithmeticException overflow) {
            millis = SATURATED_MILLIS;
        }
        return max == null ? millis : Math.min(millis, max.toMillis());
    }

    /** Spreads a delay deterministically, so that tests are repeatable and failures that came together spread out. */
    @FunctionalInterface
    public interface Jitter {

        /** The delay itself. */
        Jitter NONE = (millis, failedAttempt, seed) -> millis;

        /** A spread in [50%, 100%] of the delay, from the seed and the attempt (task retries). */
        Jitter HALF_TO_FULL = (millis, failedAttempt, seed) -> {
            if (millis <= 0) {
                return millis;
            }
            long mixed = seed * 0x9E3779B97F4A7C15L + failedAttempt * 0xBF58476D1CE4E5B9L;
            mixed ^= (mixed >>> 31);
            double fraction = 0.5 + 0.5 * ((mixed >>> 11) * 0x1.0p-53);
            return (long) (millis * fraction);
        };

        /** Up to 20% less than the delay, from the seed only (alert delivery: the alert id). */
        Jitter UP_TO_A_FIFTH_LESS = (millis, failedAttempt, seed) -> {
            long spread = Math.floorMod(seed * 0x9E3779B97F4A7C15L, 1000L);
            return millis - millis * spread / 5000;
        };

        long apply(long millis, int failedAttempt, long seed);
    }
}
