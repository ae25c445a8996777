package io.pipeline.alert.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one delivery attempt.
 *
 * @param httpStatus null when no HTTP response was received
 * @param error      what went wrong (the Slack error code or HTTP status and body excerpt), null on success
 * @param retryAfter for {@link Outcome#RATE_LIMITED}: how long the server asked us to wait
 */
public record DeliveryResult(Outcome outcome, Integer httpStatus, String error, Duration retryAfter) {

    private static final int MAX_ERROR = 500;

    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.RATE_LIMITED) {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
        if (error != null && error.length() > MAX_ERROR) {
            error = error.substring(0, MAX_ERROR) + "…";
        }
    }

    public enum Outcome {
        DELIVERED, RETRYABLE, TIMEOUT, RATE_LIMITED, PERMANENT, NOT_CONFIGURED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** A later attempt with the same configuration may succeed. */
        public boolean isRetryable() {
            return this == RETRYABLE || this == TIMEOUT || this == RATE_LIMITED;
        }
    }

    public static DeliveryResult delivered(int httpStatus) {
        return new DeliveryResult(Outcome.DELIVERED, httpStatus, null, null);
    }

    public static DeliveryResult retryable(Integer httpStatus, String error) {
        return new DeliveryResult(Outcome.RETRYABLE, httpStatus, error, null);
    }

    public static DeliveryResult timeout(String error) {
        return new DeliveryResult(Outcome.TIMEOUT, null, error, null);
    }

    public static DeliveryResult rateLimited(int httpStatus, Duration retryAfter, String error) {
        return new DeliveryResult(Outcome.RATE_LIMITED, httpStatus, error, retryAfter);
    }

    /** Fails the same way until someone fixes the configuration (bad token, unknown channel, rejected payload). */
    public static DeliveryResult permanent(Integer httpStatus, String error) {
        return new DeliveryResult(Outcome.PERMANENT, httpStatus, error, null);
    }

    /** Not attempted: the alert lacks what this notifier needs (e.g. no channel and no default channel). */
    public static DeliveryResult notConfigured(String problem) {
        return new DeliveryResult(Outcome.NOT_CONFIGURED, null, problem, null);
    }

    public boolean isDelivered() {
        return outcome == Outcome.DELIVERED;
    }
}
