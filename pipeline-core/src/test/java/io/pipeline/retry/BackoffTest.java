package io.pipeline.retry;

import io.pipeline.alert.SenderSettings;
import io.pipeline.dag.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared formula, and proof that each former copy keeps its numbers: the formulas below are the ones
 * RetryPolicy, SenderSettings, HttpRetryPolicy and ReleaseResourcesStep computed by hand before they shared
 * {@link Backoff}, compared over attempts 0..70 and a spread of seeds.
 */
class BackoffTest {

    private static final long[] SEEDS = {0, 1, -1, 7, 42, 1_000_003, -987_654_321, Long.MAX_VALUE, Long.MIN_VALUE,
            0x5DEECE66DL};

    @Test
    void doubles_per_failed_attempt_up_to_the_cap() {
        Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10), 20);

        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(0)).as("below 1 counts as 1").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void stops_doubling_after_max_doublings_and_saturates_instead_of_overflowing() {
        assertThat(Backoff.exponential(Duration.ofMillis(1), null, 3).delay(10)).isEqualTo(Duration.ofMillis(8));
        assertThat(Backoff.exponential(Duration.ofDays(10_000), null, 62).delay(60))
                .isEqualTo(Duration.ofMillis(Backoff.SATURATED_MILLIS));
    }

    @Test
    void jitter_is_deterministic_and_within_its_band() {
        Backoff half = Backoff.exponential(Duration.ofSeconds(10), null, 40).withJitter(Backoff.Jitter.HALF_TO_FULL);
        Backoff fifth = Backoff.exponential(Duration.ofSeconds(10), null, 40)
                .withJitter(Backoff.Jitter.UP_TO_A_FIFTH_LESS);
        for (long seed : SEEDS) {
            assertThat(half.delay(1, seed)).isEqualTo(half.delay(1, seed))
                    .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(fifth.delay(1, seed)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        }
        assertThat(half.delay(1, 1)).isNotEqualTo(half.delay(1, 2));
    }

    @Test
    void retry_policy_keeps_its_numbers() {
        Duration[] delays = {Duration.ZERO, Duration.ofMillis(1), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofDays(365)};
        Duration[] caps = {null, Duration.ofMinutes(10), Duration.ofHours(6)};
        for (Duration delay : delays) {
            for (Duration cap : caps) {
                for (boolean jitter : new boolean[] {false, true}) {
                    RetryPolicy p = RetryPolicy.exponential(3, delay, cap, jitter);
                    for (int n = 0; n <= 70; n++) {
                        for (long seed : SEEDS) {
                            assertThat(p.delayAfter(n, seed)).as("delay %s cap %s jitter %s try %d seed %d",
                                    delay, cap, jitter, n, seed).isEqualTo(formerRetryPolicy(p, n, seed));
                        }
                    }
                }
            }
            assertThat(RetryPolicy.fixed(3, delay).delayAfter(5, 1)).isEqualTo(delay);
        }
    }

    @Test
    void alert_sender_keeps_its_numbers() {
        SenderSettings[] all = {SenderSettings.defaults(), new SenderSettings(Duration.ofSeconds(1), 1,
                Duration.ofMillis(250), Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(1))};
        for (SenderSettings s : all) {
            for (int n = 0; n <= 70; n++) {
                for (long id : SEEDS) {
                    assertThat(s.backoff(n, id)).as("%s attempt %d id %d", s, n, id)
                            .isEqualTo(formerSender(s, n, id));
                }
            }
        }
    }

    @Test
    void http_retry_and_resource_release_keep_their_numbers() {
        for (int n = 1; n <= 70; n++) {
            assertThat(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60), 20).delay(n))
                    .isEqualTo(formerHttp(Duration.ofSeconds(1), Duration.ofSeconds(60), n));
            assertThat(Backoff.exponential(Duration.ofMillis(3), Duration.ofDays(1), 20).delay(n))
                    .isEqualTo(formerHttp(Duration.ofMillis(3), Duration.ofDays(1), n));
        }
        for (int n = 0; n <= 70; n++) {
            assertThat(Backoff.exponential(Duration.ofSeconds(30), Duration.ofMinutes(30), 10).delay(n))
                    .isEqualTo(formerRelease(n));
        }
    }

    private static Duration formerRetryPolicy(RetryPolicy p, int failedTry, long seed) {
        int shift = Math.max(0, Math.min(failedTry - 1, 40));
        long millis;
        try {
            millis = Math.multiplyExact(p.delay().toMillis(), 1L << shift);
        } catch (ArithmeticException overflow) {
            millis = Long.MAX_VALUE / 4;
        }
        if (p.maxDelay() != null) {
            millis = Math.min(millis, p.maxDelay().toMillis());
        }
        if (p.jitter() && millis > 0) {
            long mixed = seed * 0x9E3779B97F4A7C15L + failedTry * 0xBF58476D1CE4E5B9L;
            mixed ^= (mixed >>> 31);
            double fraction = 0.5 + 0.5 * ((mixed >>> 11) * 0x1.0p-53);
            millis = (long) (millis * fraction);
        }
        return Duration.ofMillis(millis);
    }

    private static Duration formerSender(SenderSettings s, int attempts, long alertId) {
        int shift = Math.max(0, Math.min(attempts - 1, 30));
        long millis = Math.min(s.maxBackoff().toMillis(), s.initialBackoff().toMillis() * (1L << shift));
        long spread = Math.floorMod(alertId * 0x9E3779B97F4A7C15L, 1000L);
        return Duration.ofMillis(millis - millis * spread / 5000);
    }

    private static Duration formerHttp(Duration base, Duration maxWait, int failedAttempt) {
        long millis = base.toMillis() << Math.min(failedAttempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxWait.toMillis()));
    }

    private static Duration formerRelease(int tries) {
        Duration d = Duration.ofSeconds(30).multipliedBy(1L << Math.min(Math.max(tries - 1, 0), 10));
        return d.compareTo(Duration.ofMinutes(30)) > 0 ? Duration.ofMinutes(30) : d;
    }
}
