package io.pipeline.alert.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
public final class RetryAfter {

    /** Used when a 429 carries no usable header; Slack documents one request per second per channel. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {
    }

    public static Duration parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        String v = header.trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException notSeconds) {
            try {
                d = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notDate) {
                return DEFAULT;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
