package io.pipeline.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * A claimed outbox row: one alert for one notifier.
 *
 * @param retryingSince when the current series of attempts began: creation, or the operator's last re-send
 */
public record OutboxRow(long id, Instant retryingSince, String notifier, String channel, int attempts,
                        AlertPayload payload) {
    public OutboxRow {
        Objects.requireNonNull(retryingSince, "retryingSince");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(payload, "payload");
    }
}
