package io.pipeline.schedule;

import java.time.Duration;

/** Offsets in words: {@code "30 min after the XNYS close"}, {@code "1 h 15 min before ..."}. */
final class Offsets {

    private Offsets() {
    }

    /** Longest offset before an event: the catchup-off search looks a week ahead of now. */
    static final Duration MAX_BEFORE = Duration.ofDays(7);

    static Duration checked(Duration offset) {
        java.util.Objects.requireNonNull(offset, "offset");
        if (offset.compareTo(MAX_BEFORE.negated()) <= 0) {
            throw new InvalidScheduleException("an offset of " + amount(offset.abs())
                    + " before the event is too far; it must be less than 7 days");
        }
        return offset;
    }

    static String words(Duration offset, String anchor) {
        if (offset.isZero()) {
            return "at " + anchor;
        }
        return amount(offset.abs()) + (offset.isNegative() ? " before " : " after ") + anchor;
    }

    /** {@code "+PT30M"}, {@code "-PT1H"}, or empty for zero. */
    static String signed(Duration offset) {
        return offset.isZero() ? "" : (offset.isNegative() ? "-" + offset.negated() : "+" + offset);
    }

    static String amount(Duration d) {
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            out.append(days).append(days == 1 ? " day " : " days ");
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append(" h ");
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append(" min ");
        }
        if (d.toSecondsPart() > 0) {
            out.append(d.toSecondsPart()).append(" s ");
        }
        return out.toString().trim();
    }
}
