package io.pipeline.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * An operator's change to one date of a calendar, in the exchange's local time: the exchange is closed that day
 * ({@link Kind#CLOSED}), or trades with these hours ({@link Kind#HOURS}; an optional lunch break). Applied by
 * compiling the calendar again with the override in place ({@link CalendarRegistry#applyOverrides}), never by a
 * lookup on each query.
 *
 * @param open       for HOURS: the local open time; on the calendar day before {@code date} when the exchange's
 *                   regular session opens the evening before (CMES)
 * @param close      for HOURS: the local close time on {@code date}
 * @param breakStart for HOURS: start of the lunch break, or null (then {@code breakEnd} is null too)
 * @param reason     why (a national day of mourning, a system failure); the closure's name for CLOSED
 */
public record CalendarOverride(LocalDate date, Kind kind, LocalTime open, LocalTime close, LocalTime breakStart,
                               LocalTime breakEnd, String reason) {

    public enum Kind {
        CLOSED, HOURS;

        /** {@code closed} or {@code hours}, as the API and the database spell it. */
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The kind spelled {@code closed} or {@code hours}; IllegalArgumentException naming the valid values. */
        public static Kind of(String value) {
            for (Kind k : values()) {
                if (k.value().equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind must be 'closed' or 'hours', got '" + value + "'");
        }
    }

    /** Checks what needs no calendar: the fields a kind needs and forbids, and the order of the times. */
    public CalendarOverride {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required: say why the calendar changes on " + date);
        }
        if (kind == Kind.CLOSED) {
            if (open != null || close != null || breakStart != null || breakEnd != null) {
                throw new IllegalArgumentException("a 'closed' override takes no open, close or break times");
            }
        } else {
            if (open == null || close == null) {
                throw new IllegalArgumentException("an 'hours' override needs both open and close");
            }
            if ((breakStart == null) != (breakEnd == null)) {
                throw new IllegalArgumentException("break_start and break_end go together: give both or neither");
            }
            if (breakStart != null && !breakEnd.isAfter(breakStart)) {
                throw new IllegalArgumentException("break_end " + breakEnd + " is not after break_start "
                        + breakStart);
            }
        }
    }

    public static CalendarOverride closed(LocalDate date, String reason) {
        return new CalendarOverride(date, Kind.CLOSED, null, null, null, null, reason);
    }

    public static CalendarOverride hours(LocalDate date, LocalTime open, LocalTime close, String reason) {
        return new CalendarOverride(date, Kind.HOURS, open, close, null, null, reason);
    }

    public boolean hasBreak() {
        return breakStart != null;
    }
}
