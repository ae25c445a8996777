package io.pipeline.web.calendar;

import io.pipeline.calendar.ExchangeCalendar;

import java.time.LocalDate;

/**
 * Checks a requested session range before asking the calendar, so that the error names the parameter (CLI option or
 * query parameter) as the user wrote it, and the calendar's bounds.
 */
public final class SessionRange {

    private SessionRange() {
    }

    /** @throws InvalidSessionRangeException naming {@code fromName}/{@code toName} and the calendar's bounds */
    public static void check(ExchangeCalendar calendar, LocalDate from, LocalDate to, String fromName, String toName) {
        if (from.isAfter(to)) {
            throw new InvalidSessionRangeException(fromName + " " + from + " is after " + toName + " " + to);
        }
        String bounds = "calendar " + calendar.code() + " covers sessions " + calendar.firstSession() + " to "
                + calendar.lastSession();
        if (from.isBefore(calendar.firstSession())) {
            throw new InvalidSessionRangeException(fromName + " " + from + " is out of bounds: " + bounds);
        }
        if (to.isAfter(calendar.lastSession())) {
            throw new InvalidSessionRangeException(toName + " " + to + " is out of bounds: " + bounds);
        }
    }

    /** A reversed or out-of-bounds range; bad input (CLI exit 2, API 400). */
    public static class InvalidSessionRangeException extends IllegalArgumentException {
        public InvalidSessionRangeException(String message) {
            super(message);
        }
    }
}
