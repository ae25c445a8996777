package io.pipeline.calendar;

import java.time.LocalDate;

/** A date or instant outside the range a calendar supports. Never answered with a guess. */
public class CalendarOutOfBoundsException extends IllegalArgumentException {
    public CalendarOutOfBoundsException(String code, Object requested, LocalDate first, LocalDate last) {
        super("calendar " + code + " covers sessions " + first + " to " + last + "; " + requested + " is outside that range");
    }
}
