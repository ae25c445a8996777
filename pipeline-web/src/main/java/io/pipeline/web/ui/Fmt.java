package io.pipeline.web.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the dashboard writes instants and durations: UTC, to the second; durations as {@code 1h 02m 05s}. */
public final class Fmt {

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private Fmt() {
    }

    /** {@code 2025-01-02 23:30:00 UTC}; empty for null. */
    public static String instant(Instant t) {
        return t == null ? "" : INSTANT.format(t);
    }

    /** {@code 2025-01-02 23:30}, for narrow columns. */
    public static String shortInstant(Instant t) {
        return t == null ? "" : SHORT.format(t);
    }

    /** {@code 45.2s}, {@code 3m 05s}, {@code 2h 01m}; empty for null. */
    public static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        boolean negative = d.isNegative();
        Duration a = d.abs();
        String text;
        if (a.toMinutes() == 0) {
            text = String.format("%.1fs", a.toMillis() / 1000.0);
        } else if (a.toHours() == 0) {
            text = String.format("%dm %02ds", a.toMinutes(), a.toSecondsPart());
        } else {
            text = String.format("%dh %02dm", a.toHours(), a.toMinutesPart());
        }
        return negative ? "-" + text : text;
    }

    public static String duration(Instant start, Instant end) {
        return start == null || end == null ? "" : duration(Duration.between(start, end));
    }
}
