package io.pipeline.dag.alert;

import java.time.Duration;

/** Short human forms of durations for messages: {@code 1h 5m}, {@code 42m}, {@code 30s}. */
public final class Durations {

    private Durations() {
    }

    public static String humanize(Duration d) {
        long seconds = Math.abs(d.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        append(sb, days, "d");
        append(sb, hours, "h");
        append(sb, minutes, "m");
        if (days == 0 && hours == 0) {
            append(sb, secs, "s");
        }
        if (sb.isEmpty() || sb.toString().equals("-")) {
            return d.toMillis() == 0 ? "0s" : Math.abs(d.toMillis()) + "ms";
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, long value, String unit) {
        if (value > 0) {
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '-') {
                sb.append(' ');
            }
            sb.append(value).append(unit);
        }
    }
}
