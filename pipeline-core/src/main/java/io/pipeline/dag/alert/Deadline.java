package io.pipeline.dag.alert;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * When a DAG run or task must have succeeded (Airflow's SLA). Three kinds: a wall-clock time on the run's day, a
 * duration after the data interval ends, or a duration after the session close of a trading calendar.
 */
public sealed interface Deadline permits Deadline.ByLocalTime, Deadline.AfterIntervalEnd, Deadline.AfterSessionClose {

    /** The instant by which the run (or task) must have succeeded. */
    Instant dueAt(RunDates run, CalendarLookup calendars);

    /** Human-readable form, shown in alerts, e.g. {@code by 18:00 America/New_York}. */
    String describe();

    /** Succeeded by {@code time} in {@code zone} on the run's day (its session, else its logical date's UTC date). */
    static Deadline by(LocalTime time, ZoneId zone) {
        return new ByLocalTime(time, zone);
    }

    /** Parses {@code "HH:mm"} and an IANA zone id, e.g. {@code by("18:00", "America/New_York")}. */
    static Deadline by(String hhmm, String zone) {
        LocalTime time;
        try {
            time = LocalTime.parse(hhmm);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("deadline time '" + hhmm + "' is not HH:mm", e);
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("deadline zone '" + zone + "' is not an IANA time-zone id", e);
        }
        return new ByLocalTime(time, zoneId);
    }

    /** Succeeded within {@code within} after the run's data interval ends. */
    static Deadline afterIntervalEnd(Duration within) {
        return new AfterIntervalEnd(within);
    }

    /** Succeeded within {@code within} after the close of the run's session on calendar {@code calendarCode}. */
    static Deadline afterSessionClose(Duration within, String calendarCode) {
        return new AfterSessionClose(within, calendarCode);
    }

    record ByLocalTime(LocalTime time, ZoneId zone) implements Deadline {
        public ByLocalTime {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(zone, "zone");
        }

        /**
         * A wall-clock time that a DST gap skips resolves to the same time after the shift (02:30 becomes 03:30 EDT);
         * an ambiguous one in a DST overlap resolves to its earlier instant (java.time's rules).
         */
        @Override
        public Instant dueAt(RunDates run, CalendarLookup calendars) {
            return ZonedDateTime.of(run.day(), time, zone).toInstant();
        }

        @Override
        public String describe() {
            return "by " + time + " " + zone.getId();
        }
    }

    record AfterIntervalEnd(Duration within) implements Deadline {
        public AfterIntervalEnd {
            requireNonNegative(within);
        }

        @Override
        public Instant dueAt(RunDates run, CalendarLookup calendars) {
            return run.dataInterval().end().plus(within);
        }

        @Override
        public String describe() {
            return "within " + Durations.humanize(within) + " after the data interval ends";
        }
    }

    record AfterSessionClose(Duration within, String calendarCode) implements Deadline {
        public AfterSessionClose {
            requireNonNegative(within);
            if (calendarCode == null || calendarCode.isBlank()) {
                throw new IllegalArgumentException("deadline after session close needs a calendar code");
            }
        }

        /** The run's session; a run whose day is not a session is held to the next session's close. */
        @Override
        public Instant dueAt(RunDates run, CalendarLookup calendars) {
            ExchangeCalendar calendar = calendars.get(calendarCode);
            LocalDate day = run.day();
            LocalDate session = calendar.isSession(day) ? day : calendar.nextSession(day);
            return calendar.sessionClose(session).plus(within);
        }

        @Override
        public String describe() {
            return "within " + Durations.humanize(within) + " after the " + calendarCode + " close";
        }
    }

    private static void requireNonNegative(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.isNegative()) {
            throw new IllegalArgumentException("deadline duration must not be negative, got " + within);
        }
    }
}
