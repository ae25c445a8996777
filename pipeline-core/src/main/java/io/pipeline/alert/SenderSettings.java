package io.pipeline.alert;

import io.pipeline.retry.Backoff;

import java.time.Duration;
import java.util.Objects;

/**
 * How the alert sender paces itself ({@code pipeline.alerts.sender.*}).
 *
 * @param pollInterval      how often the background loop looks for due alerts when nothing wakes it
 * @param parallelism       deliveries in flight at once (each holds a database connection while it waits for HTTP)
 * @param initialBackoff    delay after the first failed attempt; doubled per further attempt
 * @param maxBackoff        cap of that delay
 * @param giveUpAfter       an alert still failing with retryable errors this long after it was created becomes
 *                          undeliverable (an operator can re-send it)
 * @param notConfiguredWait how long an alert that lacks configuration (e.g. no channel) waits before it is looked
 *                          at again
 */
public record SenderSettings(Duration pollInterval, int parallelism, Duration initialBackoff, Duration maxBackoff,
                             Duration giveUpAfter, Duration notConfiguredWait) {

    public SenderSettings {
        positive(pollInterval, "poll-interval");
        positive(initialBackoff, "initial-backoff");
        positive(maxBackoff, "max-backoff");
        positive(giveUpAfter, "give-up-after");
        positive(notConfiguredWait, "not-configured-wait");
        if (parallelism < 1) {
            throw new IllegalArgumentException("pipeline.alerts.sender.parallelism must be >= 1, got " + parallelism);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("pipeline.alerts.sender.max-backoff " + maxBackoff
                    + " is shorter than initial-backoff " + initialBackoff);
        }
    }

    public static SenderSettings defaults() {
        return new SenderSettings(Duration.ofSeconds(1), 4, Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(24), Duration.ofMinutes(1));
    }

    /**
     * Delay before the attempt after {@code attempts} failed ones: initial * 2^(attempts-1), capped, less a
     * deterministic spread of up to 20% (from the alert id) so that alerts that failed together do not retry in
     * lockstep.
     */
    public Duration backoff(int attempts, long alertId) {
        return Backoff.exponential(initialBackoff, maxBackoff, 30).withJitter(Backoff.Jitter.UP_TO_A_FIFTH_LESS)
                .delay(attempts, alertId);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("pipeline.alerts.sender." + name + " must be positive, got " + d);
        }
    }
}
